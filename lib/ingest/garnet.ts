import type { Adapter, AdapterItemResult, AgentContext, EventKind, FileInfo } from "./types";
import type { FlowEndpoint, FlowInfo, NormalizedEvent, ProcessInfo, Severity } from "./types";
import { EVENT_KINDS, SEVERITIES } from "./types";
import { compact, get, int, isRecord, lower, severityFromScore, snake, str, toIsoTime } from "./adapter-utils";

// Garnet / Jibril adapter. Accepts, per item:
//  - Garnet Event / EventV2 ({id, agent, kind, data, created_at, updated_at}),
//  - CreateOrUpdateEventV2, the PUT /api/v1/events body ({id, kind, data}),
//  - a bare ashkaal document (metadata/head/body at the top level, e.g. a Jibril detection),
//  - a Jibril run profile (scenarios / network.egress.peers / assertions), bare or as `data`.
// See docs/formats/garnet.md for the field table.

type Rec = Record<string, unknown>;
type Fail = { ok: false; error: string };
type TimeResult = { ok: true; iso: string; received: boolean } | Fail;

interface Ctx {
  envelope: Rec;
  data: Rec;
  /** "data." when the document sits under an envelope: error messages name the real field. */
  prefix: string;
  agent: AgentContext;
  occurredAt: string;
  baseFlags: string[];
}

const fail = (error: string): Fail => ({ ok: false, error });
const rec = (v: unknown): Rec => (isRecord(v) ? v : {});
const DOCUMENT_KEYS = ["metadata", "head", "body", "network", "assertions", "scenarios"];
const KIND_LIST = EVENT_KINDS.join(", ");
const IMPORTANCE = new Map<string, Severity>(
  Object.entries({ critical: "critical", high: "high", medium: "medium", moderate: "medium" } as const),
);
for (const quiet of ["low", "info", "informational", "none"]) IMPORTANCE.set(quiet, "low");
// Garnet's own constants are "dropip"/"dropdomain"; Vigil uses the snake_case spelling everywhere.
const TYPE_ALIASES = new Map([["dropip", "drop_ip"], ["dropdomain", "drop_domain"]]);

export const adaptGarnet: Adapter = (item) => adaptGarnetAt(item, new Date());

/** Like adaptGarnet; `now` is used only when the item carries no time at all. */
export function adaptGarnetAt(item: unknown, now: Date): AdapterItemResult {
  if (!isRecord(item)) return fail("item must be a JSON object");
  let data: Rec = item;
  let prefix = "";
  if ("data" in item) {
    if (!isRecord(item.data)) return fail("data must be an object");
    data = item.data;
    prefix = "data.";
  } else if (!DOCUMENT_KEYS.some((k) => k in item)) {
    return fail("data is required (Garnet event) or metadata/head/network (Jibril document)");
  }
  if (resolveKind(item.kind) === "invalid") return fail(`kind must be one of ${KIND_LIST}`);
  if (item.id !== undefined && item.id !== null && str(item.id) === undefined) return fail("id must be a non-empty string");
  const time = occurredAt(item, data, prefix, now);
  if (!time.ok) return time;
  const agentKind = lower(get(item, "agent", "kind"));
  const baseFlags = [agentKind && `agent:${agentKind}`, time.received && "received_time"].filter(isString);
  const ctx: Ctx = { envelope: item, data, prefix, agent: agentContext(item, data), occurredAt: time.iso, baseFlags };
  return isProfile(data) ? profileEvents(ctx) : singleEvent(ctx);
}

/** The PUT /api/v1/events body (CreateOrUpdateEventV2): id, kind and data are mandatory there. */
export function adaptGarnetEventV2(item: unknown): AdapterItemResult {
  if (!isRecord(item)) return fail("item must be a JSON object");
  if (typeof item.id !== "string" || item.id === "") return fail("id is required");
  if (typeof item.kind !== "string" || item.kind === "") return fail("kind is required");
  if (!isRecord(item.data)) return fail("data must be an object");
  return adaptGarnet(item);
}

