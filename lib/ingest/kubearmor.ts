import { compact, int, isRecord, lower, severityFromScore, snake, str, toIsoTime } from "./adapter-utils";
import { isOtlpDocument, isOtlpLogRecord, otlpRecords } from "./kubearmor-otel";
import { fileOf, fileType, keyValues, networkDetails, syscallName, type KeyValues } from "./kubearmor-resource";
import type { Adapter, AdapterItemResult, AgentContext, EventKind, NormalizedEvent, ProcessInfo, Severity } from "./types";

// KubeArmor native JSON logs and alerts (seed 003), and the same records as OTLP/JSON logs from
// the KubeArmor otel-adapter. Field mapping, severity and kind/type rules: docs/formats/kubearmor.md.

type Rec = Record<string, unknown>;

const STRING_FIELDS = [
  "Type", "Operation", "UpdatedTime", "UpdatedTimeISO", "ClusterName", "HostName", "NamespaceName", "PodName",
  "Labels", "ContainerID", "ContainerName", "ContainerImage", "ParentProcessName", "ProcessName", "PolicyName",
  "Tags", "Message", "Source", "Resource", "Data", "Enforcer", "Action", "Result", "Cwd", "TTY", "UserName",
  "KubeArmorVersion",
];
const INT_FIELDS = ["HostPPID", "HostPID", "PPID", "PID", "UID"];
const OBJECT_FIELDS = ["EventData", "Owner", "ExecEvent"];

function present(v: unknown): boolean {
  return v !== undefined && v !== null;
}

function typeError(raw: Rec): string | undefined {
  const badString = STRING_FIELDS.find((f) => present(raw[f]) && typeof raw[f] !== "string");
  if (badString) return `"${badString}" must be a string`;
  const badInt = INT_FIELDS.find((f) => present(raw[f]) && int(raw[f]) === undefined);
  if (badInt) return `"${badInt}" must be an integer`;
  const badObject = OBJECT_FIELDS.find((f) => present(raw[f]) && !isRecord(raw[f]));
  if (badObject) return `"${badObject}" must be an object`;
  if (present(raw.Timestamp) && !(typeof raw.Timestamp === "number" && Number.isFinite(raw.Timestamp))) {
    return `"Timestamp" must be a number (epoch seconds)`;
  }
  if (present(raw.Severity) && typeof raw.Severity !== "string" && typeof raw.Severity !== "number") {
    return `"Severity" must be a string or a number`;
  }
  if (present(raw.ATags) && !Array.isArray(raw.ATags)) return `"ATags" must be an array`;
  if (!str(raw.Type) && !str(raw.Operation)) return `missing "Type" and "Operation": not a KubeArmor log or alert`;
  return undefined;
}

const EARLIEST_REAL_TIME = Date.UTC(1971, 0, 1);

function realTime(v: unknown): string | undefined {
  // KubeArmor's UpdatedTime is UTC; without a zone JavaScript would read it as local time.
  const utc = typeof v === "string" && /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(v) ? `${v}Z` : v;
  const numeric = typeof utc === "string" && /^\d{9,}$/.test(utc) ? Number(utc) : utc;
  const iso = toIsoTime(numeric);
  return iso !== undefined && Date.parse(iso) >= EARLIEST_REAL_TIME ? iso : undefined;
}

function occurredAt(raw: Rec, extraTimes: unknown[], now: () => Date): { at: string; received: boolean } {
  const candidates = [raw.UpdatedTime, raw.Timestamp, raw.UpdatedTimeISO, ...extraTimes];
  for (const c of candidates) {
    const at = realTime(c);
    if (at) return { at, received: false };
  }
  return { at: now().toISOString(), received: true };
}

function isAlert(raw: Rec): boolean {
  const type = str(raw.Type);
  return type ? type.startsWith("Matched") : Boolean(str(raw.PolicyName) ?? str(raw.Action));
}

/** Severity "1"–"10": 1–3 low, 4–6 medium, 7–8 high, 9–10 critical; none: low for logs, medium for alerts. */
function severityOf(raw: Rec, alert: boolean): Severity {
  const score = int(raw.Severity);
  if (score !== undefined && score > 0) return severityFromScore(Math.min(score, 10));
  return alert ? "medium" : "low";
}

