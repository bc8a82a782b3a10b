import "server-only";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { auditActorOf, writeAudit } from "@/lib/audit/write";
import { prisma } from "@/lib/db";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { parseOrThrow } from "@/lib/events/schemas";
import { writeLineage } from "@/lib/lineage/write";
import { ruleAudit } from "./audit";
import { duplicateRule, isUniqueViolation, requireRuleRow, RULE_SELECT, RULE_SUBJECT, ruleFacts, staleRule, toRuleItem } from "./internal";
import { normalizeRuleValue, type RuleType } from "./rule-value";
import { UpdateRuleInput, type NetworkPolicyRuleItem } from "./schemas";

// PATCH a rule: its type and value, action, reason or expiry. A conditional update on the
// version the caller saw, with its lineage entry in the same transaction.

type Input = { id: string; ruleId: string } & Record<string, unknown>;

export async function updateRule({ ctx, input }: { ctx: CallerContext; input: Input }): Promise<NetworkPolicyRuleItem> {
  if (!roleCan(ctx.role, "admin")) throw new ForbiddenError();
  const { id: policyId, ruleId, ...rest } = input;
  const change = parseOrThrow(UpdateRuleInput, rest);
  const row = await requireRuleRow(ctx, policyId, ruleId);
  if (row.version !== change.version) throw await staleRule(ctx, policyId, ruleId);

  const type = (change.type ?? row.type) as RuleType;
  let value = row.value;
  if (change.type !== undefined || change.value !== undefined) {
    // A new type alone re-checks the current value against it.
    const checked = normalizeRuleValue(type, change.value ?? row.value);
    if (!checked.ok) throw new ValidationError(`value: ${checked.error}`, { field: "value" });
    value = checked.value;
  }
  const next = {
    type,
    value,
    action: change.action ?? row.action,
    reason: change.reason ?? row.reason,
    expiresAt: change.expiresAt === undefined ? row.expiresAt : change.expiresAt,
  };
  const before = ruleFacts(row);
  const after = ruleFacts(next);
  const changed = (Object.keys(after) as (keyof typeof after)[]).filter((k) => after[k] !== before[k]);

  try {
    const updated = await prisma.$transaction(async (tx) => {
      const res = await tx.networkPolicyRule.updateMany({
        where: { id: ruleId, policyId, tenantId: ctx.tenantId, version: row.version },
        data: changed.length === 0 ? {} : { ...next, version: { increment: 1 }, updatedAt: new Date() },
      });
      if (res.count === 0) throw await staleRule(ctx, policyId, ruleId);
      if (changed.length > 0) {
        await writeLineage(tx, ctx.tenantId, [{
          subjectType: RULE_SUBJECT, subjectId: ruleId, action: "updated", actor: ctx.actor,
          details: { policyId, changed, before: pick(before, changed), after: pick(after, changed) },
        }]);
        await writeAudit(tx, auditActorOf(ctx), ruleAudit(ctx.tenantId, "network_policy_rule.update", ruleId, { ...next, policyId }, {
          before: pick(before, changed), after: pick(after, changed),
        }));
      }
      return tx.networkPolicyRule.findFirstOrThrow({ where: { id: ruleId, tenantId: ctx.tenantId }, select: RULE_SELECT });
    });
    return toRuleItem(updated);
  } catch (err) {
    if (isUniqueViolation(err)) throw await duplicateRule(ctx, policyId, next);
    throw err;
  }
}

function pick<T extends Record<string, unknown>>(o: T, keys: (keyof T)[]): Partial<T> {
  return Object.fromEntries(keys.map((k) => [k, o[k]])) as Partial<T>;
}