// ---------- shared pieces ----------

function isString(v: unknown): v is string {
  return typeof v === "string" && v.length > 0;
}

function strings(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out = v.filter(isString);
  return out.length > 0 ? out : undefined;
}

/** compact() drops empty objects, but every event must carry an agent, even an empty one. */
function build(event: NormalizedEvent): NormalizedEvent {
  return { ...compact(event), agent: { ...event.agent } };
}

/** "key:value" tags for the pairs whose value is a non-empty string. */
function tags(pairs: Array<[string, unknown]>): string[] {
  return pairs.filter(([, v]) => isString(v)).map(([k, v]) => `${k}:${v as string}`);
}

function nonEmpty<T extends object>(v: T): T | undefined {
  return Object.keys(v).length > 0 ? v : undefined;
}

function isIpLiteral(s: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(s) || (/^[0-9a-fA-F:.]+$/.test(s) && s.split(":").length > 2);
}

/** Go's zero time ("0001-01-01T00:00:00Z") means "unset" in Garnet payloads, not a bad value. */
function readTime(v: unknown, label: string): { iso?: string; error?: string } {
  if (v === undefined || v === null || v === "") return {};
  if (typeof v === "string" && v.startsWith("0001-01-01")) return {};
  // Garnet times are RFC 3339 strings (Go time.Time); a number here is a sender bug, not epoch seconds.
  const iso = typeof v === "string" ? toIsoTime(v) : undefined;
  return iso ? { iso } : { error: `${label} is not a valid time` };
}

function occurredAt(envelope: Rec, data: Rec, prefix: string, now: Date): TimeResult {
  const candidates: Array<[unknown, string]> = [[data.timestamp, `${prefix}timestamp`]];
  if (envelope !== data) candidates.push([envelope.created_at, "created_at"], [envelope.updated_at, "updated_at"]);
  let found: string | undefined;
  for (const [value, label] of candidates) {
    const t = readTime(value, label);
    if (t.error) return fail(t.error);
    found = found ?? t.iso;
  }
  return found ? { ok: true, iso: found, received: false } : { ok: true, iso: now.toISOString(), received: true };
}

function agentContext(envelope: Rec, data: Rec): AgentContext {
  const a = rec(envelope.agent);
  const agh = rec(a.github_context);
  const sgh = rec(get(data, "scenarios", "github"));
  const ak8s = rec(a.kubernetes_context);
  const sk8s = rec(get(data, "scenarios", "k8s"));
  const host = rec(get(data, "scenarios", "hostos"));
  const vanilla = rec(a.vanilla_context);
  const containers = get(data, "background", "containers", "containers");
  const container = rec(Array.isArray(containers) ? containers[0] : undefined);
  const pick = (key: string, ...sources: Rec[]) => sources.map((s) => str(s[key])).find(isString);
  return compact({
    externalId: str(a.id) ?? str(envelope.agent_id),
    hostname: pick("hostname", a, host),
    os: pick("os", a, host) ?? pick("runner_os", agh, sgh, vanilla),
    arch: pick("arch", a, host) ?? pick("runner_arch", agh, sgh),
    version: str(a.version),
    cluster: pick("cluster", ak8s, sk8s),
    namespace: pick("namespace", ak8s, sk8s),
    node: pick("node", ak8s, sk8s),
    pod: str(sk8s.pod),
    container: str(container.name) ?? str(container.id),
    image: str(container.image),
    repository: pick("repository", agh, sgh),
    workflow: pick("workflow", agh, sgh),
    job: pick("job", agh, sgh, vanilla),
    runId: pick("run_id", agh, sgh),
  });
}

function processInfo(v: unknown): ProcessInfo | undefined {
  if (!isRecord(v)) return undefined;
  // `cmd` is normally the command name, but some senders put the whole command line there.
  const cmd = str(v.cmd);
  const cmdLine = cmd?.includes(" ") ? cmd : undefined;
  const comm = str(v.comm) ?? (cmdLine ? undefined : cmd);
  const args = str(v.args) ?? cmdLine;
  return nonEmpty(compact({ exe: str(v.exe), comm, args, pid: int(v.pid), ppid: int(v.ppid), uid: int(v.uid), start: toIsoTime(v.start) }));
}