function basename(path: string): string {
  const cut = path.lastIndexOf("/");
  return cut >= 0 && cut < path.length - 1 ? path.slice(cut + 1) : path;
}

function firstToken(s: string | undefined): string | undefined {
  return s?.trim().split(/\s+/)[0] || undefined;
}

/** Host PIDs are unique on the node the agent runs on; container PIDs only inside one container. */
function pids(raw: Rec): { pid?: number; ppid?: number } {
  const hostPid = int(raw.HostPID);
  if (hostPid === undefined) return { pid: int(raw.PID), ppid: int(raw.PPID) };
  const inHostNamespace = int(raw.PID) === hostPid;
  return { pid: hostPid, ppid: int(raw.HostPPID) ?? (inHostNamespace ? int(raw.PPID) : undefined) };
}

function execCommandLine(resource: string | undefined, exe: string | undefined, argv: string | undefined): string | undefined {
  // Older records keep only the binary in Resource and the arguments in EventData.argv.
  const base = resource ?? exe;
  if (base && argv && !base.includes(" ")) return `${base} ${argv}`;
  return base;
}

function nonEmpty(p: ProcessInfo): ProcessInfo | undefined {
  return p.exe || p.pid !== undefined || p.args ? p : undefined;
}

/** For Process operations Resource is the new command line and Source the parent's. */
function processesOf(raw: Rec, op: string, kv: KeyValues): { process?: ProcessInfo; parent?: ProcessInfo } {
  const isExec = op === "process";
  const resource = str(raw.Resource);
  const source = str(raw.Source);
  const exe = str(raw.ProcessName) ?? firstToken(isExec ? resource : source);
  const { pid, ppid } = pids(raw);
  const process = compact<ProcessInfo>({
    exe,
    comm: exe ? basename(exe) : undefined,
    args: isExec ? execCommandLine(resource, exe, kv.get("argv")) : source,
    pid,
    ppid,
    uid: int(raw.UID),
    user: str(raw.UserName),
  });
  const parentExe = str(raw.ParentProcessName);
  const parent = compact<ProcessInfo>({
    exe: parentExe,
    comm: parentExe ? basename(parentExe) : undefined,
    args: isExec ? source : undefined,
    pid: ppid,
  });
  return { process: nonEmpty(process), parent: nonEmpty(parent) };
}

function logType(op: string, kv: KeyValues, networkType: string | undefined): string {
  if (networkType) return networkType;
  if (op === "process") return "process_exec";
  if (op === "file") return fileType(kv);
  if (op === "syscall") return `syscall_${syscallName(kv) ?? "unknown"}`;
  if (op === "capabilities") return "capability_use";
  if (op === "device") return "device_access";
  return op ? snake(op) : "kubearmor_event";
}

function classify(raw: Rec, alert: boolean, op: string, type: string): { kind: EventKind; type: string } {
  if (alert) {
    const policy = str(raw.PolicyName);
    if (!policy) return { kind: "detections", type };
    return { kind: "detections", type: policy === "DefaultPosture" ? `default_posture_${type}` : snake(policy) };
  }
  return { kind: op.startsWith("network") ? "flows" : "infos", type };
}

function outcomeOf(result: string | undefined): string | undefined {
  if (!result) return undefined;
  const r = result.toLowerCase();
  if (r === "passed") return "success";
  if (r === "permission denied" || r === "operation not permitted") return "denied";
  return "failure";
}

function tagFlags(raw: Rec): string[] {
  const list = [...(str(raw.Tags)?.split(",") ?? []), ...(Array.isArray(raw.ATags) ? raw.ATags : [])];
  const tags = [...new Set(list.filter((t): t is string => typeof t === "string").map((t) => t.trim()).filter(Boolean))];
  const mitre = tags.flatMap((t) => /^MITRE_(TA?\d{4}(?:\.\d{3})?)/i.exec(t)?.[1] ?? []).map((t) => `mitre:${t.toUpperCase()}`);
  return [...new Set(mitre), ...tags.map((t) => `tag:${t.toLowerCase()}`)];
}

function flagsOf(raw: Rec, received: boolean): string[] {
  const type = str(raw.Type) ?? "";
  return [
    ...(lower(raw.Action) === "block" ? ["blocked"] : []),
    ...(str(raw.ContainerID) ?? str(raw.ContainerName) ? ["container"] : []),
    ...(type === "HostLog" || type === "MatchedHostPolicy" ? ["host"] : []),
    ...tagFlags(raw),
    ...(received ? ["time:received"] : []),
  ];
}

