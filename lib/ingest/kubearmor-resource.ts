import { compact, int, isRecord } from "./adapter-utils";
import type { FileInfo, FlowEndpoint, FlowInfo } from "./types";

// KubeArmor packs the details of an operation into "key=value" strings (Resource, Data) and
// the EventData map. This file turns them into flow, domain and file details.

/** Lower-cased keys; the first source that has a key wins (Resource, then Data, then EventData). */
export type KeyValues = Map<string, string>;

function addPairs(out: KeyValues, text: string): void {
  for (const token of text.split(/[\s,]+/)) {
    const cut = token.indexOf("=");
    if (cut <= 0) continue;
    const key = token.slice(0, cut).toLowerCase();
    if (!out.has(key)) out.set(key, token.slice(cut + 1));
  }
}

export function keyValues(...sources: unknown[]): KeyValues {
  const out: KeyValues = new Map();
  for (const source of sources) {
    if (typeof source === "string") addPairs(out, source);
    if (!isRecord(source)) continue;
    for (const [k, v] of Object.entries(source)) {
      if (typeof v !== "string" && typeof v !== "number") continue;
      const text = String(v);
      // A value may carry more pairs: {"Kfunc": "UDP_SENDMSG,domain=…,daddr=…"}.
      const head = text.split(/[\s,]/)[0];
      if (!out.has(k.toLowerCase())) out.set(k.toLowerCase(), text.includes("=") ? head : text);
      if (text.includes("=")) addPairs(out, text);
    }
  }
  return out;
}

/** "SYS_OPENAT" / "openat" → "openat". */
export function syscallName(kv: KeyValues): string | undefined {
  const raw = kv.get("syscall");
  return raw ? raw.replace(/^SYS_/i, "").toLowerCase() : undefined;
}

const FILE_SYSCALLS: Record<string, { op: string; type: string }> = {
  open: { op: "open", type: "file_open" }, openat: { op: "open", type: "file_open" },
  openat2: { op: "open", type: "file_open" }, creat: { op: "open", type: "file_open" },
  unlink: { op: "remove", type: "file_unlink" }, unlinkat: { op: "remove", type: "file_unlink" },
  rmdir: { op: "remove", type: "file_rmdir" }, rename: { op: "rename", type: "file_rename" },
  renameat: { op: "rename", type: "file_rename" }, renameat2: { op: "rename", type: "file_rename" },
  chmod: { op: "chmod", type: "file_chmod" }, fchmodat: { op: "chmod", type: "file_chmod" },
  chown: { op: "chown", type: "file_chown" }, fchownat: { op: "chown", type: "file_chown" },
  link: { op: "link", type: "file_link" }, linkat: { op: "link", type: "file_link" },
  symlink: { op: "link", type: "file_link" }, symlinkat: { op: "link", type: "file_link" },
  mkdir: { op: "mkdir", type: "file_mkdir" }, mkdirat: { op: "mkdir", type: "file_mkdir" },
};

/** The Vigil type of a file log ("file_open", "file_unlink", …). */
export function fileType(kv: KeyValues): string {
  const sc = syscallName(kv);
  return (sc && FILE_SYSCALLS[sc]?.type) || "file_access";
}

export function fileOf(path: string | undefined, kv: KeyValues): FileInfo | undefined {
  if (!path || !path.startsWith("/")) return undefined;
  const sc = syscallName(kv);
  const flags = kv.get("flags");
  return compact<FileInfo>({ path, operation: sc ? FILE_SYSCALLS[sc]?.op : undefined, flags: flags || undefined });
}

const IP_PROTOCOLS: Record<string, string> = { "1": "icmp", "6": "tcp", "17": "udp", "58": "icmpv6" };

/** In socket() records `domain=AF_INET` is the address family, not a DNS name. */
function family(kv: KeyValues): string | undefined {
  const f = kv.get("sa_family") ?? kv.get("domain");
  return f?.startsWith("AF_") ? f : undefined;
}

/** Sockets outside the IP families have no transport protocol; name the family instead. */
const LOCAL_FAMILIES: Record<string, string> = { AF_UNIX: "unix", AF_LOCAL: "unix", AF_PACKET: "packet", AF_NETLINK: "netlink" };

