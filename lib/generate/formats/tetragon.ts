import type { AgentSpec, Pod, Proc, SimEvent } from "../model";
import { isoNanos, isoSeconds } from "../time";
import { type Rec, type RenderCtx, imageParts } from "./common";

// Tetragon export JSON (cilium/tetragon api/v1): process_exec with parent and ancestors, and
// process_kprobe for tcp_connect / security_file_permission / security_bprm_check hooks.

interface Ctx {
  agent: AgentSpec;
  pod?: Pod;
  boot: number;
}

function execId(p: Proc, node: string, boot: number): string {
  if (!p.execId) {
    const ktime = Math.max(1, p.start - boot) * 1_000_000 + (p.pid % 1_000_000);
    p.execId = btoa(`${node}:${ktime}:${p.pid}`);
  }
  return p.execId;
}

function argsOf(p: Proc): string {
  let out = "";
  for (let i = 1; i < p.argv.length; i++) {
    const a = p.argv[i];
    out += (i > 1 ? " " : "") + (a.includes(" ") ? `"${a.replace(/"/g, '\\"')}"` : a);
  }
  return out;
}

// Only run-independent pod fields are cached here: Pod objects are shared by every run.
const podCache = new WeakMap<Pod, Rec>();

function podOf(pod: Pod, p: Proc, containerStart: number): Rec {
  let base = podCache.get(pod);
  if (!base) {
    const { repository, tag } = imageParts(pod.spec.image);
    base = {
      id: `containerd://${pod.containerId}`,
      name: pod.spec.container,
      image: { id: `${repository}@sha256:${pod.imageDigest}`, name: `${repository}:${tag}` },
    };
    podCache.set(pod, base);
  }
  return {
    namespace: pod.spec.namespace,
    name: pod.name,
    container: { ...base, start_time: isoSeconds(containerStart), pid: p.nsPid },
    pod_labels: pod.spec.labels,
    workload: pod.spec.name,
    workload_kind: pod.spec.ownerKind,
  };
}

// Proc objects belong to one run, so their rendering can be cached on them.
const procCache = new WeakMap<Proc, Rec>();

function processOf(p: Proc, parent: Proc | undefined, ctx: Ctx): Rec {
  const cached = procCache.get(p);
  if (cached) return cached;
  const node = ctx.agent.hostname;
  const out: Rec = {
    exec_id: execId(p, node, ctx.boot),
    pid: p.pid,
    uid: p.uid,
    cwd: p.cwd,
    binary: p.exe,
    arguments: argsOf(p),
    flags: p.pid === 1 ? "procFS auid rootcwd" : "execve clone",
    start_time: isoNanos(p.start, (p.pid * 7919) % 1_000_000),
    auid: p.uid === 0 ? 4294967295 : p.uid,
  };
  if (p.containerId && ctx.pod) {
    out.pod = podOf(ctx.pod, p, p.containerStart ?? p.start);
    out.docker = p.containerId.slice(0, 31);
  }
  if (parent) out.parent_exec_id = execId(parent, node, ctx.boot);
  out.tid = p.pid;
  if (p.containerId) out.in_init_tree = p.nsPpid !== 0;
  procCache.set(p, out);
  return out;
}

function sockArg(ev: SimEvent): Rec {
  const net = ev.net;
  return {
    sock_arg: {
      family: "AF_INET", type: "SOCK_STREAM", protocol: "IPPROTO_TCP",
      saddr: net?.localIp ?? "", daddr: net?.remoteIp ?? "", sport: net?.localPort ?? 0, dport: net?.remotePort ?? 0,
      cookie: String(18_446_600_000_000_000 + (ev.seq % 99_999_999)),
      state: "TCP_SYN_SENT",
    },
  };
}

function kprobe(ev: SimEvent, ctx: Ctx): Rec {
  const d = ev.detection;
  const kill = ev.enforcement === "kill";
  let fn = "security_bprm_check";
  let args: Rec[] = [{ linux_binprm_arg: { path: ev.proc.exe, permission: "-rwxr-xr-x" } }];
  if (ev.op === "connect") {
    fn = "tcp_connect";
    args = [sockArg(ev)];
  } else if (ev.op === "file" && ev.file) {
    fn = "security_file_permission";
    args = [{ file_arg: { path: ev.file.path, permission: ev.file.path === "/etc/shadow" ? "-rw-r-----" : "-rw-------" } }, { int_arg: ev.file.write ? 2 : 4 }];
  }
  const out: Rec = { process: processOf(ev.proc, ev.ancestors[0], ctx) };
  if (ev.ancestors[0]) out.parent = processOf(ev.ancestors[0], ev.ancestors[1], ctx);
  Object.assign(out, {
    function_name: fn,
    args,
    action: kill ? "KPROBE_ACTION_SIGKILL" : "KPROBE_ACTION_POST",
    policy_name: d?.tetragonPolicy ?? "observability",
    return_action: "KPROBE_ACTION_POST",
  });
  if (ev.op === "file") out.return = { int_arg: 0 };
  if (d) {
    out.message = d.title;
    out.tags = [`mitre.${d.techniqueId}`, `observability.${d.mechanism === "file_access" ? "filesystem" : d.mechanism === "network_peers" ? "network" : "process"}`];
  }
  return out;
}

/** Host boot per agent, derived from the long-lived chain (systemd is always the last ancestor). */
function bootOf(ev: SimEvent): number {
  const root = ev.ancestors.length > 0 ? ev.ancestors[ev.ancestors.length - 1] : ev.proc;
  return root.start;
}

export function renderTetragon(_ctx: RenderCtx, ev: SimEvent): Rec {
  const ctx: Ctx = { agent: ev.agent, pod: ev.pod, boot: bootOf(ev) };
  const envelope: Rec = {};
  if (ev.op === "exec" && !ev.detection) {
    const exec: Rec = { process: processOf(ev.proc, ev.ancestors[0], ctx) };
    if (ev.ancestors[0]) exec.parent = processOf(ev.ancestors[0], ev.ancestors[1], ctx);
    if (ev.ancestors.length > 1) exec.ancestors = ev.ancestors.slice(1).map((a, i) => processOf(a, ev.ancestors[i + 2], ctx));
    envelope.process_exec = exec;
  } else {
    envelope.process_kprobe = kprobe(ev, ctx);
  }
  envelope.node_name = ev.agent.hostname;
  envelope.time = isoNanos(ev.time, ev.seq);
  if (ev.agent.cluster) envelope.cluster_name = ev.agent.cluster.name;
  return envelope;
}
