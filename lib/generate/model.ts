import type { Severity, SourceFormat } from "@/lib/ingest/types";

// The format-neutral story model: scenarios produce SimEvents, format renderers turn them into
// the raw bodies each agent would POST.

export type Format = SourceFormat;

export interface RawEvent {
  format: Format;
  item: Record<string, unknown>;
}

export interface Proc {
  /** Host pid. */
  pid: number;
  ppid: number;
  /** Pid inside the container's pid namespace, for containerized processes. */
  nsPid?: number;
  nsPpid?: number;
  /** Container id and container start (ms), for containerized processes. */
  containerId?: string;
  containerStart?: number;
  exe: string;
  argv: string[];
  uid: number;
  user: string;
  cwd: string;
  /** Start time, ms since epoch. */
  start: number;
  /** Filled in once the process has exited (ms). */
  exit?: number;
  /** Lazily computed Tetragon exec_id, cached because the same process appears in many events. */
  execId?: string;
}

export type AgentKind = "github" | "kubernetes" | "vanilla";

export interface Cluster {
  name: string;
  provider: "eks" | "gke" | "aks";
  region: string;
  podCidr: string;
}

export interface WorkloadSpec {
  namespace: string;
  name: string;
  ownerKind: "Deployment" | "StatefulSet" | "DaemonSet" | "Job";
  container: string;
  image: string;
  labels: Record<string, string>;
  /** The container's pid 1. */
  init: { exe: string; argv: string[] };
  /** Long-lived worker forked by init (request handlers); absent for single-process images. */
  worker?: { exe: string; argv: string[] };
  uid: number;
  user: string;
  cwd: string;
  /** Domains this workload talks to in normal operation. */
  egress: string[];
  webserver: boolean;
}

export interface Pod {
  spec: WorkloadSpec;
  cluster: Cluster;
  node: string;
  name: string;
  uid: string;
  ip: string;
  containerId: string;
  imageDigest: string;
  /** When the pod started (ms); absent for the estate's long-lived pods, which predate the range. */
  started?: number;
}

export interface Repo {
  fullName: string;
  owner: string;
  id: number;
  ownerId: number;
  stack: "node" | "python";
  workflows: Array<{ name: string; file: string; jobs: string[] }>;
  actors: string[];
}

export interface AgentSpec {
  id: string;
  format: Format;
  kind: AgentKind;
  hostname: string;
  ip: string;
  machineId: string;
  version: string;
  os: string;
  arch: string;
  /** Relative share of traffic; skewed so facets look like a real fleet. */
  weight: number;
  cluster?: Cluster;
  repo?: Repo;
}

export interface CiRun {
  repo: Repo;
  workflow: string;
  workflowFile: string;
  job: string;
  runId: string;
  runNumber: number;
  runAttempt: number;
  sha: string;
  ref: string;
  eventName: string;
  actor: string;
  workspace: string;
}

export interface DnsAnswer {
  domain: string;
  /** Garnet order: [IP, CNAME_N, …, CNAME_1, original_domain]. */
  names: string[];
  ip: string;
}

export interface NetInfo {
  proto: "TCP" | "UDP";
  localIp: string;
  localPort: number;
  remoteIp: string;
  remotePort: number;
  dns?: DnsAnswer;
}

export interface FileAccess {
  path: string;
  write: boolean;
}

export type Op = "exec" | "connect" | "dns" | "file";

/** What the agent did about it. */
export type Enforcement = "audit" | "block" | "kill" | "drop";

export interface DetectionDef {
  /** Garnet metadata name (snake_case), also the cross-format key. */
  name: string;
  title: string;
  description: string;
  severity: Severity;
  category: string;
  mechanism: "execution" | "file_access" | "network_peers";
  tactic: string;
  technique: string;
  techniqueId: string;
  datadogRule: string;
  falcoRule: string;
  falcoTags: string[];
  kubearmorPolicy: string;
  kubearmorMessage: string;
  tetragonPolicy: string;
  runtimeRuleset: string;
  runtimeRule: string;
  /** Formats whose stock rules know this detection; absent means all of them. */
  only?: Format[];
}

export interface SimEvent {
  seq: number;
  time: number;
  agent: AgentSpec;
  op: Op;
  proc: Proc;
  /** Nearest-first: [parent, grandparent, …]. */
  ancestors: Proc[];
  pod?: Pod;
  ci?: CiRun;
  net?: NetInfo;
  file?: FileAccess;
  detection?: DetectionDef;
  enforcement?: Enforcement;
}
