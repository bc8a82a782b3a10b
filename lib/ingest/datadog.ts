import { compact, get, isRecord, lower, snake, str } from "./adapter-utils";
import { agentContext, containerId, fileOf, flowOf, tagMap } from "./datadog-context";
import { latestEmbeddedTime, processTree, realTime } from "./datadog-process";
import type { Adapter, AdapterItemResult, EventKind, NormalizedEvent, Severity } from "./types";

// Datadog Workload Protection (CSM Threats) events, with or without the agent/title envelope
// (seed 001). Field mapping, severity and kind/type rules: docs/formats/datadog.md.

type Rec = Record<string, unknown>;

const OBJECT_FIELDS = [
  "evt", "agent", "process", "file", "network", "dns", "container", "usr", "exit", "bind", "connect",
  "accept", "signal", "ptrace", "bpf", "module", "mount", "imds", "mmap", "mprotect", "selinux",
] as const;

/** Rule ids the agent uses for its own health and bookkeeping events, not for threats. */
const AGENT_EVENTS = new Set([
  "ruleset_loaded", "heartbeat", "self_test", "events_lost_read", "events_lost_write", "noisy_process",
  "abnormal_path", "internal_core_dump", "policy_loaded",
]);

const INFO_TYPES: Record<string, string> = {
  exec: "process_exec", exit: "process_exit", fork: "process_fork", signal: "process_signal",
  ptrace: "process_ptrace", setuid: "process_setuid", setgid: "process_setgid", capset: "process_capset",
  chdir: "process_chdir", open: "file_open", unlink: "file_unlink", rename: "file_rename", chmod: "file_chmod",
  chown: "file_chown", link: "file_link", mkdir: "file_mkdir", rmdir: "file_rmdir", utimes: "file_utimes",
  setxattr: "file_setxattr", removexattr: "file_removexattr", splice: "file_splice", mmap: "memory_mmap",
  mprotect: "memory_mprotect", load_module: "kernel_module_load", unload_module: "kernel_module_unload",
  bpf: "bpf_command", selinux: "selinux_change",
};

const FLOW_TYPES: Record<string, string> = {
  dns: "dns_query", connect: "flow", accept: "flow", bind: "socket_bind", imds: "imds_request",
  raw_packet: "flow", network_flow_monitor: "flow",
};

const OUTCOMES: Record<string, string> = { success: "success", refused: "denied", error: "failure" };

/** Logs API rows nest the event as attributes.attributes beside the log's host, tags and timestamp. */
function unwrap(item: Rec): { event: Rec; envelope: Rec } {
  const outer = item.attributes;
  if (isRecord(outer) && isRecord(outer.attributes)) {
    return { event: outer.attributes, envelope: { ...outer, id: item.id } };
  }
  return { event: item, envelope: item };
}

function typeError(event: Rec): string | undefined {
  for (const field of OBJECT_FIELDS) {
    const v = event[field];
    if (v !== undefined && v !== null && !isRecord(v)) return `datadog: "${field}" must be an object`;
  }
  if (event.date !== undefined && typeof event.date !== "string") return `datadog: "date" must be an RFC 3339 string`;
  const ancestors = get(event, "process", "ancestors");
  if (ancestors !== undefined && ancestors !== null && !Array.isArray(ancestors)) {
    return `datadog: "process.ancestors" must be an array`;
  }
  for (const path of [["evt", "name"], ["agent", "rule_id"], ["title"]]) {
    const v = get(event, ...path);
    if (v !== undefined && v !== null && typeof v !== "string") return `datadog: "${path.join(".")}" must be a string`;
  }
  return undefined;
}

function classify(evtName: string | undefined, ruleId: string | undefined): { kind: EventKind; type: string } {
  if (ruleId) return { kind: AGENT_EVENTS.has(ruleId) ? "infos" : "detections", type: snake(ruleId) };
  const name = evtName ?? "unknown";
  if (FLOW_TYPES[name]) return { kind: "flows", type: FLOW_TYPES[name] };
  return { kind: "infos", type: INFO_TYPES[name] ?? snake(name) };
}

function killed(event: Rec): boolean {
  const actions = get(event, "agent", "rule_actions");
  if (!Array.isArray(actions)) return false;
  return actions.some((a) => isRecord(a) && lower(a.type) === "kill" && (a.status === undefined || lower(a.status) === "performed"));
}

/** Datadog has no numeric severity: the agent's kill or a refused attempt on a matched rule is high. */
function severityOf(kind: EventKind, outcome: string | undefined, wasKilled: boolean): Severity {
  if (wasKilled) return "high";
  if (kind !== "detections") return "low";
  return outcome === "denied" ? "high" : "medium";
}

