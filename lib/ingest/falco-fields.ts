import { compact, int, str } from "./adapter-utils";
import type { AgentContext, FileInfo, FlowEndpoint, FlowInfo, ProcessInfo } from "./types";

// Falco `output_fields` (flat "class.field" keys) → Vigil process tree, agent, file and flow.

export type Fields = Record<string, unknown>;

/** Falco prints "<NA>" (and sometimes null) for fields it could not resolve. */
export function field(f: Fields, key: string): string | undefined {
  const v = str(f[key]);
  if (v === undefined) return undefined;
  const t = v.trim();
  return t === "" || t === "<NA>" || t === "N/A" ? undefined : t;
}

function fieldInt(f: Fields, key: string): number | undefined {
  return int(field(f, key));
}

function nonEmpty<T extends object>(obj: T): T | undefined {
  const c = compact(obj);
  return Object.keys(c).length > 0 ? c : undefined;
}

// ---------- process tree ----------

export interface FalcoProcesses {
  process?: ProcessInfo;
  parent?: ProcessInfo;
  ancestors?: ProcessInfo[];
}

/** proc.aname[n] / proc.apid[n] are 1-based: [1] is the parent; Falco resolves up to 7 levels by default. */
const MAX_LEVEL = 7;

function ancestorAt(f: Fields, n: number): ProcessInfo | undefined {
  return nonEmpty<ProcessInfo>({
    exe: field(f, `proc.aexepath[${n}]`) ?? field(f, `proc.aexe[${n}]`),
    comm: field(f, `proc.aname[${n}]`),
    pid: fieldInt(f, `proc.apid[${n}]`),
    ppid: fieldInt(f, `proc.apid[${n + 1}]`),
  });
}

function parentOf(f: Fields): ProcessInfo | undefined {
  return nonEmpty<ProcessInfo>({
    exe: field(f, "proc.pexepath") ?? field(f, "proc.pexe"),
    comm: field(f, "proc.pname") ?? field(f, "proc.aname[1]"),
    args: field(f, "proc.pcmdline"),
    pid: fieldInt(f, "proc.ppid") ?? fieldInt(f, "proc.apid[1]"),
    ppid: fieldInt(f, "proc.apid[2]"),
  });
}

/** Ancestors nearest-first with the parent at [0]; stops at the first unknown level so positions stay true. */
export function processTree(f: Fields): FalcoProcesses {
  const parent = parentOf(f);
  const process = nonEmpty<ProcessInfo>({
    exe: field(f, "proc.exepath") ?? field(f, "proc.exe"),
    comm: field(f, "proc.name"),
    args: field(f, "proc.cmdline"),
    pid: fieldInt(f, "proc.pid"),
    ppid: fieldInt(f, "proc.ppid") ?? parent?.pid,
    uid: fieldInt(f, "user.uid"),
    user: field(f, "user.name"),
  });
  const ancestors: ProcessInfo[] = [];
  if (parent) {
    ancestors.push(parent);
    for (let n = 2; n <= MAX_LEVEL; n++) {
      const a = ancestorAt(f, n);
      if (!a) break;
      ancestors.push(a);
    }
  }
  return { process, parent, ancestors: ancestors.length > 0 ? ancestors : undefined };
}

// ---------- agent ----------

function image(f: Fields): string | undefined {
  const repo = field(f, "container.image.repository");
  const tag = field(f, "container.image.tag");
  if (repo) return tag ? `${repo}:${tag}` : repo;
  return field(f, "container.image");
}

/** Falco reports host processes with container.id "host"; that is not a container. */
export function containerOf(f: Fields): string | undefined {
  const id = field(f, "container.id");
  if (id === "host") return undefined;
  return field(f, "container.name") ?? id;
}

export function falcoAgent(hostname: string | undefined, f: Fields): AgentContext {
  // k8s_audit alerts carry the target object instead of k8s.* fields.
  const targetPod = field(f, "ka.target.resource") === "pods" ? field(f, "ka.target.name") : undefined;
  return compact<AgentContext>({
    hostname: hostname ?? field(f, "evt.hostname") ?? field(f, "falco.hostname"),
    version: field(f, "falco.version"),
    namespace: field(f, "k8s.ns.name") ?? field(f, "ka.target.namespace"),
    pod: field(f, "k8s.pod.name") ?? targetPod,
    container: containerOf(f),
    image: image(f),
  });
}

// ---------- file ----------

