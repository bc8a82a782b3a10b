import "server-only";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { auditActorOf, writeAudit } from "@/lib/audit/write";
import { prisma } from "@/lib/db";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { parseOrThrow } from "@/lib/events/schemas";
import { writeLineage } from "@/lib/lineage/write";
import { forgetRuleEngine } from "./engine-cache";
import { bumpRuleRevision, DETECTION_RULE_SUBJECT, RULE_SET_SUBJECT } from "./import-rule-sets";
import { RuleSetIdParams } from "./schemas";

/** Deletes a rule set and its rules (their hits go with them); lineage keeps every rule. */
export async function deleteRuleSet({ ctx, input }: { ctx: CallerContext; input: { id: string } }): Promise<void> {
  if (!roleCan(ctx.role, "admin")) throw new ForbiddenError();
  const { id } = parseOrThrow(RuleSetIdParams, input);
  await prisma.$transaction(async (tx) => {
    const locked = await tx.$queryRawUnsafe<{ ruleset_id: string }[]>(
      `SELECT ruleset_id FROM rule_sets WHERE id = $1::uuid AND tenant_id = $2::uuid FOR UPDATE`,
      id, ctx.tenantId,
    );
    if (locked.length === 0) throw new NotFoundError("Rule set");
    const rules = await tx.detectionRule.findMany({ where: { ruleSetId: id, tenantId: ctx.tenantId }, select: { id: true, ruleId: true }, orderBy: { position: "asc" } });
    await tx.ruleSet.deleteMany({ where: { id, tenantId: ctx.tenantId } });
    await writeLineage(tx, ctx.tenantId, [
      ...rules.map((r) => ({ subjectType: DETECTION_RULE_SUBJECT, subjectId: r.id, action: "deleted", actor: ctx.actor, details: { ruleSetId: id, ruleId: r.ruleId, cause: "rule set deleted" } } as const)),
      { subjectType: RULE_SET_SUBJECT, subjectId: id, action: "deleted", actor: ctx.actor, details: { rulesetId: locked[0].ruleset_id, ruleCount: rules.length } },
    ]);
    await writeAudit(tx, auditActorOf(ctx), {
      tenantId: ctx.tenantId, action: "rule_set.delete", subjectType: "rule_set", subjectId: id, subjectLabel: locked[0].ruleset_id,
      before: { rulesetId: locked[0].ruleset_id, ruleCount: rules.length },
    });
    await bumpRuleRevision(tx, ctx.tenantId);
  });
  forgetRuleEngine(ctx.tenantId);
}
