import type { AuditValues } from "@/lib/audit/changes";
import type { NewAuditEntry } from "@/lib/audit/write";
import { scopeLabel } from "./match";
import type { PolicyScope } from "./scope-ref";

// The audit entries of policy and rule changes (lib/audit/write.ts writes them in the change's
// transaction, beside its lineage). A rule's entries carry its policy's id on both sides, so the
// Admin page links the entry to the policy; the rest is the fields that changed. Pure.

type PolicyFacts = { scope: string; scopeRef: string };
type RuleFacts = { type: string; value: string; action: string };

/** "namespace prod-eu/payments", "all agents (global)". */
export function policyAuditLabel(p: PolicyFacts): string {
  return scopeLabel(p.scope as PolicyScope, p.scopeRef);
}

/** "deny domain pool.minexmr.com". */
export function ruleAuditLabel(r: RuleFacts): string {
  return `${r.action} ${r.type} ${r.value}`;
}

export function policyAudit(
  tenantId: string,
  action: "network_policy.create" | "network_policy.update" | "network_policy.delete",
  id: string,
  policy: PolicyFacts,
  values: { before?: AuditValues | null; after?: AuditValues | null },
): NewAuditEntry {
  return { tenantId, action, subjectType: "network_policy", subjectId: id, subjectLabel: policyAuditLabel(policy), ...values };
}

export function ruleAudit(
  tenantId: string,
  action: "network_policy_rule.create" | "network_policy_rule.update" | "network_policy_rule.delete",
  id: string,
  rule: RuleFacts & { policyId: string },
  values: { before?: AuditValues | null; after?: AuditValues | null },
): NewAuditEntry {
  const withPolicy = (v: AuditValues | null | undefined) => (v ? { policyId: rule.policyId, ...v } : null);
  return {
    tenantId, action, subjectType: "network_policy_rule", subjectId: id, subjectLabel: ruleAuditLabel(rule),
    before: withPolicy(values.before), after: withPolicy(values.after),
  };
}
