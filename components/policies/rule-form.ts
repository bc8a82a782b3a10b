import type { NetworkPolicyRuleItem, RuleAction } from "@/lib/policies/schemas";
import { normalizeRuleValue, type RuleType } from "@/lib/policies/rule-value";

// The rule form's fields, what they say as you type, and what they send. Pure.

export interface RuleFormFields {
  type: RuleType;
  value: string;
  action: RuleAction;
  reason: string;
  /** `<input type="datetime-local">`: local time, "" for never. */
  expires: string;
}

export type ValueCheck = { kind: "empty" } | { kind: "error"; message: string } | { kind: "ok"; stored: string; changed: boolean };

export function checkValue(type: RuleType, raw: string): ValueCheck {
  if (raw.trim() === "") return { kind: "empty" };
  const res = normalizeRuleValue(type, raw);
  return res.ok ? { kind: "ok", stored: res.value, changed: res.value !== raw.trim() } : { kind: "error", message: res.error };
}

const pad = (n: number) => String(n).padStart(2, "0");

/** An ISO time as the datetime-local input shows it, in the browser's time zone. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The input's local time as ISO 8601 (UTC); null for "never", the raw text when it is no date. */
export function fromLocalInput(local: string): string | null {
  if (local.trim() === "") return null;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? local : d.toISOString();
}

export function expiryProblem(local: string, now = Date.now()): string | null {
  if (local.trim() === "") return null;
  const t = new Date(local).getTime();
  if (Number.isNaN(t)) return "not a date and time";
  return t <= now ? "must be in the future" : null;
}

export function emptyRuleFields(): RuleFormFields {
  return { type: "domain", value: "", action: "deny", reason: "", expires: "" };
}

export function ruleFields(rule: NetworkPolicyRuleItem): RuleFormFields {
  return { type: rule.type, value: rule.value, action: rule.action, reason: rule.reason, expires: toLocalInput(rule.expiresAt) };
}

/** The body of a new rule. */
export function newRuleInput(f: RuleFormFields): Record<string, unknown> {
  return { type: f.type, value: f.value, action: f.action, reason: f.reason, expiresAt: fromLocalInput(f.expires) };
}

/**
 * What an edit changes, field by field: an untouched expiry is not sent (an expired rule's date
 * would be refused as past), an unchanged value neither. Null when nothing changed.
 */
export function ruleChanges(rule: NetworkPolicyRuleItem, f: RuleFormFields): Record<string, unknown> | null {
  const before = ruleFields(rule);
  const out: Record<string, unknown> = {};
  if (f.type !== before.type) out.type = f.type;
  if (f.value.trim() !== before.value) out.value = f.value;
  if (f.action !== before.action) out.action = f.action;
  if (f.reason.trim() !== before.reason) out.reason = f.reason;
  if (f.expires !== before.expires) out.expiresAt = fromLocalInput(f.expires);
  return Object.keys(out).length > 0 ? out : null;
}
