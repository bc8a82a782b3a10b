import "server-only";
import type { CallerContext } from "@/lib/auth/context";
import { pool, prisma } from "@/lib/db";
import { ConflictError, NotFoundError } from "@/lib/errors";
import type { RuleType } from "./rule-value";
import type { NetworkPolicyItem, NetworkPolicyRuleItem, RuleAction } from "./schemas";
import type { PolicyMode, PolicyScope } from "./scope-ref";
import { isUuid } from "@/lib/events/pg-limits";

// Tenant-scoped fetch-or-throw lookups and the mapping of rows to the API's items. Another
// tenant's id, an unknown one or one that is not a uuid is a 404 that leaks nothing.


export const POLICY_SUBJECT = "network_policy";
export const RULE_SUBJECT = "network_policy_rule";

export const POLICY_SELECT = { id: true, scope: true, scopeRef: true, mode: true, version: true, createdAt: true, updatedAt: true } as const;
export const RULE_SELECT = {
  id: true, policyId: true, type: true, value: true, action: true, reason: true, createdBy: true,
  sourceEventId: true, sourceIssueId: true, expiresAt: true, version: true, createdAt: true, updatedAt: true,
} as const;

export type PolicyRow = { id: string; scope: string; scopeRef: string; mode: string; version: number; createdAt: Date; updatedAt: Date };
export type RuleRow = {
  id: string; policyId: string; type: string; value: string; action: string; reason: string; createdBy: string;
  sourceEventId: bigint | null; sourceIssueId: bigint | null; expiresAt: Date | null; version: number; createdAt: Date; updatedAt: Date;
};

/** Something with the Prisma models: the client or a transaction client. */
type Db = Pick<typeof prisma, "networkPolicy" | "networkPolicyRule">;

export async function requirePolicyRow(ctx: CallerContext, id: string, db: Db = prisma): Promise<PolicyRow> {
  const row = isUuid(id) ? await db.networkPolicy.findFirst({ where: { id, tenantId: ctx.tenantId }, select: POLICY_SELECT }) : null;
  if (!row) throw new NotFoundError("Network policy");
  return row;
}

/** A rule of this policy; a rule of another policy (or tenant) is a 404 too. */
export async function requireRuleRow(ctx: CallerContext, policyId: string, ruleId: string, db: Db = prisma): Promise<RuleRow> {
  const row = isUuid(policyId) && isUuid(ruleId)
    ? await db.networkPolicyRule.findFirst({ where: { id: ruleId, policyId, tenantId: ctx.tenantId }, select: RULE_SELECT })
    : null;
  if (!row) throw new NotFoundError("Network policy rule");
  return row;
}