function protocolOf(kv: KeyValues): string | undefined {
  const explicit = kv.get("protocol");
  if (explicit && IP_PROTOCOLS[explicit]) return IP_PROTOCOLS[explicit];
  if (explicit && /^[a-z]+$/i.test(explicit)) return explicit.toLowerCase();
  const local = LOCAL_FAMILIES[family(kv) ?? ""];
  if (local) return local;
  const kfunc = kv.get("kfunc")?.toUpperCase();
  if (kfunc?.startsWith("UDP")) return "udp";
  if (kfunc?.startsWith("TCP")) return "tcp";
  const type = kv.get("type") ?? "";
  if (type.includes("SOCK_STREAM")) return "tcp";
  if (type.includes("SOCK_DGRAM")) return "udp";
  if (type.includes("SOCK_RAW")) return "raw";
  return undefined;
}

function ipVersionOf(kv: KeyValues): number | undefined {
  const f = family(kv);
  if (f === "AF_INET6") return 6;
  if (f === "AF_INET") return 4;
  const addr = kv.get("sin_addr") ?? kv.get("remoteip") ?? kv.get("daddr") ?? kv.get("destinationip");
  if (!addr) return undefined;
  return addr.includes(":") ? 6 : /^\d+\.\d+\.\d+\.\d+$/.test(addr) ? 4 : undefined;
}

const HOSTNAME = /^(?=.{1,253}$)(?!\d+\.\d+\.\d+\.\d+$)[a-z0-9_-]+(\.[a-z0-9_-]+)+\.?$/i;

/**
 * The DNS name: a bare Resource first (DNS policies put the name the program asked for there,
 * while `domain=` holds the resolver's search-list expansion), then `domain=` when it is not
 * an AF_* family, then `query=`.
 */
function dnsDomain(resource: string | undefined, kv: KeyValues): string | undefined {
  if (resource && HOSTNAME.test(resource)) return resource.replace(/\.$/, "");
  const domain = kv.get("domain");
  if (domain && !domain.startsWith("AF_")) return domain.replace(/\.$/, "");
  return kv.get("query") ?? kv.get("qname");
}

function endpoint(address: string | undefined, port: string | undefined): FlowEndpoint | undefined {
  const ep = compact<FlowEndpoint>({ address, port: int(port) });
  return Object.keys(ep).length > 0 ? ep : undefined;
}

/** NetworkFirewall records name both ends; Resource says which way the packet went. */
function firewallEnds(resource: string | undefined, kv: KeyValues): Pick<FlowInfo, "local" | "remote" | "direction"> {
  const source = endpoint(kv.get("sourceip"), kv.get("sourceport"));
  const destination = endpoint(kv.get("destinationip"), kv.get("destinationport"));
  if (resource?.toUpperCase() === "INGRESS") return { local: destination, remote: source, direction: "ingress" };
  return { local: source, remote: destination, direction: resource?.toUpperCase() === "EGRESS" ? "egress" : undefined };
}

function directionOf(kv: KeyValues): string | undefined {
  const what = `${kv.get("syscall") ?? ""} ${kv.get("kfunc") ?? ""} ${kv.get("lsm") ?? ""}`.toUpperCase();
  if (/ACCEPT/.test(what)) return "ingress";
  if (/CONNECT|SENDMSG|SENDTO/.test(what)) return "egress";
  return undefined;
}

export interface NetworkDetails {
  flow?: FlowInfo;
  domain?: string;
  type: string;
}

function networkType(kv: KeyValues, domain: string | undefined, flow: FlowInfo): string {
  if (domain) return "dns_query";
  const sc = syscallName(kv);
  if (sc === "socket") return "socket_create";
  if (sc === "bind") return "socket_bind";
  if (sc === "listen") return "socket_listen";
  return flow.remote ? "flow" : "network_activity";
}

export function networkDetails(resource: string | undefined, kv: KeyValues): NetworkDetails {
  const isFirewall = kv.has("sourceip") || kv.has("destinationip");
  const ends = isFirewall
    ? firewallEnds(resource, kv)
    : {
        remote: endpoint(
          kv.get("sin_addr") ?? kv.get("sin6_addr") ?? kv.get("remoteip") ?? kv.get("daddr"),
          kv.get("sin_port") ?? kv.get("sin6_port") ?? kv.get("port") ?? kv.get("dport"),
        ),
        direction: directionOf(kv),
      };
  const flow = compact<FlowInfo>({ protocol: protocolOf(kv), ipVersion: ipVersionOf(kv), ...ends });
  const domain = dnsDomain(resource, kv);
  return { flow: Object.keys(flow).length > 0 ? flow : undefined, domain, type: networkType(kv, domain, flow) };
}
