import { createHash } from "node:crypto";
import { networkDestinationOf } from "@/lib/events/destination";
import { SEVERITY_ORDER } from "@/lib/events/fields";

// Which events become issues, and which issue: the fingerprint of an event is its type, where it
// happened (the agent; or the Kubernetes workload; or the CI/CD repository and workflow) and its
// destination. Pure: used by ingest, the backfill and the tests. Documented in docs/formats.md.

/** The columns of an event that grouping reads (an EventRow, or a stored event). */
export interface GroupableEvent {
  kind: string;
  type: string;
  severity: string;
  sourceFormat: string;
  policyName: string | null;
  flags: string[];
  cluster: string | null;
  namespace: string | null;
  pod: string | null;
  repository: string | null;
  workflow: string | null;
  domain: string | null;
  dnsNames: string[];
  remoteAddress: string | null;
  remoteName?: string | null;
  filePath: string | null;
  processExe: string | null;
}

/** A flag a detection rule puts on the events it marks (rules arrive with the CEL rules issue). */
export const RULE_MATCH_FLAG_PREFIX = "rule:";

export function severityRank(severity: string): number {
  const i = (SEVERITY_ORDER as readonly string[]).indexOf(severity);
  return i < 0 ? 1 : i + 1;
}

/**
 * Whether an event deserves attention and so joins an issue: detections (which include
 * KubeArmor alerts with a matched policy, Falco alerts and Datadog Workload Protection rule
 * hits), events a detection rule marked, and anything of severity medium or above.
 */
export function deservesIssue(e: GroupableEvent): boolean {
  if (e.kind === "detections") return true;
  if (e.sourceFormat === "kubearmor" && e.policyName) return true;
  if (e.flags.some((f) => f.startsWith(RULE_MATCH_FLAG_PREFIX))) return true;
  return severityRank(e.severity) >= severityRank("medium");
}

export type DestinationKind = "domain" | "ip" | "file" | "exe";

/** The event's network destination (lib/events/destination.ts), else the file, else the executable. */
export function issueDestinationOf(e: GroupableEvent): { value: string; kind: DestinationKind } | null {
  const net = networkDestinationOf(e);
  if (net) return { value: net.value, kind: net.type };
  if (e.filePath) return { value: e.filePath, kind: "file" };
  if (e.processExe) return { value: e.processExe, kind: "exe" };
  return null;
}

/**
 * The workload a pod belongs to: the pod name without the suffixes its controller adds
 * (Deployment "web-7d4b9c6f5-x2k9p" and DaemonSet/Job "node-exporter-x2k9p" → "web",
 * "node-exporter"; StatefulSet "db-0" → "db").
 */
export function workloadOf(pod: string): string {
  // Kubernetes writes these suffixes in its "safe" alphabet: no vowels, no 0, 1 or 3.
  const deployment = pod.match(/^(.+)-[bcdfghjklmnpqrstvwxz2456789]{6,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  if (deployment) return deployment[1];
  const generated = pod.match(/^(.+)-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  if (generated) return generated[1];
  const ordinal = pod.match(/^(.+)-\d+$/);
  return ordinal ? ordinal[1] : pod;
}

export type IssueWhere =
  | { kind: "cicd"; repository: string; workflow: string | null }
  | { kind: "workload"; cluster: string | null; namespace: string | null; workload: string }
  | { kind: "agent"; agentKey: string };

export function whereOf(e: GroupableEvent, agentKey: string): IssueWhere {
  if (e.repository) return { kind: "cicd", repository: e.repository, workflow: e.workflow };
  if (e.pod) return { kind: "workload", cluster: e.cluster, namespace: e.namespace, workload: workloadOf(e.pod) };
  return { kind: "agent", agentKey };
}

export interface Fingerprinted {
  fingerprint: string;
  where: IssueWhere;
  destination: { value: string; kind: DestinationKind } | null;
  title: string;
}

export function fingerprintOf(e: GroupableEvent, agentKey: string): Fingerprinted {
  const where = whereOf(e, agentKey);
  const destination = issueDestinationOf(e);
  const parts = [e.type, JSON.stringify(where), destination ? `${destination.kind}:${destination.value}` : ""];
  return {
    fingerprint: createHash("sha256").update(JSON.stringify(parts)).digest("hex"),
    where,
    destination,
    title: issueTitle(e.type, destination?.value ?? null),
  };
}

const ACRONYMS = new Set(["dns", "ip", "tcp", "udp", "http", "https", "ssh", "tls", "k8s", "api", "cpu", "id", "uid", "pid", "ptrace", "memfd"]);

/** "dns_query", "evil.example" → "DNS query: evil.example". */
export function issueTitle(type: string, destination: string | null): string {
  const words = type
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[_\-.\s]+/)
    .filter(Boolean)
    .map((w) => (ACRONYMS.has(w.toLowerCase()) ? w.toUpperCase() : w.toLowerCase()));
  const human = words.length ? words[0][0].toUpperCase() + words.join(" ").slice(1) : type;
  const title = destination ? `${human}: ${destination}` : human;
  return title.length > 300 ? `${title.slice(0, 299)}…` : title;
}
