import { describe, expect, it } from "vitest";
import type { NetworkPolicyRuleItem } from "@/lib/policies/schemas";
import { checkValue, expiryProblem, fromLocalInput, newRuleInput, ruleChanges, ruleFields, toLocalInput } from "./rule-form";

const rule: NetworkPolicyRuleItem = {
  id: "r-1", policyId: "p-1", type: "domain", value: "api.example.com", action: "deny", reason: "miner", createdBy: "user:ana@example.com",
  sourceEventId: null, sourceIssueId: null, expiresAt: "2020-01-01T10:30:00.000Z", expired: true, version: 2,
  createdAt: "2019-01-01T00:00:00.000Z", updatedAt: "2019-01-01T00:00:00.000Z",
};

describe("the rule form", () => {
  it("says as you type what the value is stored as, or what is wrong with it", () => {
    expect(checkValue("cidr", "")).toEqual({ kind: "empty" });
    expect(checkValue("cidr", "10.0.0.0/33")).toEqual({ kind: "error", message: "an IPv4 prefix length is 0-32, not 33" });
    expect(checkValue("cidr", "10.1.2.3/8")).toEqual({ kind: "ok", stored: "10.0.0.0/8", changed: true });
    expect(checkValue("domain", "Bücher.de")).toEqual({ kind: "ok", stored: "xn--bcher-kva.de", changed: true });
    expect(checkValue("domain", " example.com ")).toEqual({ kind: "ok", stored: "example.com", changed: false });
  });

  it("turns the datetime-local value into ISO and back in the browser's zone", () => {
    expect(fromLocalInput("")).toBeNull();
    expect(fromLocalInput("soon")).toBe("soon");
    const iso = fromLocalInput("2031-05-06T07:08")!;
    expect(new Date(iso).getFullYear()).toBe(2031);
    expect(toLocalInput(iso)).toBe("2031-05-06T07:08");
    expect(toLocalInput(null)).toBe("");
    expect(expiryProblem("2000-01-01T00:00")).toBe("must be in the future");
    expect(expiryProblem("2999-01-01T00:00")).toBeNull();
    expect(expiryProblem("")).toBeNull();
  });

  it("sends a new rule whole, and an edit as what changed", () => {
    expect(newRuleInput({ type: "ip", value: "10.0.0.1", action: "allow", reason: "", expires: "" })).toEqual({ type: "ip", value: "10.0.0.1", action: "allow", reason: "", expiresAt: null });
    const fields = ruleFields(rule);
    expect(ruleChanges(rule, fields)).toBeNull();
    // The expired rule's past expiry is not sent back unless it is edited.
    expect(ruleChanges(rule, { ...fields, reason: "pool", value: " api.example.com" })).toEqual({ reason: "pool" });
    expect(ruleChanges(rule, { ...fields, expires: "" })).toEqual({ expiresAt: null });
    expect(ruleChanges(rule, { ...fields, type: "ip", value: "10.0.0.1", action: "allow" })).toEqual({ type: "ip", value: "10.0.0.1", action: "allow" });
  });
});
