import { describe, expect, it } from "vitest";
import { auditSubjectHref } from "./subject-link";

describe("auditSubjectHref", () => {
  it("links a policy's entries to it, and a rule's to its policy", () => {
    const entry = { subjectId: "p-1", before: null, after: { mode: "log" } };
    expect(auditSubjectHref({ ...entry, action: "network_policy.create", subjectType: "network_policy" })).toBe("/policies/p-1");
    expect(auditSubjectHref({ ...entry, action: "network_policy.delete", subjectType: "network_policy" })).toBeNull();
    const rule = { action: "network_policy_rule.update", subjectType: "network_policy_rule", subjectId: "r-1" };
    expect(auditSubjectHref({ ...rule, before: { policyId: "p 2", reason: "a" }, after: { policyId: "p 2", reason: "b" } })).toBe("/policies/p%202");
    expect(auditSubjectHref({ ...rule, action: "network_policy_rule.delete", before: { policyId: "p-2" }, after: null })).toBe("/policies/p-2");
    expect(auditSubjectHref({ ...rule, before: null, after: { policyId: 7 } })).toBeNull();
  });

  it("links nothing else", () => {
    expect(auditSubjectHref({ action: "api_key.create", subjectType: "api_key", subjectId: "k-1", before: null, after: { name: "ci" } })).toBeNull();
  });
});