function titleOf(raw: Rec, alert: boolean, domain: string | undefined): string | undefined {
  const message = str(raw.Message);
  if (message) return message;
  const subject = domain ? `DNS ${domain}` : (str(raw.Resource) ?? str(raw.Data));
  const summary = [str(raw.Operation), subject].filter(Boolean).join(" ");
  const policy = str(raw.PolicyName);
  return (alert && policy ? `${policy}: ${summary}` : summary) || undefined;
}

function agentOf(raw: Rec): AgentContext {
  return compact<AgentContext>({
    hostname: str(raw.HostName),
    // KubeArmor runs one agent per node, and HostName is that node's name.
    node: str(raw.HostName),
    cluster: str(raw.ClusterName),
    namespace: str(raw.NamespaceName),
    pod: str(raw.PodName),
    container: str(raw.ContainerName) ?? str(raw.ContainerID),
    image: str(raw.ContainerImage),
    version: str(raw.KubeArmorVersion),
  });
}

function toEvent(raw: Rec, extraTimes: unknown[], now: () => Date): NormalizedEvent | string {
  const error = typeError(raw);
  if (error) return error;
  const op = lower(raw.Operation) ?? "";
  const isNetwork = op === "network" || op === "networkfirewall";
  const kv = isNetwork ? keyValues(raw.Resource, raw.Data, raw.EventData) : keyValues(raw.Data, raw.EventData);
  const network = isNetwork ? networkDetails(str(raw.Resource), kv) : undefined;
  const alert = isAlert(raw);
  const { kind, type } = classify(raw, alert, op, logType(op, kv, network?.type));
  const time = occurredAt(raw, extraTimes, now);
  const normalized = compact<NormalizedEvent>({
    occurredAt: time.at,
    kind,
    type,
    severity: severityOf(raw, alert),
    title: titleOf(raw, alert, network?.domain),
    agent: {},
    ...processesOf(raw, op, kv),
    flow: network?.flow,
    domain: network?.domain,
    file: op === "file" || op === "syscall" ? fileOf(str(raw.Resource), kv) : undefined,
    action: lower(raw.Action),
    outcome: outcomeOf(str(raw.Result)),
    policyName: str(raw.PolicyName),
    flags: flagsOf(raw, time.received),
  });
  return { ...normalized, agent: agentOf(raw) };
}

function adaptOtlp(item: Rec, now: () => Date): AdapterItemResult {
  const records = otlpRecords(item);
  if (typeof records === "string") return { ok: false, error: `kubearmor (OTLP): ${records}` };
  if (records.length === 0) return { ok: false, error: `kubearmor (OTLP): "resourceLogs" holds no logRecords` };
  const events: NormalizedEvent[] = [];
  for (const r of records) {
    const event = toEvent(r.fields, r.times, now);
    if (typeof event === "string") return { ok: false, error: `kubearmor (OTLP ${r.where}): ${event}` };
    events.push(event);
  }
  return { ok: true, events };
}

function adapt(item: unknown, now: () => Date): AdapterItemResult {
  if (!isRecord(item)) {
    const got = Array.isArray(item) ? "an array" : item === null ? "null" : typeof item;
    return { ok: false, error: `kubearmor: expected a JSON object, got ${got}` };
  }
  if (isOtlpDocument(item) || isOtlpLogRecord(item)) return adaptOtlp(item, now);
  const event = toEvent(item, [], now);
  return typeof event === "string" ? { ok: false, error: `kubearmor: ${event}` } : { ok: true, events: [event] };
}

/** `now` is read only for records that carry no time at all; tests pass a fixed clock. */
export function createKubeArmorAdapter(now: () => Date = () => new Date()): Adapter {
  return (item) => {
    try {
      return adapt(item, now);
    } catch (e) {
      // Defensive only: the mapping is total, but an adapter must never throw into the pipeline.
      return { ok: false, error: `kubearmor: unreadable record (${e instanceof Error ? e.message : String(e)})` };
    }
  };
}

export const adaptKubeArmor: Adapter = createKubeArmorAdapter();
