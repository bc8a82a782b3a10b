// The normalized event every ingest adapter produces. Adapters are pure: raw JSON in,
// NormalizedEvent[] or a per-item error out. The pipeline derives identity and writes.

export const SOURCE_FORMATS = ["garnet", "datadog", "kubearmor", "runtime", "tetragon", "falco"] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

export const SEVERITIES = ["low", "medium", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Garnet's event kinds (seed 000). */
export const EVENT_KINDS = ["flows", "detections", "infos", "netpolicy"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export interface ProcessInfo {
  exe?: string;
  comm?: string;
  /** Full command line, arguments joined by spaces (argv[0] included when the source has it). */
  args?: string;
  pid?: number;
  ppid?: number;
  uid?: number;
  user?: string;
  /** ISO-8601 start time. */
  start?: string;
}

export interface FlowEndpoint {
  address?: string;
  port?: number;
  name?: string;
  /** Garnet order: [IP, CNAME_N, …, CNAME_1, original_domain]. */
  names?: string[];
}

export interface FlowInfo {
  protocol?: string;
  ipVersion?: number;
  local?: FlowEndpoint;
  remote?: FlowEndpoint;
  direction?: string;
  status?: string;
}

export interface FileInfo {
  path: string;
  /** open, read, write, remove, rename, link, chmod, exec, … */
  operation?: string;
  flags?: string;
  /** Destination of a move or link. */
  targetPath?: string;
}

/** Where the event happened: host, Kubernetes and CI/CD context, as far as the source says. */
export interface AgentContext {
  /** The source's own agent / sensor id, when it has one. */
  externalId?: string;
  name?: string;
  hostname?: string;
  os?: string;
  arch?: string;
  version?: string;
  cluster?: string;
  namespace?: string;
  node?: string;
  pod?: string;
  container?: string;
  image?: string;
  repository?: string;
  workflow?: string;
  job?: string;
  runId?: string;
}

export interface NormalizedEvent {
  /** The source's own event id, when it has one; otherwise the pipeline hashes the content. */
  sourceId?: string;
  /** ISO-8601 time the event happened. */
  occurredAt: string;
  kind: EventKind;
  /** Garnet metadata name where the source has an equivalent (snake_case), else the source's own type. */
  type: string;
  severity: Severity;
  /** One-line human summary (rule name, alert message, …). */
  title?: string;
  agent: AgentContext;
  process?: ProcessInfo;
  parent?: ProcessInfo;
  /** Ancestors nearest-first: [parent, grandparent, …]. */
  ancestors?: ProcessInfo[];
  flow?: FlowInfo;
  /** DNS chain in Garnet order: [IP, CNAME_N, …, CNAME_1, original_domain]. */
  dnsNames?: string[];
  /** The domain the program asked for. */
  domain?: string;
  file?: FileInfo;
  /** What the agent did: allow, audit, block, kill, … (lowercase). */
  action?: string;
  /** How it ended: success, failure, denied, … (lowercase). */
  outcome?: string;
  policyName?: string;
  /** Short tags: "blocked", "container", "mitre:T1059", … */
  flags?: string[];
}

export type AdapterItemResult = { ok: true; events: NormalizedEvent[] } | { ok: false; error: string };

/** An adapter maps one parsed JSON item (one object of the request body) to events. It never throws. */
export type Adapter = (item: unknown) => AdapterItemResult;
