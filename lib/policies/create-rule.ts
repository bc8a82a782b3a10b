import "server-only";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { auditActorOf, writeAudit } from "@/lib/audit/write";
import { prisma } from "@/lib/db";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { parseOrThrow } from "@/lib/events/schemas";
import { writeLineage } from "@/lib/lineage/write";
import { ruleAudit } from "./audit";
import { duplicateRule, isMissingPolicy, isUniqueViolation, requirePolicyRow, RULE_SELECT, RULE_SUBJECT, ruleFacts, toRuleItem } from "./internal";
import { CreateRuleInput, type NetworkPolicyRuleItem } from "./schemas";

/** Adds a rule to a policy, its value normalised; the same type, value and action again is a 409 with the existing rule. */
export async function createRule({ ctx, input }: { ctx: CallerContext; input: { id: string } & Record<string, unknown> }): Promise<NetworkPolicyRuleItem> {
  if (!roleCan(ctx.role, "admin")) throw new ForbiddenError();
  const { id: policyId, ...rest } = input;
  const rule = parseOrThrow(CreateRuleInput, rest);
  await requirePolicyRow(ctx, policyId);
  try {
    const row = await prisma.$transaction(async (tx) => {
      const created = await tx.networkPolicyRule.create({
        data: { tenantId: ctx.tenantId, policyId, ...rule, createdBy: ctx.actor },
        select: RULE_SELECT,
      });
      await writeLineage(tx, ctx.tenantId, [{ subjectType: RULE_SUBJECT, subjectId: created.id, action: "created", actor: ctx.actor, details: { policyId, ...ruleFacts(created) } }]);
      await writeAudit(tx, auditActorOf(ctx), ruleAudit(ctx.tenantId, "network_policy_rule.create", created.id, created, { after: ruleFacts(created) }));
      return created;
    });
    return toRuleItem(row);
  } catch (err) {
    if (isUniqueViolation(err)) throw await duplicateRule(ctx, policyId, rule);
    if (isMissingPolicy(err)) throw new NotFoundError("Network policy");
    throw err;
  }
}