function sameProcess(a: ProcessInfo, b: ProcessInfo): boolean {
  if (a.pid !== undefined && b.pid !== undefined) return a.pid === b.pid;
  return a.exe === b.exe && a.args === b.args;
}

/** Jibril ancestry lists run root-first and end with the process itself; Vigil wants parents nearest-first. */
function ancestorsFrom(list: unknown, self?: ProcessInfo): ProcessInfo[] {
  if (!Array.isArray(list)) return [];
  const procs = list.map(processInfo).filter((p): p is ProcessInfo => p !== undefined);
  const nearestFirst =
    procs.length > 1 && ((self && sameProcess(procs[0], self)) || (procs[0].ppid !== undefined && procs[0].ppid === procs[1].pid));
  const ordered = nearestFirst ? procs : procs.reverse();
  return self && ordered.length > 0 && sameProcess(ordered[0], self) ? ordered.slice(1) : ordered;
}

function endpoint(v: unknown, fallbackPort?: number): FlowEndpoint | undefined {
  if (!isRecord(v)) return undefined;
  const names = strings(v.names);
  return nonEmpty(compact({ address: str(v.address), port: int(v.port) ?? fallbackPort, name: str(v.name), names }));
}

function flowInfo(v: unknown): FlowInfo | undefined {
  if (!isRecord(v)) return undefined;
  const settings = isRecord(v.settings) ? v.settings : rec(v.phase);
  const [local, remote] = [endpoint(v.local), endpoint(v.remote, int(v.service_port))];
  const [direction, status] = [str(settings.direction), str(settings.status)];
  return nonEmpty(compact({ protocol: str(v.proto), ipVersion: int(v.ip_version), local, remote, direction, status }));
}

function domainOf(names: string[] | undefined, fallback?: string): string | undefined {
  const last = names?.[names.length - 1];
  if (last && !isIpLiteral(last)) return last;
  return fallback && !isIpLiteral(fallback) ? fallback : undefined;
}

function fileInfo(v: unknown): FileInfo | undefined {
  const path = str(get(v, "path"));
  if (!path) return undefined;
  const actions = rec(get(v, "actions"));
  const order = ["exec", "unlink", "rename", "link", "write", "create", "read", "open"];
  const found = order.find((a) => actions[a] === true);
  const operation = found === "unlink" ? "remove" : found;
  return compact({ path, operation, flags: strings(actions.actions)?.join("|") });
}

function resolveKind(raw: unknown): EventKind | "invalid" | undefined {
  const k = lower(raw);
  if (!k) return raw === undefined || raw === null || raw === "" ? undefined : "invalid";
  if ((EVENT_KINDS as readonly string[]).includes(k)) return k as EventKind;
  if (k === "flow") return "flows";
  if (k === "profile") return "infos";
  return "invalid";
}

function inferKind(type: string): EventKind {
  if (type === "flow") return "flows";
  if (type === "drop_ip" || type === "drop_domain") return "netpolicy";
  if (type === "profile") return "infos";
  return "detections";
}

function severityOf(kind: EventKind, ...levels: unknown[]): Severity {
  for (const level of levels) {
    const mapped = IMPORTANCE.get(lower(level) ?? "");
    if (mapped) return mapped;
    if (typeof level === "number" && level > 0) return severityFromScore(level / 10);
  }
  return kind === "detections" || kind === "netpolicy" ? "medium" : "low";
}

// ---------- one detection / flow / info event ----------

