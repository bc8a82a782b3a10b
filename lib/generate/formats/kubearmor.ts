import type { Pod, Proc, SimEvent } from "../model";
import { isoMicros } from "../time";
import { type Rec, type RenderCtx, SEVERITY_SCORE, basename, resolverOf } from "./common";

// KubeArmor native JSON (seed 003): ContainerLog for visibility, MatchedPolicy for alerts with
// PolicyName / Severity / Action (Block → "Permission denied", Audit → "Passed").

/** KubeArmor prints the executable path followed by the arguments (argv[0] replaced). */
function cmdline(p: Proc): string {
  return p.argv.length > 1 ? `${p.exe} ${p.argv.slice(1).join(" ")}` : p.exe;
}

const podCache = new WeakMap<Pod, Rec>();

function podFields(pod: Pod): Rec {
  let f = podCache.get(pod);
  if (!f) {
    f = {
      ClusterName: pod.cluster.name,
      HostName: pod.node,
      NamespaceName: pod.spec.namespace,
      Owner: { Ref: pod.spec.ownerKind, Name: pod.spec.name, Namespace: pod.spec.namespace },
      PodName: pod.name,
      Labels: Object.entries(pod.spec.labels).map(([k, v]) => `${k}=${v}`).join(","),
      ContainerID: pod.containerId,
      ContainerName: pod.spec.container,
      ContainerImage: `${pod.spec.image}@sha256:${pod.imageDigest}`,
    };
    podCache.set(pod, f);
  }
  return f;
}

function operation(ev: SimEvent): { Operation: string; Resource: string; Data: string; EventData?: Rec } {
  if (ev.op === "file" && ev.file) {
    const flags = ev.file.write ? "O_WRONLY|O_CREAT|O_TRUNC" : "O_RDONLY";
    return { Operation: "File", Resource: ev.file.path, Data: `syscall=SYS_OPENAT fd=-100 flags=${flags}` };
  }
  if (ev.op === "connect" && ev.net) {
    const fd = 3 + (ev.seq % 20);
    return {
      Operation: "Network",
      Resource: `sa_family=AF_INET sin_port=${ev.net.remotePort} sin_addr=${ev.net.remoteIp}`,
      Data: `syscall=SYS_CONNECT fd=${fd}`,
      EventData: { Syscall: "SYS_CONNECT", Fd: String(fd), Sa_family: "AF_INET", Sin_port: String(ev.net.remotePort), Sin_addr: ev.net.remoteIp },
    };
  }
  if (ev.op === "dns" && ev.net?.dns) {
    const kfunc = `UDP_SENDMSG,domain=${ev.net.dns.domain},daddr=${resolverOf(ev)},qtype=A`;
    return { Operation: "Network", Resource: "sa_family=AF_INET sin_port=53", Data: `kfunc=${kfunc}`, EventData: { Kfunc: kfunc, Sa_family: "AF_INET", Sin_port: "53" } };
  }
  return { Operation: "Process", Resource: cmdline(ev.proc), Data: "syscall=SYS_EXECVE" };
}

export function renderKubeArmor(_ctx: RenderCtx, ev: SimEvent): Rec {
  const parent = ev.ancestors[0];
  const op = operation(ev);
  const d = ev.detection;
  const out: Rec = {
    Timestamp: Math.floor(ev.time / 1000),
    UpdatedTime: isoMicros(ev.time, ev.seq),
    ...(ev.pod ? podFields(ev.pod) : { ClusterName: ev.agent.cluster?.name ?? "default", HostName: ev.agent.hostname }),
    HostPPID: parent?.pid ?? 0,
    HostPID: ev.proc.pid,
    PPID: ev.proc.nsPpid ?? parent?.pid ?? 0,
    PID: ev.proc.nsPid ?? ev.proc.pid,
    UID: ev.proc.uid,
    ParentProcessName: parent?.exe ?? "",
    ProcessName: ev.proc.exe,
  };
  if (d) {
    const block = ev.enforcement === "block";
    const tags = `MITRE,MITRE_${d.techniqueId}_${d.technique}`;
    Object.assign(out, {
      PolicyName: d.kubearmorPolicy,
      Severity: String(SEVERITY_SCORE[d.severity]),
      Tags: tags,
      ATags: tags.split(","),
      Message: d.kubearmorMessage,
      Type: "MatchedPolicy",
    });
    Object.assign(out, {
      Source: op.Operation === "Process" ? (parent?.exe ?? "") : cmdline(ev.proc),
      ...op,
      Enforcer: block ? "BPFLSM" : "eBPF Monitor",
      Action: block ? "Block" : "Audit",
      Result: block ? "Permission denied" : "Passed",
    });
  } else {
    Object.assign(out, { Type: "ContainerLog", Source: op.Operation === "Process" ? (parent?.exe ?? "") : cmdline(ev.proc), ...op, Result: "Passed" });
  }
  out.Cwd = ev.proc.cwd;
  out.ExecEvent = { ExecID: String(ev.proc.start * 1000 + (ev.proc.pid % 1000)), ExecutableName: basename(ev.proc.exe) };
  out.KubeArmorVersion = ev.agent.version;
  return out;
}
