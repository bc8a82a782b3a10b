import { compact, get, int, isRecord, str } from "./adapter-utils";
import type { FileInfo, FlowEndpoint, FlowInfo } from "./types";

// Tetragon hook arguments (KprobeArgument: file_arg, path_arg, sock_arg, …) → file / flow,
// and KprobeAction → Vigil action/outcome.

type Rec = Record<string, unknown>;

export function hookArgs(ev: Rec): Rec[] {
  return Array.isArray(ev.args) ? ev.args.filter(isRecord) : [];
}

// Linux MAY_* mask passed to security_file_permission.
const MAY_EXEC = 1;
const MAY_WRITE = 2;
const MAY_READ = 4;
const MAY_APPEND = 8;

function permissionOperation(args: Rec[]): string | undefined {
  const mask = args.map((a) => int(a.int_arg)).find((n) => n !== undefined);
  if (mask === undefined) return undefined;
  if (mask & (MAY_WRITE | MAY_APPEND)) return "write";
  if (mask & MAY_READ) return "read";
  if (mask & MAY_EXEC) return "exec";
  return undefined;
}

// First match wins, so the more specific patterns come first.
const OPERATIONS: Array<[RegExp, string]> = [
  [/unlink|rmdir/, "remove"],
  [/rename/, "rename"],
  [/link/, "link"],
  [/chmod/, "chmod"],
  [/chown/, "chown"],
  [/truncate/, "truncate"],
  [/mkdir/, "mkdir"],
  [/bprm|exec/, "exec"],
  [/mmap/, "mmap"],
  [/read/, "read"],
  [/write/, "write"],
  [/open|fd_install/, "open"],
];

export function fileOperation(fn: string, args: Rec[]): string | undefined {
  if (/file_permission$/.test(fn)) return permissionOperation(args);
  return OPERATIONS.find(([re]) => re.test(fn))?.[1];
}

function argPath(a: Rec): { path: string; flags?: string } | undefined {
  for (const key of ["file_arg", "path_arg", "linux_binprm_arg"]) {
    const path = str(get(a, key, "path"));
    if (path) return { path, flags: str(get(a, key, "flags")) };
  }
  return undefined;
}

// Syscall kprobes receive the path as a plain string_arg.
const PATH_SYSCALL = /sys_(open|openat2?|creat|unlink(at)?|rename(at2?)?|mkdir(at)?|rmdir|chmod|fchmodat|chown|fchownat|truncate|execve(at)?|link(at)?|symlink(at)?)$/;

export function fileFromArgs(fn: string, args: Rec[]): FileInfo | undefined {
  let paths = args.map(argPath).filter((p) => p !== undefined);
  if (paths.length === 0 && PATH_SYSCALL.test(fn)) {
    paths = args.flatMap((a) => {
      const path = str(a.string_arg);
      return path ? [{ path }] : [];
    });
  }
  const first = paths[0];
  if (!first) return undefined;
  const operation = fileOperation(fn, args);
  const twoPaths = operation === "rename" || operation === "link";
  return compact<FileInfo>({
    path: first.path,
    operation,
    flags: first.flags,
    targetPath: twoPaths ? paths[1]?.path : undefined,
  });
}

function protocolName(v: unknown): string | undefined {
  const s = str(v);
  return s ? s.replace(/^IPPROTO_/i, "").toUpperCase() : undefined;
}

function ipVersion(family: unknown, address: string | undefined): number | undefined {
  const f = str(family);
  if (f === "AF_INET") return 4;
  if (f === "AF_INET6") return 6;
  if (!address) return undefined;
  return address.includes(":") ? 6 : 4;
}

function endpoint(address: unknown, port: unknown): FlowEndpoint | undefined {
  const ep = compact<FlowEndpoint>({ address: str(address), port: int(port) });
  return Object.keys(ep).length > 0 ? ep : undefined;
}

function direction(fn: string): string | undefined {
  if (/accept/.test(fn)) return "ingress";
  if (/connect|sendmsg|sendto/.test(fn)) return "egress";
  return undefined;
}

function closeStatus(fn: string): string | undefined {
  return /close/.test(fn) ? "ended" : undefined;
}

