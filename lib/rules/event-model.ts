// The evaluation model of seed 002 (cicd-sensor rule sets): the event types a rule can name,
// the fields each exposes to its condition, and `process` with its ancestors. Pure: shared by
// validation, the engine, the docs' field reference and (later) the rule editor.

export const RULE_EVENT_TYPES = [
  "process_exec",
  "network_connect",
  "unix_socket_connect",
  "file_open",
  "file_remove",
  "file_move",
  "file_link",
  "domain",
] as const;
export type RuleEventType = (typeof RULE_EVENT_TYPES)[number];

export const RULE_ACTIONS = ["collect", "detect", "terminate"] as const;
export type RuleAction = (typeof RULE_ACTIONS)[number];

/** The CEL types a payload field can have. */
export type FieldType = "string" | "int" | "bool";

export interface FieldDef {
  name: string;
  type: FieldType;
  meaning: string;
}

/** Each event type's payload fields, as seed 002 lists them (`process` is common to all). */
export const EVENT_FIELDS: Record<RuleEventType, readonly FieldDef[]> = {
  process_exec: [{ name: "is_memfd", type: "bool", meaning: "True for memfd-backed execution" }],
  network_connect: [
    { name: "remote_ip", type: "string", meaning: "Destination IP address" },
    { name: "remote_port", type: "int", meaning: "Destination port" },
    { name: "protocol", type: "string", meaning: "Protocol: tcp, udp" },
    { name: "family", type: "string", meaning: "Destination address family: ipv4, ipv6" },
  ],
  unix_socket_connect: [
    { name: "path", type: "string", meaning: "Socket path; abstract namespace sockets as @…" },
    { name: "socket_type", type: "string", meaning: "stream, dgram, seqpacket, unknown" },
    { name: "is_abstract", type: "bool", meaning: "True for abstract namespace sockets" },
  ],
  file_open: [
    { name: "path", type: "string", meaning: "Opened file path" },
    { name: "is_read", type: "bool", meaning: "True when read access is included" },
    { name: "is_write", type: "bool", meaning: "True when write access is included" },
    { name: "flags", type: "int", meaning: "Open flags" },
  ],
  file_remove: [
    { name: "path", type: "string", meaning: "Removed path" },
    { name: "is_folder", type: "bool", meaning: "True for directory removal" },
  ],
  file_move: [
    { name: "from_path", type: "string", meaning: "Original path" },
    { name: "to_path", type: "string", meaning: "New path" },
  ],
  file_link: [
    { name: "created_path", type: "string", meaning: "Newly created link / symlink path" },
    { name: "existing_path", type: "string", meaning: "Existing target path" },
    { name: "is_hardlink", type: "bool", meaning: "True for hardlinks" },
    { name: "is_symlink", type: "bool", meaning: "True for symlinks" },
  ],
  domain: [
    { name: "domain", type: "string", meaning: "Query domain, lowercase, trailing dot removed" },
    { name: "source", type: "string", meaning: "Observation source, mainly dns" },
  ],
};

export const PROCESS_FIELDS: readonly FieldDef[] = [
  { name: "process.exec_path", type: "string", meaning: "Executable path" },
  { name: "process.argv", type: "string", meaning: "Process arguments (list(string))" },
  { name: "process.ancestors", type: "string", meaning: "Ancestors newest-first, each with exec_path, argv and descendants" },
];

/** A process on the path to the current one, as its descendants list it. */
export interface RuleDescendant {
  exec_path: string;
  argv: string[];
}

/** An ancestor: `descendants` runs from it toward the current process (parent → child), excluding that one. */
export interface RuleAncestor extends RuleDescendant {
  descendants: RuleDescendant[];
}

export interface RuleProcess {
  exec_path: string;
  argv: string[];
  /** Newest-first: [parent, grandparent, …]. */
  ancestors: RuleAncestor[];
}

/** Payload values as CEL sees them: ints are bigints. */
export type PayloadValue = string | bigint | boolean;

/** An event as a rule sees it: its type, `process`, and the payload fields at the top level. */
export interface RuleEvent {
  eventType: RuleEventType;
  process: RuleProcess;
  payload: Record<string, PayloadValue>;
}

/** A field the source did not have reads as its type's zero value, so a condition never fails on it. */
export function zeroOf(type: FieldType): PayloadValue {
  return type === "string" ? "" : type === "int" ? 0n : false;
}

/**
 * The ancestors of seed 002 from a newest-first chain of (exec_path, argv): ancestor i's
 * descendants are ancestors i-1 … 0, the processes below it on the way to the current one.
 */
export function withDescendants(chain: RuleDescendant[]): RuleAncestor[] {
  const below = chain.map((a) => ({ exec_path: a.exec_path, argv: a.argv }));
  return chain.map((a, i) => ({ exec_path: a.exec_path, argv: a.argv, descendants: below.slice(0, i).reverse() }));
}

/** `process` as a condition sees it. */
export function ruleProcess(execPath: string, argv: string[], chain: RuleDescendant[]): RuleProcess {
  return { exec_path: execPath, argv, ancestors: withDescendants(chain) };
}
