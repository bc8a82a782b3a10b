import type { AuditEntryDto } from "./types";

// Where an audit entry's subject lives in the console, when it has a page: a policy, or the policy
// of a rule (its entries carry the policy's id, lib/policies/audit.ts). Pure.

export function auditSubjectHref(e: Pick<AuditEntryDto, "action" | "subjectType" | "subjectId" | "before" | "after">): string | null {
  if (e.subjectType === "network_policy" && e.subjectId && e.action !== "network_policy.delete") return policyHref(e.subjectId);
  if (e.subjectType === "network_policy_rule") {
    const policyId = e.after?.policyId ?? e.before?.policyId;
    if (typeof policyId === "string" && policyId !== "") return policyHref(policyId);
  }
  return null;
}

const policyHref = (id: string) => `/policies/${encodeURIComponent(id)}`;
