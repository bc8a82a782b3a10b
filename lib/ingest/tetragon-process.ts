import { compact, get, int, isRecord, str, toIsoTime } from "./adapter-utils";
import type { AgentContext, ProcessInfo } from "./types";

// Tetragon `Process` messages → Vigil ProcessInfo / AgentContext.

type Rec = Record<string, unknown>;

function basename(path: string): string {
  const cut = path.lastIndexOf("/");
  return cut >= 0 && cut < path.length - 1 ? path.slice(cut + 1) : path;
}

/** Tetragon splits the binary from its arguments; Vigil wants the whole command line. */
export function commandLine(binary: string | undefined, args: string | undefined): string | undefined {
  if (binary && args) return `${binary} ${args}`;
  return binary ?? args;
}

/** Maps one Tetragon Process; `ppid` comes from the next process up the chain. */
export function toProcessInfo(p: unknown, ppid?: number): ProcessInfo | undefined {
  if (!isRecord(p)) return undefined;
  const binary = str(p.binary);
  const info = compact<ProcessInfo>({
    exe: binary,
    // Tetragon has no comm; the binary's basename is the closest equivalent.
    comm: binary ? basename(binary) : undefined,
    args: commandLine(binary, str(p.arguments)),
    pid: int(p.pid),
    ppid,
    uid: int(p.uid),
    user: str(get(p, "user", "name")),
    start: toIsoTime(p.start_time),
  });
  return Object.keys(info).length > 0 ? info : undefined;
}

export interface ProcessTree {
  process?: ProcessInfo;
  parent?: ProcessInfo;
  /** Nearest-first, parent included, as the Vigil contract asks. */
  ancestors?: ProcessInfo[];
}

/**
 * Tetragon's `ancestors` lists the processes beyond the immediate parent, nearest-first
 * (the agent walks parent_exec_id upwards). Vigil's ancestors start with the parent.
 */
export function processTree(ev: Rec): ProcessTree {
  const chain: Rec[] = [];
  const seen = new Set<string>();
  const push = (p: unknown): void => {
    if (!isRecord(p)) return;
    const id = str(p.exec_id);
    if (id && seen.has(id)) return;
    if (id) seen.add(id);
    chain.push(p);
  };
  push(ev.parent);
  if (Array.isArray(ev.ancestors)) ev.ancestors.forEach(push);

  const ancestors = chain
    .map((p, i) => toProcessInfo(p, int(chain[i + 1]?.pid)))
    .filter((p): p is ProcessInfo => p !== undefined);
  const hasParent = isRecord(ev.parent);
  return {
    process: toProcessInfo(ev.process, hasParent ? int(get(ev.parent, "pid")) : undefined),
    parent: hasParent ? ancestors[0] : undefined,
    ancestors: ancestors.length > 0 ? ancestors : undefined,
  };
}

/** Where it happened: node/cluster from the envelope, Kubernetes data from the process's pod. */
export function tetragonAgent(root: Rec, proc: unknown): AgentContext {
  const node = str(root.node_name);
  const pod = get(proc, "pod");
  const container = get(pod, "container");
  return compact<AgentContext>({
    hostname: node,
    node,
    cluster: str(root.cluster_name),
    namespace: str(get(pod, "namespace")),
    pod: str(get(pod, "name")),
    container: str(get(container, "name")) ?? str(get(proc, "docker")),
    image: str(get(container, "image", "name")),
  });
}

/** Short context flags: containerized, and exec'd outside the container's init tree (kubectl exec, nsenter). */
export function processFlags(proc: unknown): string[] {
  const flags: string[] = [];
  if (isRecord(get(proc, "pod")) || str(get(proc, "docker"))) flags.push("container");
  if (get(proc, "in_init_tree") === false) flags.push("not_in_init_tree");
  return flags;
}
