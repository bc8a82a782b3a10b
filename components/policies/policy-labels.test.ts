import { describe, expect, it } from "vitest";
import { actorName, agentsOf, changeText } from "./policy-labels";

describe("policy labels", () => {
  it("name the last change by what it did", () => {
    const at = "2030-01-01T00:00:00Z";
    expect(changeText({ at, actor: "user:a@x", action: "created", subjectType: "network_policy_rule" })).toBe("Rule added");
    expect(changeText({ at, actor: "user:a@x", action: "updated", subjectType: "network_policy" })).toBe("Mode changed");
    expect(changeText({ at, actor: "user:a@x", action: "blocked", subjectType: "network_policy_rule" })).toBe("Rule blocked");
  });

  it("say whom a policy applies to, and who acted", () => {
    expect(agentsOf("global", "")).toBe("every agent of the tenant");
    expect(agentsOf("namespace", "prod-eu/payments")).toBe("the agents in namespace prod-eu/payments");
    expect(actorName("user:ana@example.com")).toBe("ana@example.com");
    expect(actorName("api-key:ci")).toBe("ci");
  });
});
