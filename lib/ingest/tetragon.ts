import { compact, get, int, isRecord, snake, str, toIsoTime } from "./adapter-utils";
import { fileFromArgs, flowFromArgs, hookArgs, legacyFlow, verdict } from "./tetragon-args";
import { processFlags, processTree, tetragonAgent } from "./tetragon-process";
import type { Adapter, EventKind, FileInfo, FlowInfo, NormalizedEvent, Severity } from "./types";

// Cilium Tetragon JSON export (GetEventsResponse): one top-level key names the event type.
// Mapping rules are documented in docs/formats/tetragon.md.

type Rec = Record<string, unknown>;

/** Policy hook events and the prefix their Vigil type gets. */
const HOOKS: Record<string, string> = {
  process_kprobe: "kprobe",
  process_tracepoint: "tracepoint",
  process_uprobe: "uprobe",
  process_lsm: "lsm",
  process_usdt: "usdt",
};

const LEGACY_SOCKET = new Set(["process_connect", "process_close", "process_listen", "process_accept"]);

/** Event types that describe the agent itself rather than a process. */
const AGENT_EVENTS = new Set(["process_throttle", "rate_limit_info", "test"]);

/** What the event says, before the envelope (time, agent, process tree) is added. */
interface Shape {
  kind: EventKind;
  type: string;
  severity: Severity;
  title: string;
  file?: FileInfo;
  flow?: FlowInfo;
  dnsNames?: string[];
  domain?: string;
  action?: string;
  outcome?: string;
  policyName?: string;
  flags?: string[];
}

function eventKey(item: Rec): string | undefined {
  return Object.keys(item).find(
    (k) => (k.startsWith("process_") || k === "rate_limit_info" || k === "test") && isRecord(item[k]),
  );
}

function occurredAt(root: Rec, key: string, ev: Rec): string | undefined {
  const own = toIsoTime(root.time) ?? toIsoTime(ev.time);
  // An exec happens at the process's start, so start_time stands in when the envelope has no time.
  if (own || key !== "process_exec") return own;
  return toIsoTime(get(ev, "process", "start_time"));
}

function binaryOf(ev: Rec): string {
  return str(get(ev, "process", "binary")) ?? "unknown process";
}

function target(file?: FileInfo, flow?: FlowInfo): string {
  if (file) return ` → ${file.path}`;
  const r = flow?.remote ?? flow?.local;
  if (r?.address) return ` → ${r.address}${r.port !== undefined ? `:${r.port}` : ""}`;
  return "";
}

function lifecycleShape(key: string, ev: Rec): Shape {
  const binary = binaryOf(ev);
  if (key === "process_exec") {
    return { kind: "infos", type: key, severity: "low", title: `exec ${binary}` };
  }
  const signal = str(ev.signal);
  const status = int(ev.status) ?? 0;
  // proto3 JSON omits a zero status, so "no status and no signal" is a clean exit.
  const outcome = signal ? "killed" : status !== 0 ? "failure" : "success";
  const how = signal ? ` (${signal})` : status !== 0 ? ` (status ${status})` : "";
  return { kind: "infos", type: key, severity: "low", title: `exit ${binary}${how}`, outcome };
}

function hookFunction(key: string, ev: Rec): string | undefined {
  if (key === "process_tracepoint") {
    const parts = [str(ev.subsys), str(ev.event)].filter((p) => p !== undefined);
    return parts.length > 0 ? parts.join("/") : undefined;
  }
  if (key === "process_uprobe") return str(ev.symbol) ?? str(ev.path);
  if (key === "process_usdt") {
    const parts = [str(ev.provider), str(ev.name)].filter((p) => p !== undefined);
    return parts.length > 0 ? parts.join(":") : undefined;
  }
  return str(ev.function_name);
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((t): t is string => typeof t === "string" && t.length > 0) : [];
}

function hookShape(key: string, ev: Rec): Shape {
  const fn = hookFunction(key, ev);
  const args = hookArgs(ev);
  const file = fn ? fileFromArgs(fn, args) : undefined;
  const flow = flowFromArgs(fn ?? "", args, ev.return);
  const { action, outcome, enforced } = verdict(ev);
  const policyName = str(ev.policy_name);
  const kind: EventKind = enforced ? "detections" : flow ? "flows" : policyName ? "detections" : "infos";
  const severity: Severity = enforced ? "high" : policyName ? "medium" : "low";
  const type = fn ? snake(`${HOOKS[key]}_${fn}`) : key;
  const title = str(ev.message) ?? `${fn ?? key} by ${binaryOf(ev)}${target(file, flow)}`;
  const flags = [...(enforced ? ["blocked"] : []), ...stringList(ev.tags)];
  return { kind, type, severity, title, file, flow, action, outcome, policyName, flags };
}

