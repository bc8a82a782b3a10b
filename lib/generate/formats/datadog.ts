import type { Proc, SimEvent } from "../model";
import { iso, isoNanos } from "../time";
import { type Rec, type RenderCtx, basename, comm, imageParts, inode, memo, resolverOf } from "./common";

// Datadog Workload Protection event (backend serializer, seed 001). Rule matches carry the
// {agent:{rule_id}, title} envelope; plain activity (as in activity dumps) carries only evt + context.
// Host and Kubernetes context travel as log-intake attributes: hostname, service, ddtags.

const GROUPS: Record<number, string> = { 0: "root", 33: "www-data", 101: "nginx", 1001: "docker" };

function credentials(p: Proc): Rec {
  const group = GROUPS[p.uid] ?? p.user;
  return {
    uid: p.uid, user: p.user, gid: p.uid, group,
    euid: p.uid, euser: p.user, egid: p.uid, egroup: group,
    fsuid: p.uid, fsuser: p.user, fsgid: p.uid, fsgroup: group,
    auid: p.uid === 0 ? 4294967295 : p.uid,
    cap_effective: p.uid === 0 ? ["CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_SETUID", "CAP_SETGID", "CAP_NET_BIND_SERVICE"] : [],
    cap_permitted: p.uid === 0 ? ["CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_SETUID", "CAP_SETGID", "CAP_NET_BIND_SERVICE"] : [],
  };
}

/** Files under /tmp and home directories belong to whoever wrote them; the rest to root. */
function ownerOf(path: string, p: Proc): number {
  return path.startsWith("/tmp/") || path.startsWith("/home/") || path.startsWith("/app/") ? p.uid : 0;
}

function fileOf(path: string, mode: number, owner: number): Rec {
  const user = owner === 0 ? "root" : "app";
  return {
    path, name: basename(path), inode: inode(path), mode, uid: owner, gid: owner, user, group: user,
    modification_time: "2024-09-12T08:14:03Z", change_time: "2024-09-12T08:14:03Z", hash_state: "Done",
  };
}

// Process contexts are rebuilt per event only for the event's own process; ancestors are shared.
const processBase = memo((p: Proc): Rec => {
  const out: Rec = {
    pid: p.pid,
    ppid: p.ppid,
    tid: p.pid,
    uid: p.uid,
    gid: p.uid,
    user: p.user,
    group: GROUPS[p.uid] ?? p.user,
    comm: comm(p),
    fork_time: iso(p.start - 1),
    exec_time: iso(p.start),
    credentials: credentials(p),
    executable: fileOf(p.exe, 33261, ownerOf(p.exe, p)),
    argv0: p.argv[0],
    args: p.argv.slice(1),
    is_exec_child: false,
    source: "ebpf",
  };
  if (p.containerId) out.container = { id: p.containerId };
  return out;
});

function processContext(ev: SimEvent): Rec {
  const ancestors = ev.ancestors.map(processBase);
  const own: Rec = { ...processBase(ev.proc) };
  if (ancestors.length > 0) own.parent = ancestors[0];
  own.ancestors = ancestors;
  return own;
}

function ddtags(ev: SimEvent): string {
  const base = `host:${ev.agent.hostname},source:runtime-security-agent,agent_version:${ev.agent.version}`;
  const pod = ev.pod;
  if (!pod) return base;
  const { repository, tag } = imageParts(pod.spec.image);
  const owner = pod.spec.ownerKind === "Deployment" ? `kube_deployment:${pod.spec.name}` : `kube_${pod.spec.ownerKind.toLowerCase()}:${pod.spec.name}`;
  return `${base},kube_cluster_name:${pod.cluster.name},kube_namespace:${pod.spec.namespace},kube_node:${pod.node},pod_name:${pod.name},` +
    `container_name:${pod.spec.container},image_name:${repository},short_image:${basename(repository)},image_tag:${tag},${owner}`;
}

const EVT = {
  exec: { name: "exec", category: "Process Activity" },
  file: { name: "open", category: "File Activity" },
  dns: { name: "dns", category: "Network Activity" },
  connect: { name: "connect", category: "Network Activity" },
} as const;

export function renderDatadog(_ctx: RenderCtx, ev: SimEvent): Rec {
  const blocked = ev.enforcement === "block";
  const out: Rec = {};
  const d = ev.detection;
  if (d) {
    const agent: Rec = { rule_id: d.datadogRule, rule_version: "3", policy_name: "datadog-agent-threats", policy_version: "1.34.0", version: ev.agent.version, os: "linux", arch: ev.agent.arch === "arm64" ? "arm64" : "x86_64", origin: "ebpf" };
    if (ev.enforcement === "kill") {
      agent.rule_actions = [{ type: "kill", signal: "SIGKILL", scope: "process", status: "performed", created_at: iso(ev.time), detected_at: iso(ev.time), killed_at: iso(ev.time + 2) }];
    }
    out.agent = agent;
    out.title = d.title;
  }
  const evt = EVT[ev.op];
  out.evt = { name: evt.name, category: evt.category, outcome: blocked ? "Refused" : "Success" };
  out.date = isoNanos(ev.time, ev.seq);
  if (ev.op === "exec") out.file = fileOf(ev.proc.exe, 33261, ownerOf(ev.proc.exe, ev.proc));
  if (ev.op === "file" && ev.file) {
    out.file = { ...fileOf(ev.file.path, ev.file.path === "/etc/shadow" ? 33184 : 33188, ownerOf(ev.file.path, ev.proc)), flags: ev.file.write ? ["O_WRONLY", "O_CREAT"] : ["O_RDONLY"] };
  }
  if (ev.op === "dns" && ev.net?.dns) {
    const resolver = resolverOf(ev);
    const size = 30 + ev.net.dns.domain.length;
    out.network = {
      device: { netns: 4026531840, ifindex: 2, ifname: ev.pod ? "eth0" : "ens5" },
      l3_protocol: "IPv4", l4_protocol: "UDP",
      source: { ip: ev.net.localIp, port: ev.net.localPort }, destination: { ip: resolver, port: 53 }, size,
    };
    out.dns = { id: ev.seq % 65536, question: { class: "CLASS_INET", type: "A", name: ev.net.dns.domain, size, count: 1 } };
  }
  out.process = processContext(ev);
  if (ev.pod && ev.proc.containerId) {
    out.container = { id: ev.pod.containerId, created_at: iso((ev.proc.containerStart ?? ev.time) - 800) };
  }
  out.usr = { id: ev.proc.user, group: GROUPS[ev.proc.uid] ?? ev.proc.user };
  out.hostname = ev.agent.hostname;
  out.service = "runtime-security-agent";
  out.ddsource = "runtime-security-agent";
  out.ddtags = ddtags(ev);
  return out;
}
