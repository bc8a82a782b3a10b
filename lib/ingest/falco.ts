import { compact, int, isRecord, snake, str, toIsoTime } from "./adapter-utils";
import { containerOf, falcoAgent, falcoFile, falcoFlow, field, processTree, type Fields } from "./falco-fields";
import type { Adapter, EventKind, NormalizedEvent, Severity } from "./types";

// Falco JSON alerts (json_output: true), including gRPC-output shapes and metrics snapshots.
// Mapping rules are documented in docs/formats/falco.md.

type Rec = Record<string, unknown>;

/** Falco's priority scale, in the order of its gRPC enum (0 = emergency … 7 = debug). */
const PRIORITIES = ["emergency", "alert", "critical", "error", "warning", "notice", "informational", "debug"] as const;
type Priority = (typeof PRIORITIES)[number];

const SEVERITY: Record<Priority, Severity> = {
  emergency: "critical",
  alert: "critical",
  critical: "critical",
  error: "high",
  // Falco's stock rules put many real attack indicators at Warning (e.g. sensitive file reads),
  // but it sits below Error on Falco's own scale: a finding to triage, not an incident.
  warning: "medium",
  notice: "low",
  informational: "low",
  debug: "low",
};

const METRICS_RULE = "Falco internal: metrics snapshot";
const INTERNAL_PREFIX = "Falco internal:";

function priorityOf(v: unknown): Priority | undefined {
  const n = typeof v === "number" ? int(v) : undefined;
  if (n !== undefined) return PRIORITIES[n];
  const s = str(v)?.trim().toLowerCase();
  if (!s) return undefined;
  if (/^\d$/.test(s)) return PRIORITIES[Number(s)];
  if (s === "info") return "informational";
  return PRIORITIES.find((p) => p === s);
}

/** `time` is RFC 3339, or {seconds, nanos} from the gRPC output; evt.time (epoch ns) is the fallback. */
function occurredAt(item: Rec, f: Fields): string | undefined {
  const t = item.time;
  const seconds = isRecord(t) ? int(t.seconds) : undefined;
  const nanos = isRecord(t) ? (int(t.nanos) ?? 0) : 0;
  const grpc = seconds !== undefined ? toIsoTime(seconds * 1000 + Math.floor(nanos / 1e6)) : undefined;
  return grpc ?? toIsoTime(t) ?? toIsoTime(f["evt.time"]) ?? toIsoTime(field(f, "evt.time.iso8601"));
}

/** Lower-case first: rule names are titles ("Contact K8S API Server…"), not camelCase. */
export function ruleType(rule: string): string {
  return snake(rule.toLowerCase());
}

function classify(rule: string, priority: Priority): { kind: EventKind; type: string; severity: Severity } {
  if (rule === METRICS_RULE) return { kind: "infos", type: "falco_metrics", severity: "low" };
  // Other internal alerts (e.g. syscall event drops) are about the sensor, not an attack.
  const kind: EventKind = rule.startsWith(INTERNAL_PREFIX) ? "infos" : "detections";
  return { kind, type: ruleType(rule), severity: SEVERITY[priority] };
}

/** Tags as given, plus mitre:Txxxx for technique ids ("T1562-impair-defenses" → "mitre:T1562"). */
function flagsOf(item: Rec, f: Fields, kind: EventKind): string[] {
  const tags = Array.isArray(item.tags) ? item.tags.filter((t): t is string => typeof t === "string" && t !== "") : [];
  const mitre = tags.flatMap((t) => {
    const m = t.match(/^(T\d{4}(?:\.\d{3})?)\b/i);
    return m ? [`mitre:${m[1].toUpperCase()}`] : [];
  });
  const source = str(item.source);
  const extra = [
    ...(kind !== "infos" && containerOf(f) ? ["container"] : []),
    ...(source ? [`source:${source}`] : []),
  ];
  return [...new Set([...tags, ...mitre, ...extra])];
}

/** k8s_audit responses: 2xx went through, 401/403 were refused, other codes failed. */
function outcomeOf(f: Fields): string | undefined {
  const code = int(field(f, "ka.response.code"));
  if (code === undefined) return undefined;
  if (code >= 200 && code < 300) return "success";
  return code === 401 || code === 403 ? "denied" : "failure";
}

export const adaptFalco: Adapter = (item) => {
  if (!isRecord(item)) return { ok: false, error: "falco: item must be a JSON object" };
  const rule = typeof item.rule === "string" ? item.rule.trim() : "";
  if (!rule) return { ok: false, error: "falco: rule is missing or not a string" };
  if (item.output_fields !== undefined && item.output_fields !== null && !isRecord(item.output_fields)) {
    return { ok: false, error: "falco: output_fields must be an object" };
  }
  const f: Fields = isRecord(item.output_fields) ? item.output_fields : {};
  const priority = priorityOf(item.priority);
  if (!priority) {
    return { ok: false, error: "falco: priority is missing or not a Falco priority (Emergency … Debug)" };
  }
  const occurred = occurredAt(item, f);
  if (!occurred) return { ok: false, error: "falco: time is missing or not a valid timestamp" };

  const { kind, type, severity } = classify(rule, priority);
  const isMetrics = type === "falco_metrics";
  const tree = isMetrics ? {} : processTree(f);
  const event = compact<NormalizedEvent>({
    sourceId: str(item.uuid),
    occurredAt: occurred,
    kind,
    type,
    severity,
    title: rule,
    agent: falcoAgent(str(item.hostname), f),
    ...tree,
    flow: isMetrics ? undefined : falcoFlow(f),
    file: isMetrics ? undefined : falcoFile(f),
    outcome: outcomeOf(f),
    flags: flagsOf(item, f, kind),
  });
  return { ok: true, events: [{ ...event, agent: event.agent ?? {} }] };
};