function legacySocketShape(key: string, ev: Rec): Shape {
  const flow = legacyFlow(key, ev);
  const verb = key.replace(/^process_/, "");
  return { kind: "flows", type: key, severity: "low", title: `${verb} ${binaryOf(ev)}${target(undefined, flow)}`, flow };
}

/** DNS chain in Garnet order: [IP, CNAME_N, …, CNAME_1, original_domain]. */
function dnsShape(ev: Rec): Shape {
  const query = str(get(ev, "dns", "query"))?.replace(/\.$/, "");
  const ips = stringList(get(ev, "dns", "ips"));
  const cnames = stringList(get(ev, "dns", "names"))
    .map((n) => n.replace(/\.$/, ""))
    .filter((n) => n !== query);
  const chain = [...ips.slice(0, 1), ...cnames.reverse(), ...(query ? [query] : [])];
  const flow = ips[0] ? compact<FlowInfo>({ remote: { address: ips[0], names: chain } }) : undefined;
  return {
    kind: "flows",
    type: "process_dns",
    severity: "low",
    title: `dns ${query ?? "query"} by ${binaryOf(ev)}`,
    flow,
    dnsNames: chain.length > 0 ? chain : undefined,
    domain: query,
  };
}

function loaderShape(ev: Rec): Shape {
  const path = str(ev.path);
  const file = path ? { path, operation: "load" } : undefined;
  return { kind: "infos", type: "process_loader", severity: "low", title: `load by ${binaryOf(ev)}${target(file)}`, file };
}

function agentEventShape(key: string, ev: Rec): Shape {
  if (key === "process_throttle") {
    const what = str(ev.type) ?? "THROTTLE_UNKNOWN";
    return { kind: "infos", type: key, severity: "low", title: `${what} cgroup ${str(ev.cgroup) ?? "unknown"}` };
  }
  if (key === "rate_limit_info") {
    const dropped = str(ev.number_of_dropped_process_events) ?? "0";
    return { kind: "infos", type: key, severity: "low", title: `rate limit: ${dropped} process events dropped` };
  }
  return { kind: "infos", type: snake(key), severity: "low", title: key };
}

function shapeOf(key: string, ev: Rec): Shape {
  if (key === "process_exec" || key === "process_exit") return lifecycleShape(key, ev);
  if (key in HOOKS) return hookShape(key, ev);
  if (LEGACY_SOCKET.has(key)) return legacySocketShape(key, ev);
  if (key === "process_dns") return dnsShape(ev);
  if (key === "process_loader") return loaderShape(ev);
  if (AGENT_EVENTS.has(key)) return agentEventShape(key, ev);
  return { kind: "infos", type: snake(key), severity: "low", title: `${key} ${binaryOf(ev)}` };
}

export const adaptTetragon: Adapter = (item) => {
  if (!isRecord(item)) return { ok: false, error: "tetragon: item must be a JSON object" };
  const key = eventKey(item);
  if (!key) {
    return { ok: false, error: "tetragon: no event field (process_exec, process_exit, process_kprobe, …) holding an object" };
  }
  const ev = item[key] as Rec;
  if (!AGENT_EVENTS.has(key) && !isRecord(ev.process)) {
    return { ok: false, error: `tetragon: ${key}.process is missing or not an object` };
  }
  const occurred = occurredAt(item, key, ev);
  if (!occurred) return { ok: false, error: `tetragon: time is missing or not a valid timestamp (${key})` };

  const { flags, ...shape } = shapeOf(key, ev);
  const tree = processTree(ev);
  const allFlags = [...new Set([...(flags ?? []), ...processFlags(ev.process)])];
  const event: NormalizedEvent = compact<NormalizedEvent>({
    occurredAt: occurred,
    ...shape,
    agent: tetragonAgent(item, ev.process),
    process: tree.process,
    parent: tree.parent,
    ancestors: tree.ancestors,
    flags: allFlags,
  });
  // compact drops an empty agent; the contract requires the key.
  return { ok: true, events: [{ ...event, agent: event.agent ?? {} }] };
};
