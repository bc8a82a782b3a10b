import { z } from "zod";
import { isRowId, pgText } from "@/lib/events/pg-limits";

// The audit log's vocabulary and its one query schema, shared by the Admin page (its URL) and
// GET /api/v1/audit. Pure: safe in client components.

/** Every action the audit log records; a writer of a new kind of act adds it here. */
export const AUDIT_ACTIONS = [
  "tenant.create",
  "tenant.rename",
  "tenant.settings.update",
  "user.create",
  "user.update",
  // Passwords and sign-in (lib/auth): a user's own change, an admin's reset, every sign-in attempt.
  "user.password_change",
  "user.password_reset",
  "auth.sign_in",
  "auth.sign_in_failed",
  "auth.sign_in_locked",
  "api_key.create",
  "api_key.revoke",
  "agent_token.create",
  "agent_token.revoke",
  // Network policies and their rules (lib/policies: admins' edits, and blocks by analysts).
  "network_policy.create",
  "network_policy.update",
  "network_policy.delete",
  "network_policy_rule.create",
  "network_policy_rule.update",
  "network_policy_rule.delete",
  // Detection rule sets (lib/rules: imports, edits on the Rules page and deletions, by admins).
  "rule_set.import",
  "rule_set.update",
  "rule_set.delete",
  // Retro-hunts (lib/rules/retro-hunt.ts): a rule run over stored events, by admins.
  "retro_hunt.start",
  "retro_hunt.cancel",
  // Retention (lib/retention): expired events removed by an admin's or the CLI's run (the server's scheduled runs are logged, not audited).
  "retention.run",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_SUBJECT_TYPES = ["tenant", "user", "api_key", "agent_token", "network_policy", "network_policy_rule", "rule_set", "retro_hunt"] as const;
export type AuditSubjectType = (typeof AUDIT_SUBJECT_TYPES)[number];

export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  "tenant.create": "Tenant created",
  "tenant.rename": "Tenant renamed",
  "tenant.settings.update": "Settings changed",
  "user.create": "User created",
  "user.update": "User changed",
  "user.password_change": "Password changed",
  "user.password_reset": "Password reset",
  "auth.sign_in": "Signed in",
  "auth.sign_in_failed": "Sign-in failed",
  "auth.sign_in_locked": "Sign-in refused (back-off)",
  "api_key.create": "API key created",
  "api_key.revoke": "API key revoked",
  "agent_token.create": "Agent token created",
  "agent_token.revoke": "Agent token revoked",
  "network_policy.create": "Policy created",
  "network_policy.update": "Policy changed",
  "network_policy.delete": "Policy deleted",
  "network_policy_rule.create": "Rule created",
  "network_policy_rule.update": "Rule changed",
  "network_policy_rule.delete": "Rule deleted",
  "rule_set.import": "Rule set imported",
  "rule_set.update": "Rule set edited",
  "rule_set.delete": "Rule set deleted",
  "retro_hunt.start": "Retro-hunt started",
  "retro_hunt.cancel": "Retro-hunt cancelled",
  "retention.run": "Expired events removed",
};

export const AUDIT_SUBJECT_LABELS: Record<AuditSubjectType, string> = {
  tenant: "Tenant",
  user: "User",
  api_key: "API key",
  agent_token: "Agent token",
  network_policy: "Network policy",
  network_policy_rule: "Policy rule",
  rule_set: "Detection rule set",
  retro_hunt: "Retro-hunt",
};

/** A stored action or subject type in words; one this build does not know (a newer one) as it is. */
export function auditLabel(labels: Record<string, string>, value: string): string {
  return Object.hasOwn(labels, value) ? labels[value] : value;
}

export const AUDIT_PAGE_SIZE = 50;
export const AUDIT_MAX_PAGE_SIZE = 200;

/** A form leaves an unused filter empty (`actor=`): that is no filter. */
const param = <S extends z.ZodType>(schema: S) => z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

/** A day (YYYY-MM-DD, UTC) or an instant with its offset, in years PostgreSQL and people use. */
const Instant = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], { error: "use YYYY-MM-DD or an ISO 8601 date-time" })
  .refine((s) => {
    const year = new Date(s).getUTCFullYear();
    return year >= 1970 && year <= 9999;
  }, "must be between 1970 and 9999");

export const AuditQuery = z
  .object({
    actor: param(pgText(z.string().trim().max(320))),
    action: param(z.enum(AUDIT_ACTIONS, { error: "not an action the audit log records" })),
    subjectType: param(z.enum(AUDIT_SUBJECT_TYPES, { error: "not a subject type the audit log records" })),
    /** From this day (its start) or instant on. */
    from: param(Instant),
    /** Up to this day (its end: the day is included) or instant (excluded). */
    to: param(Instant),
    /** Where the previous page ended (its nextCursor): the next page is older. */
    cursor: param(z.string().refine((s) => decodeAuditCursor(s) !== null, "not a cursor this log gave")),
    limit: param(z.coerce.number().int().min(1).max(AUDIT_MAX_PAGE_SIZE)),
    format: param(z.enum(["json", "csv"])),
  })
  .strict();
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AUDIT_QUERY_KEYS = Object.keys(AuditQuery.shape) as (keyof AuditQuery)[];

/** A page's last entry, as the next page's cursor: `<epoch ms>.<id>`. */
export interface AuditCursor {
  at: Date;
  id: string;
}

export function encodeAuditCursor(c: { at: string; id: string }): string {
  return `${Date.parse(c.at)}.${c.id}`;
}

export function decodeAuditCursor(text: string): AuditCursor | null {
  const m = /^(\d{1,15})\.(\d{1,19})$/.exec(text);
  if (!m || !isRowId(m[2])) return null;
  const at = new Date(Number(m[1]));
  return at.getUTCFullYear() <= 9999 ? { at, id: m[2] } : null;
}

export interface AuditTimeBounds {
  from: Date | null;
  /** Exclusive. */
  to: Date | null;
}

/** `from` and `to` as instants: a day starts at 00:00 UTC, and a `to` day is included whole. */
export function auditTimeBounds(q: Pick<AuditQuery, "from" | "to">): AuditTimeBounds {
  const day = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);
  const from = q.from ? new Date(day(q.from) ? `${q.from}T00:00:00Z` : q.from) : null;
  let to: Date | null = null;
  if (q.to) {
    to = new Date(day(q.to) ? `${q.to}T00:00:00Z` : q.to);
    if (day(q.to)) to.setUTCDate(to.getUTCDate() + 1);
  }
  return { from, to };
}

/** The filters of a query as URL parameters (no paging, no format): for links and the export. */
export function auditFilterParams(q: AuditQuery): URLSearchParams {
  const out = new URLSearchParams();
  for (const key of ["actor", "action", "subjectType", "from", "to"] as const) {
    const v = q[key];
    if (v) out.set(key, v);
  }
  return out;
}
