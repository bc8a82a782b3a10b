import { z } from "zod";
import { pgText } from "@/lib/events/pg-limits";
import { normalizeRuleValue, RULE_TYPES, type RuleType } from "./rule-value";
import { normalizeScopeRef, POLICY_MODES, POLICY_SCOPES, type PolicyMode, type PolicyScope } from "./scope-ref";

// Network-policy inputs and the items the API returns. Pure: the policy forms may import them.

export const RULE_ACTIONS = ["allow", "deny"] as const;
export type RuleAction = (typeof RULE_ACTIONS)[number];

export const RULE_REASON_MAX = 1000;

const oneOf = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.enum(values, { error: (iss) => (iss.input === undefined ? `${what} is required` : `must be one of ${values.join(", ")}`) });

export const PolicyScopeInput = oneOf(POLICY_SCOPES, "a scope");
export const PolicyModeInput = oneOf(POLICY_MODES, "a mode");
export const RuleTypeInput = oneOf(RULE_TYPES, "a rule type");
export const RuleActionInput = oneOf(RULE_ACTIONS, "an action");

/** The version the caller saw, from the body or If-Match: a change to anything newer is a 409. */
const Version = z.number({ error: (iss) => (iss.input === undefined ? "the version you saw is required (or an If-Match header)" : "must be a number") }).int().min(0);

const Reason = pgText(z.string({ error: "the reason must be text" })).trim().max(RULE_REASON_MAX, `at most ${RULE_REASON_MAX} characters`);

const ExpiresAt = z.iso
  .datetime({ offset: true, error: "must be an ISO 8601 date and time, e.g. 2027-01-31T00:00:00Z" })
  .refine((s) => Date.parse(s) > Date.now(), "must be in the future")
  .transform((s) => new Date(s));

export const CreatePolicyInput = z
  .strictObject({
    scope: PolicyScopeInput,
    scopeRef: pgText(z.string({ error: "the scope reference must be text" })).optional(),
    mode: PolicyModeInput.default("log"),
  })
  .transform((v, ctx) => {
    const ref = normalizeScopeRef(v.scope, v.scopeRef);
    if (!ref.ok) {
      ctx.addIssue({ code: "custom", path: ["scopeRef"], message: ref.error });
      return z.NEVER;
    }
    return { ...v, scopeRef: ref.value };
  });
export type CreatePolicyInput = z.input<typeof CreatePolicyInput>;

export const UpdatePolicyInput = z.strictObject({ mode: PolicyModeInput, version: Version });
export type UpdatePolicyInput = z.input<typeof UpdatePolicyInput>;

export const DeleteInput = z.strictObject({ version: Version.optional() });

export const CreateRuleInput = z
  .strictObject({
    type: RuleTypeInput,
    value: pgText(z.string({ error: (iss) => (iss.input === undefined ? "a value is required" : "the value must be text") })),
    action: RuleActionInput,
    reason: Reason.default(""),
    expiresAt: ExpiresAt.nullable().optional(),
  })
  .transform((v, ctx) => {
    const value = normalizeRuleValue(v.type, v.value);
    if (!value.ok) {
      ctx.addIssue({ code: "custom", path: ["value"], message: value.error });
      return z.NEVER;
    }
    return { ...v, value: value.value, expiresAt: v.expiresAt ?? null };
  });
export type CreateRuleInput = z.input<typeof CreateRuleInput>;

// The value is checked against the rule's type, which may come from the rule itself: see update-rule.ts.
export const UpdateRuleInput = z
  .strictObject({
    type: RuleTypeInput.optional(),
    value: pgText(z.string({ error: "the value must be text" })).optional(),
    action: RuleActionInput.optional(),
    reason: Reason.optional(),
    expiresAt: ExpiresAt.nullable().optional(),
    version: Version,
  })
  .refine((v) => [v.type, v.value, v.action, v.reason, v.expiresAt].some((x) => x !== undefined), {
    error: "give at least one of type, value, action, reason, expiresAt",
    path: ["value"],
  });
export type UpdateRuleInput = z.input<typeof UpdateRuleInput>;

export interface PolicyLastChange {
  at: string;
  actor: string;
  action: string;
  subjectType: string;
}

export interface NetworkPolicyItem {
  id: string;
  scope: PolicyScope;
  scopeRef: string;
  mode: PolicyMode;
  version: number;
  ruleCount: number;
  /** The newest lineage entry of the policy or any of its rules. */
  lastChange: PolicyLastChange | null;
  createdAt: string;
  updatedAt: string;
}

export interface NetworkPolicyRuleItem {
  id: string;
  policyId: string;
  type: RuleType;
  value: string;
  action: RuleAction;
  reason: string;
  createdBy: string;
  sourceEventId: string | null;
  sourceIssueId: string | null;
  expiresAt: string | null;
  /** Past its expiry: kept for its lineage, no longer applied. */
  expired: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

const ScopeRefText = pgText(z.string({ error: "the scope reference must be text" }));

/** A one-click block: the scope (its reference taken from the event when left out), why, and until when. */
export const BlockInput = z.strictObject({
  scope: PolicyScopeInput,
  scopeRef: ScopeRefText.optional(),
  reason: pgText(z.string({ error: (iss) => (iss.input === undefined ? "a reason is required: say why this destination is blocked" : "the reason must be text") }))
    .trim()
    .min(1, "a reason is required: say why this destination is blocked")
    .max(RULE_REASON_MAX, `at most ${RULE_REASON_MAX} characters`),
  expiresAt: ExpiresAt.nullable().optional(),
});
export type BlockInput = z.input<typeof BlockInput>;

/** The dry run of a block: the default (narrowest) scope when none is given. */
export const BlockPreviewInput = z.strictObject({
  scope: PolicyScopeInput.optional(),
  scopeRef: ScopeRefText.optional(),
});
export type BlockPreviewInput = z.input<typeof BlockPreviewInput>;

export interface BlockResult {
  networkPolicyRuleId: string;
  networkPolicyId: string;
  destination: { type: "domain" | "ip"; value: string };
  /** False when the same destination was already denied in this scope: the existing rule answers. */
  created: boolean;
  scope: PolicyScope;
  scopeRef: string;
  mode: PolicyMode;
}

export interface BlockPreview {
  destination: { type: "domain" | "ip"; value: string };
  scope: PolicyScope;
  scopeRef: string;
  /** Narrowest first, global last; the first is the default. */
  scopeOptions: { scope: PolicyScope; scopeRef: string; label: string }[];
  /** The scope's policy when it exists; a block creates it in enforce mode otherwise. */
  policy: { id: string; mode: PolicyMode } | null;
  /** The destination is already denied in this scope: confirming changes nothing. */
  existingRule: { id: string; policyId: string; expiresAt: string | null } | null;
  window: { from: string; to: string };
  matches: {
    events: number;
    agents: number;
    issueCount: number;
    issues: { id: string; title: string; severity: string; status: string; eventCount: number }[];
  };
  /** The event search that finds the same events over the same window. */
  search: string;
}
