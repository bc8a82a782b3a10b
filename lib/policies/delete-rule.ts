import "server-only";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { auditActorOf, writeAudit } from "@/lib/audit/write";
import { prisma } from "@/lib/db";
import { ForbiddenError } from "@/lib/errors";
import { parseOrThrow } from "@/lib/events/schemas";
import { writeLineage } from "@/lib/lineage/write";
import { ruleAudit } from "./audit";
import { requireRuleRow, RULE_SUBJECT, ruleFacts, staleRule } from "./internal";
import { DeleteInput } from "./schemas";

/** Deletes a rule; with a version (If-Match), only that version. Its lineage stays. */
export async function deleteRule({ ctx, input }: { ctx: CallerContext; input: { id: string; ruleId: string } & Record<string, unknown> }): Promise<void> {
  if (!roleCan(ctx.role, "admin")) throw new ForbiddenError();
  const { id: policyId, ruleId, ...rest } = input;
  const { version } = parseOrThrow(DeleteInput, rest);
  const row = await requireRuleRow(ctx, policyId, ruleId);
  if (version !== undefined && row.version !== version) throw await staleRule(ctx, policyId, ruleId);

  await prisma.$transaction(async (tx) => {
    const res = await tx.networkPolicyRule.deleteMany({ where: { id: ruleId, policyId, tenantId: ctx.tenantId, version: row.version } });
    if (res.count === 0) throw await staleRule(ctx, policyId, ruleId);
    await writeLineage(tx, ctx.tenantId, [{ subjectType: RULE_SUBJECT, subjectId: ruleId, action: "deleted", actor: ctx.actor, details: { policyId, ...ruleFacts(row) } }]);
    await writeAudit(tx, auditActorOf(ctx), ruleAudit(ctx.tenantId, "network_policy_rule.delete", ruleId, row, { before: ruleFacts(row) }));
  });
}
