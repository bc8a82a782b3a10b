import "server-only";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { pool, prisma } from "@/lib/db";
import { ForbiddenError } from "@/lib/errors";
import type { LineagePage } from "@/lib/lineage/format-entry";
import { toLineageEntry, type LineageRow } from "@/lib/lineage/queries";
import { LineagePageInput } from "@/lib/lineage/schemas";
import { loadPolicyItems, POLICY_SUBJECT, policyItem, requirePolicyRow, requireRuleRow, RULE_SELECT, RULE_SUBJECT, toRuleItem } from "./internal";
import type { NetworkPolicyItem, NetworkPolicyRuleItem } from "./schemas";

// Reads of network policies: the list, one policy, its rules, its lineage.

const DEFAULT_LINEAGE_LIMIT = 200;

function requireRead(ctx: CallerContext) {
  if (!roleCan(ctx.role, "read")) throw new ForbiddenError();
}

/** The tenant's policies by scope, with their rule counts and last change. */
export async function listPolicies({ ctx }: { ctx: CallerContext }): Promise<{ data: NetworkPolicyItem[] }> {
  requireRead(ctx);
  return { data: await loadPolicyItems(ctx) };
}
export type ListPoliciesResponse = Awaited<ReturnType<typeof listPolicies>>;

export async function getPolicy({ ctx, input }: { ctx: CallerContext; input: { id: string } }): Promise<NetworkPolicyItem> {
  requireRead(ctx);
  await requirePolicyRow(ctx, input.id);
  return policyItem(ctx, input.id);
}
export type GetPolicyResponse = Awaited<ReturnType<typeof getPolicy>>;

/** A policy's rules, expired ones included (flagged), by type, value and action. */
export async function listRules({ ctx, input }: { ctx: CallerContext; input: { id: string } }): Promise<{ data: NetworkPolicyRuleItem[] }> {
  requireRead(ctx);
  await requirePolicyRow(ctx, input.id);
  const rows = await prisma.networkPolicyRule.findMany({
    where: { policyId: input.id, tenantId: ctx.tenantId },
    orderBy: [{ type: "asc" }, { value: "asc" }, { action: "asc" }],
    select: RULE_SELECT,
  });
  const now = new Date();
  return { data: rows.map((r) => toRuleItem(r, now)) };
}
export type ListRulesResponse = Awaited<ReturnType<typeof listRules>>;

export async function getRule({ ctx, input }: { ctx: CallerContext; input: { id: string; ruleId: string } }): Promise<NetworkPolicyRuleItem> {
  requireRead(ctx);
  return toRuleItem(await requireRuleRow(ctx, input.id, input.ruleId));
}

/** The policy's entries and its rules' (deleted rules included), oldest first, each side read from its own index. */
export async function getPolicyLineage({ ctx, input }: { ctx: CallerContext; input: { id: string } & LineagePageInput }): Promise<LineagePage> {
  requireRead(ctx);
  const { cursor, limit = DEFAULT_LINEAGE_LIMIT } = LineagePageInput.parse({ cursor: input.cursor, limit: input.limit });
  const policy = await requirePolicyRow(ctx, input.id);
  const res = await pool().query<LineageRow>(
    `SELECT * FROM (
       (SELECT id, subject_type, subject_id, action, actor, at, details FROM lineage_entries
         WHERE tenant_id = $1 AND subject_type = '${POLICY_SUBJECT}' AND subject_id = $2 AND id > $3 ORDER BY id LIMIT $4)
       UNION ALL
       (SELECT id, subject_type, subject_id, action, actor, at, details FROM lineage_entries
         WHERE tenant_id = $1 AND subject_type = '${RULE_SUBJECT}' AND details ->> 'policyId' = $2 AND id > $3 ORDER BY id LIMIT $4)
     ) entries ORDER BY id LIMIT $4`,
    [ctx.tenantId, policy.id, cursor ?? "0", limit + 1],
  );
  const data = res.rows.slice(0, limit).map(toLineageEntry);
  return { data, nextCursor: res.rows.length > limit ? data[data.length - 1].id : null };
}