function singleEvent(ctx: Ctx): AdapterItemResult {
  const { envelope, data, prefix } = ctx;
  const head = rec(data.head);
  const meta = rec(data.metadata);
  const body = isRecord(data.body) ? data.body : data;
  const envelopeKind = resolveKind(envelope.kind);
  const name = str(meta.name) ?? str(head.name) ?? str(envelope.type);
  if (!name && envelopeKind !== "flows") return fail(`${prefix}metadata.name is required`);
  const type = name ? (TYPE_ALIASES.get(snake(name)) ?? snake(name)) : "flow";
  const metaKind = resolveKind(meta.kind);
  const kind = (envelopeKind !== "invalid" && envelopeKind) || (metaKind !== "invalid" && metaKind) || inferKind(type);

  const process = processInfo(body.process ?? data.process);
  const fullInfo = rec(body.full_info ?? body.fullinfo ?? data.full_info ?? data.fullinfo);
  const ancestors = ancestorsFrom(get(data, "background", "ancestry") ?? fullInfo.ancestry, process);
  const parent = processInfo(body.parent ?? data.parent) ?? ancestors[0];
  const flow = withDroppedIp(flowInfo(body.flow ?? body.dropped ?? body.resolve_flow ?? data.dropped ?? data.resolve_flow), data.ip);
  const dnsNames = strings(data.names) ?? flow?.remote?.names;
  const domain = str(data.domain) ?? str(body.resolve ?? data.resolve) ?? domainOf(dnsNames, flow?.remote?.name);
  const isDrop = type === "drop_ip" || type === "drop_domain";
  const score = rec(data.score);

  const event = build({
    sourceId: str(envelope.id) ?? str(data.uuid) ?? str(data.unique_id),
    occurredAt: ctx.occurredAt,
    kind,
    type,
    severity: severityOf(kind, meta.importance, head.importance, score.severity_level, score.severity),
    title: str(head.description) ?? str(meta.description) ?? str(body.note ?? data.note) ?? type,
    agent: ctx.agent,
    process, parent, ancestors, flow, dnsNames, domain,
    file: fileInfo(data.file),
    action: isDrop ? "block" : undefined,
    flags: [...ctx.baseFlags, ...(isDrop ? ["blocked"] : []), ...detectionFlags(head, meta, data, envelope)],
  });
  return { ok: true, events: [event] };
}

function withDroppedIp(flow: FlowInfo | undefined, ip: unknown): FlowInfo | undefined {
  const address = str(ip);
  if (!address || flow?.remote?.address) return flow;
  return { ...flow, remote: { ...flow?.remote, address } };
}

function detectionFlags(head: Rec, meta: Rec, data: Rec, envelope: Rec): string[] {
  const flags = tags([
    ["category", head.category], ["mechanism", head.mechanism], ["method", head.method],
    ["tactic", meta.tactic], ["technique", meta.technique], ["subtechnique", meta.subtechnique],
    ["verdict", get(envelope, "verdict", "severity")], ["attenuated", get(data, "attenuator", "new_severity_level")],
  ]);
  const falsePositive = get(envelope, "verdict", "false_positive") === true || get(data, "attenuator", "is_false_positive") === true;
  return falsePositive ? [...flags, "false_positive"] : flags;
}

// ---------- Jibril run profiles ----------

function isProfile(data: Rec): boolean {
  const meta = rec(data.metadata);
  const tagged = lower(meta.name) === "profile" || lower(meta.kind) === "profile";
  return tagged || isRecord(data.network) || Array.isArray(data.assertions);
}

function recordList(v: unknown, label: string): Rec[] | Fail {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) return fail(`${label} must be an array`);
  const bad = v.findIndex((x) => !isRecord(x));
  return bad >= 0 ? fail(`${label}[${bad}] must be an object`) : (v as Rec[]);
}

function resultSeverity(result: string | undefined): Severity {
  if (result?.includes("fail")) return "high";
  return result?.includes("attention") ? "medium" : "low";
}

