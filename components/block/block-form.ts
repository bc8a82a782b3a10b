// The block dialog's pure parts: its links, its sentences and its checks. Tested in block-form.test.ts.
import { DEFAULT_STATE, eventsHref } from "@/lib/events/search-params";
import type { PolicyMode } from "@/lib/policies/scope-ref";
import { ApiProblem } from "@/components/events/events-api";
import type { BlockPreview, BlockScopeOption } from "./block-api";

/** The Events page showing what the dry run counted: its query over the last 7 days. */
export function dryRunEventsHref(search: string): string {
  return eventsHref({ ...DEFAULT_STATE, q: search, range: { kind: "preset", preset: "7d" } });
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

/** "This rule would have matched 12 events on 3 agents in the last 7 days." */
export function matchesSentence(m: BlockPreview["matches"]): string {
  if (m.events === 0) return "This rule would have matched no events in the last 7 days.";
  return `This rule would have matched ${plural(m.events, "event")} on ${plural(m.agents, "agent")} in the last 7 days.`;
}

/** Why the rule would not be enforced as it stands, or null when it would. */
export function modeNotice(mode: PolicyMode | null, scopeLabel: string): string | null {
  if (mode === "log") return `The policy of ${scopeLabel} is in log mode: the rule will be reported, not enforced.`;
  if (mode === "bypass") return `The policy of ${scopeLabel} is in bypass mode: the rule will have no effect until the policy is switched to log or enforce.`;
  return null;
}

export const sameScope = (a: Pick<BlockScopeOption, "scope" | "scopeRef">, b: Pick<BlockScopeOption, "scope" | "scopeRef">) =>
  a.scope === b.scope && a.scopeRef === b.scopeRef;

export type ExpiryCheck = { ok: true; iso: string | undefined } | { ok: false; error: string };

/** A datetime-local value (the browser's local time, no offset) as the ISO instant the API takes. */
export function checkExpiry(local: string, now: Date = new Date()): ExpiryCheck {
  if (local.trim() === "") return { ok: true, iso: undefined };
  const ms = Date.parse(local);
  if (Number.isNaN(ms)) return { ok: false, error: "Not a date and time." };
  if (ms <= now.getTime()) return { ok: false, error: "Must be in the future." };
  return { ok: true, iso: new Date(ms).toISOString() };
}

const pad = (n: number) => String(n).padStart(2, "0");

/** `now` as a datetime-local value, for the input's `min`. */
export function localDateTime(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export type BlockField = "scope" | "reason" | "expiresAt";

/** Which field of the form a refused request is about, if any. */
export function fieldOfProblem(err: unknown): BlockField | null {
  if (!(err instanceof ApiProblem) || err.status !== 400 || !err.field) return null;
  const head = err.field.split(".")[0];
  if (head === "reason" || head === "expiresAt") return head;
  if (head === "scope" || head === "scopeRef") return "scope";
  return null;
}

/** A failed dry run or block in one sentence. */
export function describeBlockError(err: unknown): string {
  if (err instanceof ApiProblem) {
    if (err.status === 403) return "Your role cannot block destinations: analysts and admins can.";
    if (err.status === 404) return "Not found: it may have been deleted, or it belongs to another tenant.";
    return err.detail || err.title;
  }
  return err instanceof Error ? err.message : "The request failed";
}

/** An issue's destination when it is one a network policy can deny (a domain or an address, not a file). */
export function blockableDestination(d: { kind: "domain" | "ip" | "file" | "exe"; value: string } | null): { type: "domain" | "ip"; value: string } | null {
  return d && (d.kind === "domain" || d.kind === "ip") ? { type: d.kind, value: d.value } : null;
}
