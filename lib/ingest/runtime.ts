import type { Adapter, AdapterItemResult, AgentContext, EventKind, FileInfo, FlowInfo } from "./types";
import type { NormalizedEvent, ProcessInfo, Severity } from "./types";
import { SEVERITIES } from "./types";
import { compact, int, isRecord, lower, snake, str, toIsoTime } from "./adapter-utils";

// Runtime rule-engine events (seed 002): {event_type, process:{exec_path, argv, ancestors}, payload:{…}},
// optionally wrapped with envelope fields a real sender adds (id, timestamp, rule_id, action, agent …).
// See docs/formats/runtime.md for the field table.

type Rec = Record<string, unknown>;
type Fail = { ok: false; error: string };

interface Detail {
  type?: string;
  kind: EventKind;
  summary: string;
  flow?: FlowInfo;
  file?: FileInfo;
  domain?: string;
  flags?: string[];
  highRisk?: boolean;
}

const fail = (error: string): Fail => ({ ok: false, error });
const rec = (v: unknown): Rec => (isRecord(v) ? v : {});
const absent = (v: unknown) => v === undefined || v === null;

/** Reads typed payload fields; remembers the first type error so the adapter can return it. */
class FieldReader {
  error?: string;
  constructor(
    private readonly obj: Rec,
    private readonly prefix: string,
  ) {}

  private fail(message: string): undefined {
    this.error = this.error ?? `${this.prefix}${message}`;
    return undefined;
  }

  string(key: string, required = false): string | undefined {
    const v = this.obj[key];
    if (absent(v) || v === "") return required ? this.fail(`${key} is required`) : undefined;
    return typeof v === "string" ? v : this.fail(`${key} must be a string`);
  }

  bool(key: string): boolean | undefined {
    const v = this.obj[key];
    if (absent(v)) return undefined;
    return typeof v === "boolean" ? v : this.fail(`${key} must be a boolean`);
  }

  int(key: string): number | undefined {
    const v = this.obj[key];
    if (absent(v)) return undefined;
    return typeof v === "number" && Number.isInteger(v) ? v : this.fail(`${key} must be an integer`);
  }
}

const by = (exe: string | undefined) => (exe ? ` by ${exe}` : "");

