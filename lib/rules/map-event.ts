import type { FileInfo, FlowInfo, ProcessInfo } from "@/lib/ingest/types";
import { EVENT_FIELDS, ruleProcess, zeroOf, type PayloadValue, type RuleEvent, type RuleEventType, type RuleProcess } from "./event-model";

// Vigil's stored events (the typed columns and JSON of lib/ingest/event-row.ts, whatever format
// sent them) onto the evaluation model of seed 002. Pure, and the same for ingest and for a
// retro-hunt over stored rows. The table of what maps to what is in docs/formats.md.

/** The columns of an event (an EventRow, or a stored row) that the mapping reads. */
export interface RuleSourceEvent {
  kind: string;
  type: string;
  sourceFormat: string;
  processExe: string | null;
  processArgs: string | null;
  /** ProcessInfo, with `parent` when the source named one. */
  process: object | null;
  /** Ancestors nearest-first (ProcessInfo[]). */
  ancestry: object | null;
  protocol: string | null;
  remoteAddress: string | null;
  remotePort: number | null;
  flow: object | null;
  domain: string | null;
  file: object | null;
  flags: string[];
}

const FILE_OPERATIONS: Record<string, RuleEventType> = {
  exec: "process_exec",
  connect: "unix_socket_connect",
  open: "file_open",
  read: "file_open",
  write: "file_open",
  remove: "file_remove",
  unlink: "file_remove",
  rmdir: "file_remove",
  rename: "file_move",
  link: "file_link",
};

/** Flows that are no outbound connection: an ended or listening socket, a bind. */
const NOT_CONNECT = new Set(["process_close", "process_listen", "socket_bind", "socket_create"]);

/**
 * "curl -fsSL https://x" → ["curl", "-fsSL", "https://x"]: sources keep the command line joined by
 * spaces. Tetragon wraps an argument that contains a space in double quotes (escaping nothing):
 * with `tetragonQuotes`, `sh -c "id; ls"` → ["sh", "-c", "id; ls"]. Other formats join without
 * quoting, so their quotes are the argument's own (docs/rules.md, known limitation).
 */
export function argvOf(args: string | null | undefined, tetragonQuotes = false): string[] {
  if (!args) return [];
  if (!tetragonQuotes || !args.includes('"')) return args.split(/\s+/).filter(Boolean);
  const out: string[] = [];
  let i = 0;
  while (i < args.length) {
    if (/\s/.test(args[i])) {
      i++;
      continue;
    }
    const end = nextSpace(args, i);
    // A wrapped argument: from a leading quote to a quote that ends a word, with a space inside.
    if (args[i] === '"') {
      const close = /"(?=\s|$)/g;
      close.lastIndex = i + 1;
      const m = close.exec(args);
      if (m && args.slice(i + 1, m.index).includes(" ")) {
        out.push(args.slice(i + 1, m.index));
        i = m.index + 1;
        continue;
      }
    }
    out.push(args.slice(i, end));
    i = end;
  }
  return out;
}

function nextSpace(s: string, from: number): number {
  const space = /\s/g;
  space.lastIndex = from;
  return space.exec(s)?.index ?? s.length;
}

function flagValue(flags: string[], prefix: string): string | undefined {
  return flags.find((f) => f.startsWith(prefix))?.slice(prefix.length);
}

/** Which seed-002 event type a stored event is, or null when it is none of them. */
export function ruleEventTypeOf(e: RuleSourceEvent): RuleEventType | null {
  const file = e.file as FileInfo | null;
  const byFile = file?.operation ? FILE_OPERATIONS[file.operation] : undefined;
  if (byFile) return byFile;
  const flow = e.flow as FlowInfo | null;
  if (e.type === "dns_query" || (e.domain && !e.remoteAddress)) return e.domain ? "domain" : null;
  if (e.remoteAddress && flow?.direction !== "ingress" && !NOT_CONNECT.has(e.type)) return "network_connect";
  if (e.type === "process_exec") return "process_exec";
  // A KubeArmor Process alert: its type is the policy's name, and the adapter keeps the
  // parent's command line (Source) only for Process operations.
  const parent = (e.process as { parent?: ProcessInfo } | null)?.parent;
  if (e.sourceFormat === "kubearmor" && e.processExe && !file && !flow && parent?.args !== undefined) return "process_exec";
  return null;
}

/**
 * A condition on the events table true for every stored event that ruleEventTypeOf maps to
 * `type` (and for some others): a retro-hunt reads only those rows. Keep it a superset of the
 * mapping above; lib/rules/retro-hunt.integration.test.ts checks it on the corpus.
 */