/** A sock_arg names both ends (s = local, d = remote); a sockaddr_arg names only the peer (or the bound address). */
export function flowFromArgs(fn: string, args: Rec[], ret: unknown): FlowInfo | undefined {
  const all = isRecord(ret) ? [...args, ret] : args;
  const sock = all.map((a) => a.sock_arg).find(isRecord);
  if (sock) {
    const remote = endpoint(sock.daddr, sock.dport);
    return compact<FlowInfo>({
      protocol: protocolName(sock.protocol),
      ipVersion: ipVersion(sock.family, str(sock.daddr) ?? str(sock.saddr)),
      local: endpoint(sock.saddr, sock.sport),
      remote,
      direction: direction(fn),
      status: closeStatus(fn),
    });
  }
  const addr = all.map((a) => a.sockaddr_arg).find(isRecord);
  if (!addr || !str(addr.addr)) return undefined;
  const ep = endpoint(addr.addr, addr.port);
  const isBind = /bind/.test(fn);
  return compact<FlowInfo>({
    ipVersion: ipVersion(addr.family, str(addr.addr)),
    local: isBind ? ep : undefined,
    remote: isBind ? undefined : ep,
    direction: direction(fn),
  });
}

const LEGACY_SHAPE: Record<string, Pick<FlowInfo, "direction" | "status">> = {
  process_connect: { direction: "egress" },
  process_accept: { direction: "ingress" },
  process_close: { status: "ended" },
  process_listen: { status: "listening" },
};

/** The legacy socket events (process_connect/close/listen/accept) carry the tuple at the top. */
export function legacyFlow(key: string, ev: Rec): FlowInfo {
  const listen = key === "process_listen";
  const local = listen ? endpoint(ev.ip, ev.port) : endpoint(ev.source_ip, ev.source_port);
  const remoteEp = listen ? undefined : endpoint(ev.destination_ip, ev.destination_port);
  const names = Array.isArray(ev.destination_names)
    ? ev.destination_names.filter((n): n is string => typeof n === "string")
    : [];
  const remote = remoteEp ? compact<FlowEndpoint>({ ...remoteEp, name: names[0], names }) : undefined;
  return compact<FlowInfo>({
    protocol: protocolName(ev.protocol),
    ipVersion: ipVersion(undefined, remote?.address ?? local?.address),
    local,
    remote,
    ...LEGACY_SHAPE[key],
  });
}

// KprobeAction enum numbers, for exports that write enums as integers.
const ACTION_BY_NUMBER: Record<number, string> = {
  0: "UNKNOWN", 1: "POST", 2: "FOLLOWFD", 3: "SIGKILL", 4: "UNFOLLOWFD", 5: "OVERRIDE", 6: "COPYFD",
  7: "GETURL", 8: "DNSLOOKUP", 9: "NOPOST", 10: "SIGNAL", 11: "TRACKSOCK", 12: "UNTRACKSOCK",
  13: "NOTIFYENFORCER", 14: "CLEANUPENFORCERNOTIFICATION", 15: "SET",
};

export function actionName(v: unknown): string | undefined {
  const n = typeof v === "number" ? v : undefined;
  if (n !== undefined) return ACTION_BY_NUMBER[n];
  const s = str(v);
  return s ? s.toUpperCase().replace(/^KPROBE_ACTION_/, "") : undefined;
}

const ENFORCING = new Set(["SIGKILL", "OVERRIDE", "NOTIFYENFORCER"]);

export interface Verdict {
  action?: string;
  outcome?: string;
  enforced: boolean;
}

/** SIGKILL kills, OVERRIDE/NOTIFYENFORCER make the call fail; anything else only reported. */
export function verdict(ev: Rec): Verdict {
  const names = [actionName(ev.action), actionName(ev.return_action)].filter((a) => a !== undefined);
  const enforcing = names.find((a) => ENFORCING.has(a));
  if (enforcing === "SIGKILL") return { action: "kill", outcome: "killed", enforced: true };
  if (enforcing) return { action: "block", outcome: "denied", enforced: true };
  const ret = int(get(ev, "return", "int_arg"));
  const outcome = ret === undefined ? undefined : ret < 0 ? "failure" : "success";
  if (names.includes("SIGNAL")) return { action: "signal", outcome, enforced: false };
  return { action: names.length > 0 ? "audit" : undefined, outcome, enforced: false };
}