const PAYLOADS = new Map<string, (r: FieldReader, exe: string | undefined) => Detail>([
  [
    "process_exec",
    (r, exe) => {
      const memfd = r.bool("is_memfd") === true;
      return { kind: "infos", summary: `exec ${exe ?? "?"}${memfd ? " (memfd)" : ""}`, flags: memfd ? ["memfd"] : [], highRisk: memfd };
    },
  ],
  [
    "network_connect",
    (r, exe) => {
      const address = r.string("remote_ip", true);
      const port = r.int("remote_port");
      const protocol = r.string("protocol");
      const family = lower(r.string("family"));
      const ipVersion = family === "ipv4" ? 4 : family === "ipv6" ? 6 : undefined;
      const target = `${address}${port !== undefined ? `:${port}` : ""}`;
      return {
        type: "flow", // Garnet's metadata name for a network flow
        kind: "flows",
        summary: `connect ${protocol ? `${protocol} ` : ""}${target}${by(exe)}`,
        flow: compact({ protocol, ipVersion, remote: compact({ address, port }), direction: "egress" }),
        flags: ["event:network_connect"],
      };
    },
  ],
  [
    "unix_socket_connect",
    (r, exe) => {
      const path = r.string("path", true);
      const socketType = r.string("socket_type");
      const flags = [socketType && `socket:${socketType}`, r.bool("is_abstract") === true && "abstract"];
      return { kind: "infos", summary: `connect unix socket ${path}${by(exe)}`, file: compact({ path: path ?? "", operation: "connect" }), flags: strings(flags) };
    },
  ],
  [
    "file_open",
    (r, exe) => {
      const path = r.string("path", true);
      const read = r.bool("is_read") === true;
      const write = r.bool("is_write") === true;
      const openFlags = r.int("flags");
      const operation = write ? "write" : read ? "read" : "open";
      const file = compact({ path: path ?? "", operation, flags: openFlags === undefined ? undefined : String(openFlags) });
      return { kind: "infos", summary: `open ${path} for ${operation}${by(exe)}`, file, flags: strings([read && "read", write && "write"]) };
    },
  ],
  [
    "file_remove",
    (r, exe) => {
      const path = r.string("path", true);
      const folder = r.bool("is_folder") === true;
      return { kind: "infos", summary: `remove ${path}${by(exe)}`, file: { path: path ?? "", operation: "remove" }, flags: folder ? ["directory"] : [] };
    },
  ],
  [
    "file_move",
    (r, exe) => {
      const from = r.string("from_path", true);
      const to = r.string("to_path", true);
      return { kind: "infos", summary: `move ${from} to ${to}${by(exe)}`, file: compact({ path: from ?? "", operation: "rename", targetPath: to }) };
    },
  ],
  [
    "file_link",
    (r, exe) => {
      const created = r.string("created_path", true);
      const existing = r.string("existing_path", true);
      const hard = r.bool("is_hardlink") === true;
      const sym = r.bool("is_symlink") === true;
      const what = sym ? "symlink" : hard ? "hardlink" : "link";
      const file = compact({ path: created ?? "", operation: "link", targetPath: existing });
      return { kind: "infos", summary: `${what} ${created} -> ${existing}${by(exe)}`, file, flags: strings([hard && "hardlink", sym && "symlink"]) };
    },
  ],
  [
    "domain",
    (r, exe) => {
      const domain = r.string("domain", true);
      const source = r.string("source");
      return { kind: "flows", summary: `domain ${domain}${source ? ` via ${source}` : ""}${by(exe)}`, domain, flags: source ? [`source:${source}`] : [] };
    },
  ],
]);

function strings(values: unknown[]): string[] {
  return values.filter((v): v is string => typeof v === "string" && v.length > 0);
}

function readProcess(v: unknown, label: string, withAncestors: boolean): { process?: ProcessInfo; ancestors: ProcessInfo[] } | Fail {
  if (absent(v)) return { ancestors: [] };
  if (!isRecord(v)) return fail(`${label} must be an object`);
  const r = new FieldReader(v, `${label}.`);
  const exe = r.string("exec_path");
  if (r.error) return fail(r.error);
  if (!absent(v.argv) && !(Array.isArray(v.argv) && v.argv.every((a) => typeof a === "string"))) {
    return fail(`${label}.argv must be an array of strings`);
  }
  const argv = Array.isArray(v.argv) ? (v.argv as string[]) : [];
  const process = compact({ exe, args: argv.length > 0 ? argv.join(" ") : undefined, pid: int(v.pid), ppid: int(v.ppid), uid: int(v.uid) });
  if (!withAncestors || absent(v.ancestors)) return { process, ancestors: [] };
  if (!Array.isArray(v.ancestors)) return fail(`${label}.ancestors must be an array`);
  const ancestors: ProcessInfo[] = [];
  for (const [i, a] of v.ancestors.entries()) {
    const parsed = readProcess(a, `${label}.ancestors[${i}]`, false);
    if ("ok" in parsed) return parsed;
    if (!isRecord(a)) return fail(`${label}.ancestors[${i}] must be an object`);
    ancestors.push(parsed.process ?? {});
  }
  return { process, ancestors };
}

function readTime(item: Rec, now: Date): { iso: string; received: boolean } | Fail {
  for (const key of ["timestamp", "time"]) {
    const v = item[key];
    if (absent(v) || v === "") continue;
    const iso = toIsoTime(v);
    return iso ? { iso, received: false } : fail(`${key} is not a valid time`);
  }
  return { iso: now.toISOString(), received: true };
}