const FILE_OPS: Array<[RegExp, string]> = [
  [/^(open|openat|openat2|creat|open_by_handle_at)$/, "open"],
  [/^(unlink|unlinkat|rmdir)$/, "remove"],
  [/^(rename|renameat|renameat2)$/, "rename"],
  [/^(link|linkat|symlink|symlinkat)$/, "link"],
  [/^(chmod|fchmod|fchmodat)$/, "chmod"],
  [/^(execve|execveat)$/, "exec"],
  [/^(mkdir|mkdirat)$/, "mkdir"],
  [/^(write|pwrite|writev|pwritev)$/, "write"],
  [/^(read|pread|readv|preadv)$/, "read"],
];

const SOCKET_FD_TYPES = new Set(["ipv4", "ipv6", "unix"]);

function fdPath(f: Fields): string | undefined {
  const name = field(f, "fd.name");
  const type = field(f, "fd.type");
  if (!name || (type && SOCKET_FD_TYPES.has(type))) return undefined;
  return name.startsWith("/") && !name.includes("->") ? name : undefined;
}

export function falcoFile(f: Fields): FileInfo | undefined {
  const evtType = field(f, "evt.type");
  const operation = evtType ? FILE_OPS.find(([re]) => re.test(evtType))?.[1] : undefined;
  const path =
    field(f, "fs.path.name") ??
    field(f, "fs.path.source") ??
    fdPath(f) ??
    field(f, "evt.arg.path") ??
    field(f, "evt.arg.pathname") ??
    field(f, "evt.arg.filename") ??
    field(f, "evt.arg.oldpath") ??
    field(f, "evt.arg.linkpath") ??
    (operation ? field(f, "evt.arg.name") : undefined);
  if (!path) return undefined;
  return compact<FileInfo>({
    path,
    operation,
    flags: field(f, "evt.arg.flags"),
    targetPath: field(f, "fs.path.target") ?? field(f, "evt.arg.newpath") ?? field(f, "evt.arg.target"),
  });
}

// ---------- flow ----------

interface Tuple {
  client: FlowEndpoint;
  server: FlowEndpoint;
}

/** fd.name of a socket is "client_ip:client_port->server_ip:server_port". */
function parseTuple(name: string | undefined): Tuple | undefined {
  const m = name?.match(/^(.+):(\d+)->(.+):(\d+)$/);
  if (!m) return undefined;
  return {
    client: { address: m[1], port: Number(m[2]) },
    server: { address: m[3], port: Number(m[4]) },
  };
}

function isInbound(f: Fields): boolean | undefined {
  const evtType = field(f, "evt.type");
  const isServer = field(f, "fd.is_server");
  if (isServer !== undefined) return isServer === "true";
  if (!evtType) return undefined;
  if (/^accept/.test(evtType)) return true;
  if (/^(connect|sendto|sendmsg|sendmmsg)$/.test(evtType)) return false;
  return undefined;
}

const NETWORK_KEYS = ["fd.rip", "fd.sip", "fd.cip", "fd.lip", "fd.l4proto"];

function endpointFrom(f: Fields, prefix: "r" | "l" | "s" | "c", fallback?: FlowEndpoint): FlowEndpoint | undefined {
  return nonEmpty<FlowEndpoint>({
    address: field(f, `fd.${prefix}ip`) ?? fallback?.address,
    port: fieldInt(f, `fd.${prefix}port`) ?? fallback?.port,
    name: field(f, `fd.${prefix}ip.name`),
  });
}

export function falcoFlow(f: Fields): FlowInfo | undefined {
  const fdType = field(f, "fd.type");
  const tuple = parseTuple(field(f, "fd.name"));
  const network = NETWORK_KEYS.some((k) => field(f, k) !== undefined) || fdType === "ipv4" || fdType === "ipv6";
  if (!network && !tuple) return undefined;

  const inbound = isInbound(f);
  // Without a direction hint the process is taken to be the client, as in outbound-connect rules.
  const asServer = inbound === true;
  const byRole = {
    client: endpointFrom(f, "c", tuple?.client),
    server: endpointFrom(f, "s", tuple?.server),
  };
  const remote = endpointFrom(f, "r") ?? (asServer ? byRole.client : byRole.server);
  const local = endpointFrom(f, "l") ?? (asServer ? byRole.server : byRole.client);
  const address = remote?.address ?? local?.address;
  return compact<FlowInfo>({
    protocol: field(f, "fd.l4proto")?.toUpperCase(),
    ipVersion: fdType === "ipv4" ? 4 : fdType === "ipv6" ? 6 : address ? (address.includes(":") ? 6 : 4) : undefined,
    local,
    remote,
    direction: inbound === undefined ? undefined : inbound ? "ingress" : "egress",
  });
}