function profileEvents(ctx: Ctx): AdapterItemResult {
  const { data, prefix } = ctx;
  const peers = recordList(get(data, "network", "egress", "peers"), `${prefix}network.egress.peers`);
  if ("error" in peers) return peers;
  const assertions = recordList(data.assertions, `${prefix}assertions`);
  if ("error" in assertions) return assertions;
  const key = str(ctx.envelope.id) ?? str(data.uuid) ?? `profile-${contentHash(ctx.envelope)}`;

  const events: NormalizedEvent[] = [];
  peers.forEach((peer, i) => events.push(...peerEvents(ctx, peer, `${key}:egress:${i}`)));
  assertions.forEach((a, i) => {
    const event = assertionEvent(ctx, a, `${key}:assertion:${i}`);
    if (event) events.push(event);
  });
  return { ok: true, events: [profileSummary(ctx, key, peers, assertions, events), ...events] };
}

function profileSummary(ctx: Ctx, key: string, peers: Rec[], assertions: Rec[], children: NormalizedEvent[]): NormalizedEvent {
  const gh = rec(get(ctx.data, "scenarios", "github"));
  const results = [...peers, ...assertions].map((r) => lower(r.result)).filter(isString);
  const worst = results.find((r) => r.includes("fail")) ?? results.find((r) => r.includes("attention")) ?? results[0];
  const notPassing = assertions.filter((a) => resultSeverity(lower(a.result)) !== "low");
  const where = [ctx.agent.repository, [ctx.agent.workflow, ctx.agent.job].filter(isString).join(" / ")].filter(isString);
  const domains = strings(get(ctx.data, "network", "egress", "domains"))?.length ?? get(ctx.data, "telemetry", "network", "egress", "total_domains");
  const title =
    `Run profile${where.length ? ` of ${where.join(" · ")}` : ""}: ${peers.length} egress peers` +
    (typeof domains === "number" ? `, ${domains} domains` : "") +
    `, ${notPassing.length} of ${assertions.length} assertions need attention`;
  return build({
    sourceId: key,
    occurredAt: ctx.occurredAt,
    kind: "infos" as const,
    type: "profile",
    severity: children.reduce<Severity>((s, e) => maxSeverity(s, e.severity), "low"),
    title,
    agent: ctx.agent,
    outcome: worst,
    flags: [
      ...ctx.baseFlags,
      ...tags([["actor", gh.actor], ["event", gh.event_name], ["ref", gh.ref], ["sha", gh.sha]]),
      ...notPassing.map((a) => `${lower(a.result)}:${assertionType(a)}`),
    ],
  });
}

function maxSeverity(a: Severity, b: Severity): Severity {
  return SEVERITIES.indexOf(a) >= SEVERITIES.indexOf(b) ? a : b;
}

/** Old profiles list the queried domain first ([domain, IP, CNAME_N…]); rotate to Garnet order [IP, CNAME_N…, domain]. */
function garnetOrder(names: string[] | undefined, address: string | undefined): string[] | undefined {
  const list = names ?? [];
  const ipAt = list.findIndex(isIpLiteral);
  if (ipAt > 0) return [...list.slice(ipAt), ...list.slice(0, ipAt)];
  if (ipAt === 0 || !address) return list.length > 0 ? list : undefined;
  return [address, ...list];
}

function portOf(v: unknown): number | undefined {
  return int(v) ?? (typeof v === "string" ? int(/^\d+/.exec(v)?.[0]) : undefined);
}

function treeProcess(tree: Rec): { process?: ProcessInfo; ancestors: ProcessInfo[] } {
  const chain = strings(tree.ancestry) ?? [];
  const self = str(tree.process) ?? chain[chain.length - 1];
  const parents = chain.length > 0 && chain[chain.length - 1] === self ? chain.slice(0, -1) : [...chain];
  const process = nonEmpty(compact({ comm: self, exe: str(tree.executable), args: str(tree.arguments), pid: int(tree.pid) }));
  return { process, ancestors: parents.reverse().map((comm) => ({ comm })) };
}

