import { compact, get, int, isRecord, lower, str } from "./adapter-utils";
import type { AgentContext, FileInfo, FlowEndpoint, FlowInfo } from "./types";

// Where a Datadog event happened (host, Kubernetes tags, container), its network flow and its file.

type Rec = Record<string, unknown>;

/** Datadog tags come as ["key:value", …] or "key:value,key:value"; the first value of a key wins. */
export function tagMap(...sources: unknown[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const source of sources) {
    const list = typeof source === "string" ? source.split(",") : Array.isArray(source) ? source : [];
    for (const tag of list) {
      if (typeof tag !== "string") continue;
      const cut = tag.indexOf(":");
      if (cut <= 0) continue;
      const key = tag.slice(0, cut).trim();
      const value = tag.slice(cut + 1).trim();
      if (value && !out.has(key)) out.set(key, value);
    }
  }
  return out;
}

function imageOf(tags: Map<string, string>): string | undefined {
  const name = tags.get("image_name") ?? tags.get("short_image");
  const tag = tags.get("image_tag");
  return name && tag && !name.includes(":") ? `${name}:${tag}` : name;
}

export function containerId(event: Rec): string | undefined {
  return str(get(event, "container", "id")) ?? str(get(event, "process", "container", "id"));
}

export function agentContext(event: Rec, envelope: Rec, tags: Map<string, string>): AgentContext {
  const agent = event.agent;
  return compact<AgentContext>({
    version: str(get(agent, "version")),
    os: str(get(agent, "os")),
    arch: str(get(agent, "arch")),
    hostname: str(envelope.hostname) ?? str(envelope.host) ?? str(event.hostname) ?? str(event.host) ?? tags.get("host"),
    cluster: tags.get("kube_cluster_name") ?? tags.get("cluster_name"),
    namespace: tags.get("kube_namespace"),
    node: tags.get("kube_node"),
    pod: tags.get("pod_name"),
    // The contract has one container field: its name when a tag gives it, else the id.
    container: tags.get("container_name") ?? containerId(event),
    image: imageOf(tags),
  });
}

function endpoint(v: unknown): FlowEndpoint | undefined {
  if (!isRecord(v)) return undefined;
  const ep = compact<FlowEndpoint>({ address: str(v.ip), port: int(v.port) });
  return Object.keys(ep).length > 0 ? ep : undefined;
}

function ipVersion(l3: string | undefined, family: string | undefined): number | undefined {
  const v = `${l3 ?? ""} ${family ?? ""}`.toLowerCase();
  if (v.includes("ipv6") || v.includes("inet6")) return 6;
  if (v.includes("ipv4") || v.includes("inet")) return 4;
  return undefined;
}

const DIRECTIONS: Record<string, string> = { connect: "egress", dns: "egress", imds: "egress", accept: "ingress" };

export interface FlowResult {
  flow?: FlowInfo;
  domain?: string;
}

/** network{source,destination}, dns.question and the connect/accept/bind `addr` → flow and domain. */
export function flowOf(event: Rec, evtName: string | undefined): FlowResult {
  const net = event.network;
  const own = evtName ? event[evtName] : undefined;
  const addr = endpoint(get(own, "addr"));
  const hostnames = get(own, "hostnames");
  const hostname = Array.isArray(hostnames) ? str(hostnames[0]) : undefined;
  const source = endpoint(get(net, "source"));
  const destination = endpoint(get(net, "destination"));
  const isBind = evtName === "bind";
  const remote = isBind ? destination : (addr ?? destination);
  const flow = compact<FlowInfo>({
    protocol: lower(get(net, "l4_protocol")) ?? lower(get(own, "protocol")),
    ipVersion: ipVersion(str(get(net, "l3_protocol")), str(get(own, "addr", "family"))),
    local: isBind ? (addr ?? source) : source,
    remote: remote && hostname ? { ...remote, name: hostname } : remote,
    direction: evtName ? DIRECTIONS[evtName] : undefined,
  });
  const domain = str(get(event, "dns", "question", "name")) ?? hostname;
  const hasEndpoint = flow.local !== undefined || flow.remote !== undefined;
  return { flow: hasEndpoint ? flow : undefined, domain };
}

/** Datadog event names whose `file` is the object acted on, and the contract's operation word for each. */
const FILE_OPERATIONS: Record<string, string> = {
  open: "open", unlink: "remove", rmdir: "remove", rename: "rename", chmod: "chmod", chown: "chown",
  link: "link", mkdir: "mkdir", utimes: "utimes", setxattr: "setxattr", removexattr: "removexattr",
  splice: "splice", exec: "exec", mmap: "mmap", load_module: "load_module", chdir: "chdir",
};

function fileFlags(f: unknown): string | undefined {
  const flags = get(f, "flags");
  if (!Array.isArray(flags)) return undefined;
  const list = flags.filter((x): x is string => typeof x === "string" && x.length > 0);
  return list.length > 0 ? list.join("|") : undefined;
}

export function fileOf(event: Rec, evtName: string | undefined): FileInfo | undefined {
  const mount = event.mount;
  if (evtName === "mount" && isRecord(mount)) {
    const mp = str(mount["mountpoint.path"]) ?? str(get(mount, "mp", "path"));
    return mp ? compact<FileInfo>({ path: mp, operation: "mount", targetPath: str(mount["source.path"]) }) : undefined;
  }
  const f = event.file;
  const path = str(get(f, "path"));
  if (!path) return undefined;
  return compact<FileInfo>({
    path,
    operation: evtName ? FILE_OPERATIONS[evtName] : undefined,
    flags: fileFlags(f),
    targetPath: str(get(f, "destination", "path")),
  });
}