export function ruleEventTypeCandidatesSql(type: RuleEventType): string {
  const ops = Object.entries(FILE_OPERATIONS).filter(([, t]) => t === type).map(([op]) => `'${op}'`);
  const byFile = ops.length > 0 ? [`file->>'operation' IN (${ops.join(", ")})`] : [];
  if (type === "process_exec") return [...byFile, "type = 'process_exec'", "(source_format = 'kubearmor' AND process_exe IS NOT NULL)"].join(" OR ");
  if (type === "network_connect") return [...byFile, "remote_address IS NOT NULL"].join(" OR ");
  if (type === "domain") return [...byFile, "domain IS NOT NULL"].join(" OR ");
  return byFile.join(" OR ");
}

/**
 * The ancestors an event names, nearest-first: its `ancestry`, else the parent it named. Ingest,
 * a retro-hunt and a rule test fill `ancestry` from the process nodes Vigil keeps where the agent
 * sent less (lib/rules/process-ancestry.ts); the mapping itself reads only what it is given.
 */
export function ownAncestry(e: Pick<RuleSourceEvent, "process" | "ancestry">): ProcessInfo[] {
  if (Array.isArray(e.ancestry)) return e.ancestry as ProcessInfo[];
  const parent = (e.process as { parent?: ProcessInfo } | null)?.parent;
  return parent ? [parent] : [];
}

function processOf(e: RuleSourceEvent): RuleProcess {
  const p = e.process as ProcessInfo | null;
  const chain = ownAncestry(e);
  const quoted = e.sourceFormat === "tetragon";
  return ruleProcess(
    e.processExe ?? p?.exe ?? "",
    argvOf(e.processArgs ?? p?.args, quoted),
    chain.map((a) => ({ exec_path: a.exe ?? "", argv: argvOf(a.args, quoted) })),
  );
}

/** read / write access of an open: the operation, open(2) flags by name (O_RDWR …) or number. */
function accessOf(op: string | undefined, flags: string | undefined, tags: string[]): { read: boolean; write: boolean; bits: bigint } {
  let read = op === "read" || tags.includes("read");
  let write = op === "write" || tags.includes("write");
  let bits = 0n;
  if (flags && /^\d+$/.test(flags)) {
    bits = BigInt(flags);
    const mode = bits & 3n;
    read ||= mode === 0n || mode === 2n;
    write ||= mode === 1n || mode === 2n;
  } else if (flags) {
    read ||= /O_RDONLY|O_RDWR/.test(flags);
    write ||= /O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|O_APPEND/.test(flags);
  }
  if (!read && !write && op === "open") read = true;
  return { read, write, bits };
}

function familyOf(address: string, ipVersion: number | undefined): string {
  if (ipVersion === 6 || (!ipVersion && address.includes(":"))) return "ipv6";
  return "ipv4";
}

function payloadOf(type: RuleEventType, e: RuleSourceEvent): Record<string, PayloadValue> {
  const file = (e.file ?? {}) as Partial<FileInfo>;
  const flow = (e.flow ?? {}) as FlowInfo;
  const flags = e.flags;
  switch (type) {
    case "process_exec":
      return { is_memfd: flags.includes("memfd") };
    case "network_connect":
      return {
        remote_ip: e.remoteAddress ?? "",
        remote_port: BigInt(e.remotePort ?? 0),
        protocol: (e.protocol ?? "").toLowerCase(),
        family: familyOf(e.remoteAddress ?? "", flow.ipVersion),
      };
    case "unix_socket_connect": {
      const path = file.path ?? "";
      return { path, socket_type: flagValue(flags, "socket:") ?? "unknown", is_abstract: flags.includes("abstract") || path.startsWith("@") };
    }
    case "file_open": {
      const access = accessOf(file.operation, file.flags, flags);
      return { path: file.path ?? "", is_read: access.read, is_write: access.write, flags: access.bits };
    }
    case "file_remove":
      return { path: file.path ?? "", is_folder: flags.includes("directory") || /rmdir/.test(e.type) };
    case "file_move":
      return { from_path: file.path ?? "", to_path: file.targetPath ?? "" };
    case "file_link":
      return {
        created_path: file.path ?? "",
        existing_path: file.targetPath ?? "",
        is_hardlink: flags.includes("hardlink"),
        is_symlink: flags.includes("symlink") || /symlink/.test(e.type),
      };
    case "domain":
      return {
        domain: (e.domain ?? "").toLowerCase().replace(/\.$/, ""),
        source: flagValue(flags, "source:") ?? (e.type === "dns_query" ? "dns" : ""),
      };
  }
}

/** The event as seed 002's rules see it, or null when it is none of the rule event types. */
export function toRuleEvent(e: RuleSourceEvent): RuleEvent | null {
  const eventType = ruleEventTypeOf(e);
  if (!eventType) return null;
  const payload = payloadOf(eventType, e);
  for (const f of EVENT_FIELDS[eventType]) payload[f.name] ??= zeroOf(f.type);
  return { eventType, process: processOf(e), payload };
}