function peerEvents(ctx: Ctx, peer: Rec, key: string): NormalizedEvent[] {
  const address = str(peer.remote_address);
  const dnsNames = garnetOrder(strings(peer.remote_names), address);
  const ports = Array.isArray(peer.remote_ports) ? peer.remote_ports.map(portOf).filter((p): p is number => p !== undefined) : [];
  const localNames = strings(peer.local_names);
  const remoteAddress = address ?? (dnsNames && isIpLiteral(dnsNames[0]) ? dnsNames[0] : undefined);
  const flow: FlowInfo = compact({
    protocol: str(peer.protocol),
    local: nonEmpty(compact({ address: str(peer.local_address), name: localNames?.[0], names: localNames })),
    remote: nonEmpty(compact({ address: remoteAddress, port: ports[0], names: dnsNames })),
    direction: "egress",
  });
  const result = lower(peer.result);
  const geo = rec(peer.remote_geo_info);
  const flags = [
    ...ctx.baseFlags,
    ...(strings(peer.detections) ?? []).filter((d) => d !== "flow").map((d) => `detection:${d}`),
    ...(ports.length > 1 ? ports.slice(1).map((p) => `port:${p}`) : []),
    ...tags([["country", geo.country_code], ["org", geo.org]]),
  ];
  const domain = domainOf(dnsNames);
  const target = `${domain ?? remoteAddress ?? "unknown peer"}${ports[0] !== undefined ? `:${ports[0]}` : ""}`;
  const trees = Array.isArray(peer.proc_trees) ? peer.proc_trees.filter(isRecord) : [];
  const one = (tree: Rec | undefined, id: string): NormalizedEvent => {
    const { process, ancestors } = tree ? treeProcess(tree) : { process: undefined, ancestors: [] };
    const step = str(tree?.github_step);
    return build({
      sourceId: id,
      occurredAt: ctx.occurredAt,
      kind: "flows" as const,
      type: "flow",
      severity: resultSeverity(result),
      title: `Egress to ${target}${process?.comm ? ` by ${process.comm}` : ""}`,
      agent: ctx.agent,
      process, parent: ancestors[0], ancestors, flow, dnsNames, domain,
      outcome: result,
      flags: step ? [...flags, `step:${step}`] : flags,
    });
  };
  return trees.length === 0 ? [one(undefined, key)] : trees.map((t, j) => one(t, `${key}:${j}`));
}

/** Old profiles put the whole label in `id`, e.g. "interpreter shell spawn (70 events)". */
function assertionType(a: Rec): string {
  const label = str(a.assertion_id) ?? str(a.id) ?? "assertion";
  return snake(label.replace(/\s*\(\d+ events?\)\s*$/, ""));
}

function assertionEvent(ctx: Ctx, a: Rec, key: string): NormalizedEvent | undefined {
  const result = lower(a.result);
  const severity = resultSeverity(result);
  if (severity === "low") return undefined;
  const type = assertionType(a);
  const count = /\((\d+) events?\)\s*$/.exec(str(a.id) ?? "")?.[1];
  const evidencePeer = rec(get(Array.isArray(a.evidence) ? a.evidence[0] : undefined, "peer"));
  const peer = Object.keys(evidencePeer).length > 0 ? peerEvents(ctx, evidencePeer, key)[0] : undefined;
  return build({
    ...peer,
    sourceId: key,
    occurredAt: ctx.occurredAt,
    kind: "detections" as const,
    type,
    severity,
    title: `${str(a.class_id) ?? "Assertion"}: ${str(a.description) ?? type} (${result})`,
    agent: ctx.agent,
    outcome: result,
    flags: [...ctx.baseFlags, ...(isString(a.class_id) ? [`class:${a.class_id}`] : []), ...(count ? [`events:${count}`] : [])],
  });
}

// Stable sub-event ids for profiles without a uuid: a pure content hash (cyrb53) of the item.
function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(",")}]`;
  if (isRecord(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stableJson(v[k])}`).join(",")}}`;
  return JSON.stringify(v) ?? "null";
}

function contentHash(v: unknown): string {
  const s = stableJson(v);
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(16).padStart(8, "0") + (h1 >>> 0).toString(16).padStart(8, "0");
}
