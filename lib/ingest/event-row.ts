import { networkDestinationOf } from "@/lib/events/destination";
import { boundedKey } from "./identity";
import { clip } from "./storable";
import type { AgentContext, NormalizedEvent, ProcessInfo, SourceFormat } from "./types";

// Pure mapping from a normalized event to the typed columns of the events table and the
// agent it belongs to. Kept free of I/O so the pipeline's SQL stays a thin set-based layer.

export interface AgentRow {
  externalKey: string;
  kind: "standalone" | "kubernetes" | "github";
  name: string;
  context: AgentContext;
}

export interface EventRow {
  eventKey: string;
  contentHash: string;
  /** Hash of the raw item's bytes, for one-event items (the replay fast path); else null. */
  rawHash: string | null;
  occurredAt: string;
  kind: string;
  type: string;
  severity: string;
  sourceFormat: SourceFormat;
  title: string | null;
  agentKey: string;
  cluster: string | null;
  namespace: string | null;
  node: string | null;
  pod: string | null;
  container: string | null;
  image: string | null;
  hostname: string | null;
  repository: string | null;
  workflow: string | null;
  processExe: string | null;
  processComm: string | null;
  processArgs: string | null;
  processPid: number | null;
  processPpid: number | null;
  processUid: number | null;
  parentExe: string | null;
  remoteAddress: string | null;
  remotePort: number | null;
  remoteName: string | null;
  protocol: string | null;
  domain: string | null;
  filePath: string | null;
  action: string | null;
  outcome: string | null;
  policyName: string | null;
  flags: string[];
  process: object | null;
  ancestry: object | null;
  flow: object | null;
  dnsNames: string[];
  /** The original domain, else the remote IP: what a block acts on. */
  destination: string | null;
  file: object | null;
}

/** Columns compared to report which fields an update changed. */
export const DIFFED_COLUMNS = [
  "occurredAt", "kind", "type", "severity", "title", "cluster", "namespace", "node", "pod", "container", "image",
  "hostname", "repository", "workflow", "processExe", "processArgs", "processPid", "processPpid", "processUid",
  "parentExe", "remoteAddress", "remotePort", "remoteName", "protocol", "domain", "filePath", "action", "outcome",
  "policyName", "flags",
] as const satisfies readonly (keyof EventRow)[];

const MAX_TEXT = 8192;

// A B-tree entry must fit in a third of a page. Real destinations are far shorter (a domain is at
// most 253 characters), so a longer one is junk that block and search need not find by index.
const MAX_DESTINATION_BYTES = 1024;

function indexableDestination(v: string | undefined): string | null {
  return v !== undefined && v !== "" && Buffer.byteLength(v) <= MAX_DESTINATION_BYTES ? v : null;
}

function text(v: string | undefined): string | null {
  if (v === undefined || v === "") return null;
  // Cap pathological sizes so one event cannot bloat an index page.
  return clip(v, MAX_TEXT);
}

function int32(v: number | undefined): number | null {
  return v !== undefined && Number.isInteger(v) && v >= -2147483648 && v <= 2147483647 ? v : null;
}

function json(v: object | undefined): object | null {
  if (v === undefined) return null;
  if (Array.isArray(v) && v.length === 0) return null;
  return v;
}

export function agentFor(format: SourceFormat, a: AgentContext): AgentRow {
  const kind = a.repository ? "github" : a.cluster || a.namespace || a.pod ? "kubernetes" : "standalone";
  let externalKey: string;
  if (a.externalId) externalKey = `id:${a.externalId}`;
  else if (kind === "github") externalKey = `github:${a.repository}:${a.runId ?? ""}:${a.job ?? ""}`;
  else if (kind === "kubernetes") externalKey = `k8s:${a.cluster ?? ""}:${a.node ?? a.hostname ?? ""}`;
  else if (a.hostname) externalKey = `host:${a.hostname}`;
  else externalKey = `unknown:${format}`;
  const name =
    a.name ?? a.hostname ?? a.node ?? (a.repository ? `${a.repository}${a.runId ? ` #${a.runId}` : ""}` : undefined) ?? `unknown ${format} agent`;
  return { externalKey: boundedKey(clip(externalKey, 1024)), kind, name: clip(name, 512), context: a };
}

function processJson(p: ProcessInfo | undefined, parent: ProcessInfo | undefined): object | null {
  if (!p && !parent) return null;
  return json({ ...(p ?? {}), ...(parent ? { parent } : {}) });
}

export function toEventRow(
  format: SourceFormat,
  e: NormalizedEvent,
  ids: { eventKey: string; contentHash: string; rawHash?: string | null; agentKey: string },
): EventRow {
  const a = e.agent;
  const remote = e.flow?.remote;
  const remoteAddress = text(remote?.address);
  const remoteName = text(remote?.name);
  const domain = text(e.domain?.toLowerCase());
  const dnsNames = (e.dnsNames ?? []).filter((n) => typeof n === "string" && n !== "").map((n) => clip(n, 1024));
  return {
    eventKey: ids.eventKey,
    contentHash: ids.contentHash,
    rawHash: ids.rawHash ?? null,
    occurredAt: e.occurredAt,
    kind: e.kind,
    type: text(e.type) ?? "unknown",
    severity: e.severity,
    sourceFormat: format,
    title: text(e.title),
    agentKey: ids.agentKey,
    cluster: text(a.cluster),
    namespace: text(a.namespace),
    node: text(a.node),
    pod: text(a.pod),
    container: text(a.container),
    image: text(a.image),
    hostname: text(a.hostname ?? a.node),
    repository: text(a.repository),
    workflow: text(a.workflow),
    processExe: text(e.process?.exe),
    processComm: text(e.process?.comm),
    processArgs: text(e.process?.args),
    processPid: int32(e.process?.pid),
    processPpid: int32(e.process?.ppid ?? e.parent?.pid),
    processUid: int32(e.process?.uid),
    parentExe: text(e.parent?.exe ?? e.ancestors?.[0]?.exe),
    remoteAddress,
    remotePort: int32(remote?.port),
    remoteName,
    protocol: text(e.flow?.protocol?.toLowerCase()),
    domain,
    filePath: text(e.file?.path),
    action: text(e.action),
    outcome: text(e.outcome),
    policyName: text(e.policyName),
    flags: [...new Set((e.flags ?? []).map((f) => clip(f, 256)))],
    process: processJson(e.process, e.parent),
    ancestry: json(e.ancestors),
    flow: json(e.flow),
    dnsNames,
    destination: indexableDestination(networkDestinationOf({ domain, dnsNames, remoteAddress, remoteName })?.value),
    file: json(e.file),
  };
}

export function changedColumns(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const changed: string[] = [];
  for (const col of DIFFED_COLUMNS) {
    const a = normalizeForDiff(before[col]);
    const b = normalizeForDiff(after[col]);
    if (a !== b) changed.push(col);
  }
  return changed;
}

function normalizeForDiff(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  if (v === undefined || v === null) return "";
  if (Array.isArray(v)) return JSON.stringify(v);
  if (typeof v === "string" && /^\d{4}-\d\d-\d\dT/.test(v)) {
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? v : d.toISOString();
  }
  return String(v);
}
