// Links from an event into pre-filled searches of the Events page (`/events?q=&from=&to=`),
// written in the query language of lib/events/parse-query.ts. Pure.

export interface RelatedSearch {
  id: "process" | "destination" | "agent" | "executable" | "file";
  label: string;
  query: string;
  from: string;
  to: string;
  href: string;
}

export interface RelatedInput {
  occurredAt: string;
  agentName: string | null;
  processPid: number | null;
  processExe: string | null;
  domain: string | null;
  remoteAddress: string | null;
  filePath: string | null;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

// Bare words stop at spaces, parentheses and quotes; a leading "-" or ">" or a "*" anywhere
// would change the meaning, and OR/AND/NOT are keywords. Anything else is quoted.
const BARE = /^[A-Za-z0-9_./@][A-Za-z0-9_./@-]*$/;
const KEYWORDS = new Set(["OR", "AND", "NOT"]);

/** A value as the query language reads it: bare when safe, else quoted with `"` and `\` escaped. */
export function quoteValue(value: string): string {
  if (BARE.test(value) && !KEYWORDS.has(value.toUpperCase())) return value;
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

export function term(field: string, value: string | number): string {
  return `${field}:${typeof value === "number" ? String(value) : quoteValue(value)}`;
}

export function searchHref(q: string, from: string, to: string): string {
  return `/events?${new URLSearchParams({ q, from, to }).toString()}`;
}

function around(iso: string, before: number, after: number): { from: string; to: string } {
  const t = Date.parse(iso);
  return { from: new Date(t - before).toISOString(), to: new Date(t + after).toISOString() };
}

export function relatedSearches(e: RelatedInput): RelatedSearch[] {
  const out: RelatedSearch[] = [];
  const add = (id: RelatedSearch["id"], label: string, terms: string[], range: { from: string; to: string }) => {
    const query = terms.join(" ");
    out.push({ id, label, query, ...range, href: searchHref(query, range.from, range.to) });
  };
  const agent = e.agentName ? term("agent", e.agentName) : null;
  if (agent && e.processPid !== null) {
    add("process", "Same process (±1 h)", [agent, term("processPid", e.processPid)], around(e.occurredAt, HOUR, HOUR));
  }
  if (e.domain) add("destination", "Same destination (±24 h)", [term("domain", e.domain)], around(e.occurredAt, 24 * HOUR, 24 * HOUR));
  else if (e.remoteAddress) {
    add("destination", "Same destination (±24 h)", [term("remoteAddress", e.remoteAddress)], around(e.occurredAt, 24 * HOUR, 24 * HOUR));
  }
  if (agent) add("agent", "Same agent (±5 min)", [agent], around(e.occurredAt, 5 * MINUTE, 5 * MINUTE));
  if (e.processExe) add("executable", "Same executable (±24 h)", [term("processExe", e.processExe)], around(e.occurredAt, 24 * HOUR, 24 * HOUR));
  if (e.filePath) add("file", "Same file (±24 h)", [term("filePath", e.filePath)], around(e.occurredAt, 24 * HOUR, 24 * HOUR));
  return out;
}