function mitreFlags(tags: Map<string, string>, ruleTags: unknown[]): string[] {
  const values = [...[...tags].filter(([k]) => /technique|mitre/i.test(k)).map(([, v]) => v), ...ruleTags.map(String)];
  const found = values.flatMap((v) => v.match(/\bT\d{4}(?:\.\d{3})?\b/g) ?? []);
  return [...new Set(found)].map((t) => `mitre:${t}`);
}

function matchedRuleTags(event: Rec): unknown[] {
  const rules = get(event, "evt", "matched_rules");
  if (!Array.isArray(rules)) return [];
  return rules.flatMap((r) => {
    const tags = get(r, "tags");
    return Array.isArray(tags) ? tags : [];
  });
}

function titleOf(event: Rec, evtName: string | undefined, subject: string | undefined): string | undefined {
  const explicit = str(event.title) ?? str(get(event, "agent", "rule_id"));
  if (explicit) return explicit;
  if (!evtName) return undefined;
  return subject ? `${evtName} ${subject}` : evtName;
}

function occurredAt(event: Rec, envelope: Rec, now: () => Date): { at: string; received: boolean } {
  const at = realTime(event.date) ?? realTime(envelope.timestamp) ?? latestEmbeddedTime(event);
  return at ? { at, received: false } : { at: now().toISOString(), received: true };
}

function toEvent(event: Rec, envelope: Rec, now: () => Date): NormalizedEvent {
  const evtName = lower(get(event, "evt", "name"));
  const ruleId = str(get(event, "agent", "rule_id"));
  const { kind, type } = classify(evtName, ruleId);
  const outcome = OUTCOMES[lower(get(event, "evt", "outcome")) ?? ""];
  const wasKilled = killed(event);
  const tree = processTree(event.process);
  const usr = str(get(event, "usr", "id"));
  const processInfo = tree.process && !tree.process.user && usr ? { ...tree.process, user: usr } : tree.process;
  const { flow, domain } = flowOf(event, evtName);
  const file = fileOf(event, evtName);
  const time = occurredAt(event, envelope, now);
  const tags = tagMap(envelope.tags, envelope.ddtags, get(event, "container", "tags"));
  const flags = [
    ...(containerId(event) ? ["container"] : []),
    ...(wasKilled ? ["killed"] : []),
    ...(tree.truncated ? ["ancestors_truncated"] : []),
    ...mitreFlags(tags, matchedRuleTags(event)),
    ...(time.received ? ["time:received"] : []),
  ];
  const subject = file?.path ?? domain ?? flow?.remote?.address ?? processInfo?.exe;
  const normalized = compact<NormalizedEvent>({
    sourceId: str(envelope.id),
    occurredAt: time.at,
    kind,
    type,
    severity: severityOf(kind, outcome, wasKilled),
    title: titleOf(event, evtName, subject),
    agent: {},
    process: processInfo,
    parent: tree.parent,
    ancestors: tree.ancestors,
    flow,
    domain,
    file,
    action: wasKilled ? "kill" : kind === "detections" ? "audit" : undefined,
    outcome,
    policyName: str(get(event, "agent", "policy_name")),
    flags,
  });
  return { ...normalized, agent: agentContext(event, envelope, tags) };
}

function adapt(item: unknown, now: () => Date): AdapterItemResult {
  if (!isRecord(item)) {
    return { ok: false, error: `datadog: expected a JSON object, got ${Array.isArray(item) ? "an array" : item === null ? "null" : typeof item}` };
  }
  const { event, envelope } = unwrap(item);
  const error = typeError(event);
  if (error) return { ok: false, error };
  if (!str(get(event, "evt", "name")) && !str(get(event, "agent", "rule_id"))) {
    return { ok: false, error: `datadog: missing "evt.name" and "agent.rule_id": not a Workload Protection event` };
  }
  return { ok: true, events: [toEvent(event, envelope, now)] };
}

/** `now` is read only for events that carry no real timestamp at all; tests pass a fixed clock. */
export function createDatadogAdapter(now: () => Date = () => new Date()): Adapter {
  return (item) => {
    try {
      return adapt(item, now);
    } catch (e) {
      // Defensive only: the mapping is total, but an adapter must never throw into the pipeline.
      return { ok: false, error: `datadog: unreadable event (${e instanceof Error ? e.message : String(e)})` };
    }
  };
}

export const adaptDatadog: Adapter = createDatadogAdapter();