export function toRuleItem(r: RuleRow, now = new Date()): NetworkPolicyRuleItem {
  return {
    id: r.id,
    policyId: r.policyId,
    type: r.type as RuleType,
    value: r.value,
    action: r.action as RuleAction,
    reason: r.reason,
    createdBy: r.createdBy,
    sourceEventId: r.sourceEventId === null ? null : String(r.sourceEventId),
    sourceIssueId: r.sourceIssueId === null ? null : String(r.sourceIssueId),
    expiresAt: r.expiresAt?.toISOString() ?? null,
    expired: r.expiresAt !== null && r.expiresAt <= now,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** The rule as lineage records it: what it matches and does. */
export function ruleFacts(r: Pick<RuleRow, "type" | "value" | "action" | "reason" | "expiresAt">) {
  return { type: r.type, value: r.value, action: r.action, reason: r.reason, expiresAt: r.expiresAt?.toISOString() ?? null };
}

interface PolicyListRow {
  id: string;
  scope: string;
  scope_ref: string;
  mode: string;
  version: number;
  created_at: Date;
  updated_at: Date;
  rule_count: number;
  last_at: Date | null;
  last_actor: string | null;
  last_action: string | null;
  last_subject: string | null;
}

// The newest entry of the policy and of its rules, each read from its own index.
const POLICY_LIST_SQL = `
  SELECT p.id, p.scope, p.scope_ref, p.mode, p.version, p.created_at, p.updated_at,
         (SELECT count(*)::int FROM network_policy_rules r WHERE r.policy_id = p.id) AS rule_count,
         l.at AS last_at, l.actor AS last_actor, l.action AS last_action, l.subject_type AS last_subject
    FROM network_policies p
    LEFT JOIN LATERAL (
      SELECT * FROM (
        (SELECT id, at, actor, action, subject_type FROM lineage_entries
          WHERE tenant_id = p.tenant_id AND subject_type = '${POLICY_SUBJECT}' AND subject_id = p.id::text ORDER BY id DESC LIMIT 1)
        UNION ALL
        (SELECT id, at, actor, action, subject_type FROM lineage_entries
          WHERE tenant_id = p.tenant_id AND subject_type = '${RULE_SUBJECT}' AND details ->> 'policyId' = p.id::text ORDER BY id DESC LIMIT 1)
      ) newest ORDER BY id DESC LIMIT 1
    ) l ON true
   WHERE p.tenant_id = $1 AND ($2::uuid IS NULL OR p.id = $2::uuid)
   ORDER BY array_position(ARRAY['global', 'repo', 'workflow', 'cluster', 'namespace', 'node'], p.scope), p.scope_ref`;

/** The tenant's policies as the API lists them, or the one given. */
export async function loadPolicyItems(ctx: CallerContext, id: string | null = null): Promise<NetworkPolicyItem[]> {
  const res = await pool().query<PolicyListRow>(POLICY_LIST_SQL, [ctx.tenantId, id]);
  return res.rows.map((r) => ({
    id: r.id,
    scope: r.scope as PolicyScope,
    scopeRef: r.scope_ref,
    mode: r.mode as PolicyMode,
    version: r.version,
    ruleCount: r.rule_count,
    lastChange: r.last_at ? { at: r.last_at.toISOString(), actor: r.last_actor ?? "", action: r.last_action ?? "", subjectType: r.last_subject ?? "" } : null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  }));
}

export async function policyItem(ctx: CallerContext, id: string): Promise<NetworkPolicyItem> {
  const [item] = await loadPolicyItems(ctx, id);
  if (!item) throw new NotFoundError("Network policy");
  return item;
}

function prismaCode(err: unknown): unknown {
  return typeof err === "object" && err !== null ? (err as { code?: unknown }).code : undefined;
}

/** A unique constraint refused the write (the same scope, or the same rule, already there). */
export function isUniqueViolation(err: unknown): boolean {
  return prismaCode(err) === "P2002";
}

/** The policy went away while the rule was being written (deleted concurrently). */
export function isMissingPolicy(err: unknown): boolean {
  return prismaCode(err) === "P2003";
}

/** The 409 of a stale rule version, carrying the rule as it is now; a 404 when it is gone. */
export async function staleRule(ctx: CallerContext, policyId: string, ruleId: string): Promise<ConflictError | NotFoundError> {
  const row = await prisma.networkPolicyRule.findFirst({ where: { id: ruleId, policyId, tenantId: ctx.tenantId }, select: RULE_SELECT });
  if (!row) return new NotFoundError("Network policy rule");
  return new ConflictError(`Rule ${ruleId} was changed by someone else (now at version ${row.version}); reload and try again`, { current: toRuleItem(row) });
}

/** The 409 of a rule that is already there (the same type, value and action in the policy). */
export async function duplicateRule(ctx: CallerContext, policyId: string, rule: { type: string; value: string; action: string }): Promise<ConflictError> {
  const row = await prisma.networkPolicyRule.findFirst({ where: { policyId, tenantId: ctx.tenantId, type: rule.type, value: rule.value, action: rule.action }, select: RULE_SELECT });
  return new ConflictError(`This policy already has a rule to ${rule.action} ${rule.type} ${rule.value}`, { existing: row ? toRuleItem(row) : null });
}
