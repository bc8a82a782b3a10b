import "server-only";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { pool, prisma } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { escapeLike } from "@/lib/events/compile";
import { parseOrThrow } from "@/lib/events/schemas";
import { ForbiddenError } from "@/lib/errors";
import type { LineagePage } from "@/lib/lineage/format-entry";
import { toLineageEntry, type LineageRow } from "@/lib/lineage/queries";
import { LineagePageInput } from "@/lib/lineage/schemas";
import { loadPolicyItems, POLICY_SUBJECT, policyItem, requirePolicyRow, requireRuleRow, RULE_SELECT, RULE_SUBJECT, toRuleItem } from "./internal";
import type { MatchableRule, RuleConflict } from "./match";
import { policyConflicts } from "./policy-conflicts";
import { DEFAULT_RULE_LIMIT, DEFAULT_RULE_SORT, RuleListInput, type RuleSortField } from "./rule-search-params";
import type { NetworkPolicyItem, NetworkPolicyRuleItem } from "./schemas";

type MatchableRuleRow = MatchableRule & { id: string };

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

const RULE_ORDER: Record<RuleSortField, (dir: Prisma.SortOrder) => Prisma.NetworkPolicyRuleOrderByWithRelationInput[]> = {
  type: (d) => [{ type: d }, { value: d }, { action: d }],
  value: (d) => [{ value: d }, { type: d }, { action: d }],
  action: (d) => [{ action: d }, { type: d }, { value: d }],
  created: (d) => [{ createdAt: d }],
  // Rules that never expire come last either way.
  expires: (d) => [{ expiresAt: { sort: d, nulls: "last" } }, { type: "asc" }, { value: "asc" }],
};

/**
 * One page of a policy's rules, expired ones included (flagged): filtered on value and reason,
 * sorted, and each with the conflicts findConflicts finds among all the policy's rules.
 * `conflictCount` counts the policy's rules that have any.
 */
export async function listRules({ ctx, input }: { ctx: CallerContext; input: { id: string } & RuleListInput }) {
  requireRead(ctx);
  const { id, ...rest } = input;
  const { q, sort = DEFAULT_RULE_SORT, page: asked = 1, limit = DEFAULT_RULE_LIMIT, conflicts: onlyConflicts = false } = parseOrThrow(RuleListInput, rest);
  const policy = await requirePolicyRow(ctx, id);
  const now = new Date();
  const scope = { policyId: policy.id, tenantId: ctx.tenantId };
  // Conflicts need every rule of the policy: the few columns matching reads, straight from pg.
  const all = await pool().query<MatchableRuleRow>(
    `SELECT id, type, value, action, expires_at AS "expiresAt" FROM network_policy_rules WHERE policy_id = $1 AND tenant_id = $2 ORDER BY type, value, action`,
    [policy.id, ctx.tenantId],
  );
  const conflicts = policyConflicts(all.rows, now);

  const where: Prisma.NetworkPolicyRuleWhereInput = {
    ...scope,
    ...(q ? { OR: [{ value: { contains: escapeLike(q), mode: "insensitive" } }, { reason: { contains: escapeLike(q), mode: "insensitive" } }] } : {}),
    ...(onlyConflicts ? { id: { in: [...conflicts.keys()] } } : {}),
  };
  const field = sort.replace(/^-/, "") as RuleSortField;
  const orderBy = [...RULE_ORDER[field](sort.startsWith("-") ? "desc" : "asc"), { id: "asc" as const }];
  const load = (page: number) => prisma.networkPolicyRule.findMany({ where, orderBy, skip: (page - 1) * limit, take: limit, select: RULE_SELECT });
  const [total, firstTry] = await Promise.all([prisma.networkPolicyRule.count({ where }), load(asked)]);
  // Past the last page (rules deleted meanwhile): the last page instead.
  const pageCount = Math.max(1, Math.ceil(total / limit));
  const page = Math.min(asked, pageCount);
  const rows = page === asked ? firstTry : await load(page);
  const data = rows.map((r) => toRuleItem(r, now));
  return {
    data,
    total,
    page,
    limit,
    pageCount,
    conflictCount: conflicts.size,
    conflicts: Object.fromEntries(data.flatMap((r) => (conflicts.has(r.id) ? [[r.id, conflicts.get(r.id)!]] : []))) as Record<string, RuleConflict[]>,
  };
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
