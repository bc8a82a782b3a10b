import "server-only";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { ForbiddenError, UnprocessableError } from "@/lib/errors";
import { loadApplying } from "./applying";
import { loadBlockSource } from "./block-source";
import { decidingRule, verdictText } from "./match";
import type { RuleAction } from "./schemas";
import { scopesFor, type PolicyMode, type PolicyScope } from "./scope-ref";

// What Vigil's policies say now about an event's destination, next to what the agent reported
// at the time: "Denied by rule *.minexmr.com in cluster prod-eu (enforce)".

export interface PolicyVerdict {
  text: string;
  action: RuleAction;
  mode: Exclude<PolicyMode, "bypass">;
  ruleId: string;
  policyId: string;
  value: string;
  scope: PolicyScope;
  scopeRef: string;
}

/** The verdict of the rule that decides the event's destination; null without a destination or a matching rule. */
export async function getPolicyVerdict({ ctx, input }: { ctx: CallerContext; input: { id: string } }): Promise<PolicyVerdict | null> {
  if (!roleCan(ctx.role, "read")) throw new ForbiddenError();
  let source;
  try {
    source = await loadBlockSource(ctx, { kind: "event", id: input.id });
  } catch (err) {
    if (err instanceof UnprocessableError) return null;
    throw err;
  }
  const { rules } = await loadApplying(ctx.tenantId, scopesFor(source.context), new Date());
  const target = { domain: source.destination.type === "domain" ? source.destination.value : null, ip: source.remoteAddress };
  const rule = decidingRule(rules, target);
  if (!rule) return null;
  return {
    text: verdictText(rule),
    action: rule.action,
    mode: rule.mode as Exclude<PolicyMode, "bypass">,
    ruleId: rule.id,
    policyId: rule.policyId,
    value: rule.value,
    scope: rule.scope,
    scopeRef: rule.scopeRef,
  };
}
