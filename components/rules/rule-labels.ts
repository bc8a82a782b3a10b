import type { RuleAction, RuleEventType } from "@/lib/rules/event-model";

// The Rules page's words for the evaluation model of seed 002. Pure.

export const ACTION_LABEL: Record<RuleAction, string> = { collect: "Collect", detect: "Detect", terminate: "Terminate" };

export const ACTION_HINT: Record<RuleAction, string> = {
  collect: "tags the event with the rule; no detection",
  detect: "makes the event a detection with the rule's severity (medium if none), grouped into issues",
  terminate: "a detection (high if no severity) marked with the intent to terminate; Vigil records it and kills nothing",
};

export const EVENT_TYPE_HINT: Record<RuleEventType, string> = {
  process_exec: "a process started",
  network_connect: "an outbound connection",
  unix_socket_connect: "a connection to a Unix socket",
  file_open: "a file opened",
  file_remove: "a file or folder removed",
  file_move: "a file moved or renamed",
  file_link: "a hard or symbolic link made",
  domain: "a domain looked up",
};

/** The helpers and macros a condition may use, with an example each (seed 002's and CEL's). */
export const CEL_HELPERS: readonly { name: string; example: string; meaning: string }[] = [
  { name: "startsWith", example: 'process.exec_path.startsWith("/tmp/")', meaning: "string prefix" },
  { name: "endsWith", example: 'process.exec_path.endsWith("/curl")', meaning: "string suffix" },
  { name: "contains", example: 'path.contains("/.ssh/")', meaning: "substring" },
  { name: "matches", example: 'domain.matches("^[a-z0-9]{20,}\\\\.")', meaning: "RE2 regular expression" },
  { name: "exists", example: 'process.ancestors.exists(a, a.exec_path.endsWith("/npm"))', meaning: "some element satisfies" },
  { name: "all", example: 'process.argv.all(x, x.size() < 200)', meaning: "every element satisfies" },
  { name: "exists_one", example: 'process.argv.exists_one(x, x == "-e")', meaning: "exactly one element satisfies" },
  { name: "size", example: "process.ancestors.size() > 3", meaning: "length of a string or list" },
  { name: "in", example: 'remote_port in [3333, 4444, 5555]', meaning: "membership in a list" },
  { name: "inIpRange", example: 'inIpRange(remote_ip, "169.254.169.254/32")', meaning: "an address in a CIDR range (IPv4 or IPv6)" },
];

export function formatRate(rate: number | null): string {
  return rate === null ? "—" : `${Math.round(rate * 100)}%`;
}