function agentContext(item: Rec): AgentContext {
  const a = rec(item.agent);
  const host = rec(item.host);
  const gh = rec(item.github);
  const k8s = isRecord(item.kubernetes) ? item.kubernetes : rec(item.k8s);
  const container = rec(item.container);
  const repo = item.repository;
  return compact({
    externalId: str(a.id) ?? str(item.agent_id),
    name: str(a.name),
    hostname: str(a.hostname) ?? (typeof item.host === "string" ? item.host : str(host.hostname) ?? str(host.name)) ?? str(item.hostname),
    os: str(a.os) ?? str(host.os),
    arch: str(a.arch) ?? str(host.arch),
    version: str(a.version),
    cluster: str(k8s.cluster),
    namespace: str(k8s.namespace),
    node: str(k8s.node),
    pod: str(k8s.pod),
    container: typeof item.container === "string" ? item.container : (str(container.name) ?? str(container.id)),
    image: str(container.image) ?? str(item.image),
    repository: str(gh.repository) ?? (isRecord(repo) ? (str(repo.full_name) ?? str(repo.name)) : str(repo)),
    workflow: str(gh.workflow) ?? str(item.workflow),
    job: str(gh.job) ?? str(item.job),
    runId: str(gh.run_id) ?? str(item.run_id),
  });
}

function severityOf(explicit: string | undefined, action: string | undefined, detail: Detail): Severity {
  const known = SEVERITIES.find((s) => s === explicit);
  if (known) return known;
  if (detail.highRisk) return "high";
  return action && action !== "collect" ? "medium" : "low";
}

export const adaptRuntime: Adapter = (item) => adaptRuntimeAt(item, new Date());

/** `now` is used only when the item carries no timestamp, so identity (a hash of the raw item) stays stable. */
export function adaptRuntimeAt(item: unknown, now: Date): AdapterItemResult {
  if (!isRecord(item)) return fail("item must be a JSON object");
  const eventType = item.event_type;
  if (absent(eventType) || eventType === "") return fail("event_type is required");
  if (typeof eventType !== "string") return fail("event_type must be a string");
  const proc = readProcess(item.process, "process", true);
  if ("ok" in proc) return proc;
  if (eventType === "process_exec" && !proc.process?.exe) return fail("process.exec_path is required");
  if (!absent(item.payload) && !isRecord(item.payload)) return fail("payload must be an object");
  const time = readTime(item, now);
  if ("ok" in time) return time;
  const envelope = new FieldReader(item, "");
  const action = lower(envelope.string("action"));
  const ruleId = envelope.string("rule_id");
  const rulesetId = envelope.string("ruleset_id");
  if (envelope.error) return fail(envelope.error);

  const reader = new FieldReader(rec(item.payload), "payload.");
  const exe = proc.process?.exe;
  const detail = PAYLOADS.get(eventType)?.(reader, exe) ?? { kind: "infos" as const, summary: `${eventType}${by(exe)}` };
  if (reader.error) return fail(reader.error);

  // Anything the rule asked for beyond plain collection (detect, block, kill …) is a detection.
  const kind: EventKind = action && action !== "collect" ? "detections" : detail.kind;
  const flags = [
    ...(detail.flags ?? []),
    ...(rulesetId ? [`ruleset:${rulesetId}`] : []),
    ...(time.received ? ["received_time"] : []),
  ];
  const event: NormalizedEvent = {
    ...compact({
      sourceId: str(item.id) ?? str(item.event_id) ?? str(item.uuid),
      occurredAt: time.iso,
      kind,
      type: detail.type ?? snake(eventType),
      severity: severityOf(lower(item.severity), action, detail),
      title: ruleId ? `${ruleId}: ${detail.summary}` : detail.summary,
      agent: {},
      process: proc.process && Object.keys(proc.process).length > 0 ? proc.process : undefined,
      parent: proc.ancestors[0],
      ancestors: proc.ancestors,
      flow: detail.flow,
      domain: detail.domain,
      file: detail.file,
      action,
      policyName: ruleId,
      flags,
    }),
    agent: agentContext(item),
  };
  return { ok: true, events: [event] };
}
