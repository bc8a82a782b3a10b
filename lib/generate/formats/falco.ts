import type { DetectionDef, SimEvent } from "../model";
import { isoNanos } from "../time";
import { type Rec, type RenderCtx, basename, cmdline, eventId, imageParts } from "./common";

// Falco JSON alert as Falcosidekick forwards it: {uuid, output, priority, rule, time,
// output_fields, source:"syscall", tags, hostname}. Falco's hostname is the node (FALCO_HOSTNAME).

const PRIORITY = { critical: "Critical", high: "Error", medium: "Warning", low: "Notice" } as const;

const MESSAGES: Record<string, string> = {
  "Detect crypto miners using the Stratum protocol": "Possible miner running",
  "Detect outbound connections to common miner pool ports": "Outbound connection to IP/Port flagged by https://cryptoioc.ch",
  "Run shell untrusted": "Shell spawned by untrusted binary",
  "Redirect STDOUT/STDIN to Network Connection in Container": "Redirect stdout/stdin to network connection",
  "Read sensitive file untrusted": "Sensitive file opened for reading by non-trusted program",
  "Contact K8S API Server From Container": "Unexpected connection to K8s API Server from container",
  "Terminal shell in container": "A shell was spawned in a container with an attached terminal",
  "Launch Package Management Process in Container": "Package management process launched in container",
  "Outbound Connection to C2 Servers": "Outbound connection to C2 server",
};

function messageOf(d: DetectionDef): string {
  return MESSAGES[d.falcoRule] ?? d.description;
}

function evtType(ev: SimEvent): string {
  if (ev.op === "file") return "openat";
  if (ev.op === "connect" || ev.op === "dns") return "connect";
  return "execve";
}

export function renderFalco(ctx: RenderCtx, ev: SimEvent): Rec {
  const d = ev.detection;
  const rule = d?.falcoRule ?? "Unexpected outbound connection destination";
  const priority = PRIORITY[d?.severity ?? "medium"];
  const p = ev.proc;
  const parent = ev.ancestors[0];
  const time = isoNanos(ev.time, ev.seq);
  const fields: Rec = {
    "evt.time": ev.time * 1_000_000 + (ev.seq % 1_000_000),
    "evt.type": evtType(ev),
    "evt.res": ev.enforcement === "block" ? "EACCES" : "SUCCESS",
    "evt.hostname": ev.agent.hostname,
    "proc.cmdline": cmdline(p),
    "proc.exepath": p.exe,
    "proc.name": basename(p.exe).slice(0, 15),
    "proc.pid": p.pid,
    "proc.ppid": p.ppid,
    "proc.pname": parent ? basename(parent.exe).slice(0, 15) : null,
    "proc.pcmdline": parent ? cmdline(parent) : null,
    "proc.aname[2]": ev.ancestors[1] ? basename(ev.ancestors[1].exe).slice(0, 15) : null,
    "proc.aname[3]": ev.ancestors[2] ? basename(ev.ancestors[2].exe).slice(0, 15) : null,
    "proc.tty": d?.falcoRule === "Terminal shell in container" ? 34816 : 0,
    "user.name": p.user,
    "user.uid": p.uid,
    "user.loginuid": -1,
  };
  let detail = "";
  if (ev.file) {
    fields["fd.name"] = ev.file.path;
    fields["fd.type"] = "file";
    detail = `file=${ev.file.path} `;
  }
  if (ev.net) {
    const conn = `${ev.net.localIp}:${ev.net.localPort}->${ev.net.remoteIp}:${ev.net.remotePort}`;
    Object.assign(fields, { "fd.name": conn, "fd.type": "ipv4", "fd.rip": ev.net.remoteIp, "fd.rport": ev.net.remotePort, "fd.sip": ev.net.remoteIp, "fd.l4proto": "tcp" });
    if (ev.net.dns) fields["fd.sip.name"] = ev.net.dns.domain;
    detail = `connection=${conn} `;
  }
  let where = "";
  if (ev.pod && p.containerId) {
    const { repository, tag } = imageParts(ev.pod.spec.image);
    const cid = p.containerId.slice(0, 12);
    Object.assign(fields, {
      "container.id": cid,
      "container.name": ev.pod.spec.container,
      "container.image.repository": repository,
      "container.image.tag": tag,
      "k8s.ns.name": ev.pod.spec.namespace,
      "k8s.pod.name": ev.pod.name,
    });
    where = ` container_id=${cid} container_name=${ev.pod.spec.container} image=${repository}:${tag} k8s.ns=${ev.pod.spec.namespace} k8s.pod=${ev.pod.name}`;
  } else {
    Object.assign(fields, { "container.id": "host", "container.name": "host" });
    where = " container_id=host container_name=host";
  }
  const clock = time.slice(11, 29);
  const message = d ? messageOf(d) : "Disallowed outbound connection destination";
  const output =
    `${clock}: ${priority} ${message} (${detail}user=${p.user} user_uid=${p.uid} user_loginuid=-1 process=${fields["proc.name"]} ` +
    `proc_exepath=${p.exe} parent=${fields["proc.pname"] ?? "<NA>"} command=${fields["proc.cmdline"]} terminal=${fields["proc.tty"]}${where})`;
  return {
    uuid: eventId(ctx, ev),
    output,
    priority,
    rule,
    time,
    output_fields: fields,
    source: "syscall",
    tags: d ? d.falcoTags : ["network"],
    hostname: ev.agent.hostname,
  };
}
