import { describe, expect, it } from "vitest";
import { policyChipText, policyTone } from "./policy-tone";

describe("a policy verdict at a glance", () => {
  it("reads an enforced deny as a block, a logged deny as a warning, an allow as fine", () => {
    expect(policyTone({ action: "deny", mode: "enforce" })).toBe("danger");
    expect(policyTone({ action: "deny", mode: "log" })).toBe("warning");
    expect(policyTone({ action: "allow", mode: "enforce" })).toBe("success");
    expect(policyTone(null)).toBe("neutral");
  });

  it("says so in the header's few words", () => {
    expect(policyChipText({ action: "deny", mode: "enforce" })).toBe("policy: denied");
    expect(policyChipText({ action: "deny", mode: "log" })).toBe("policy: deny logged");
    expect(policyChipText({ action: "allow", mode: "log" })).toBe("policy: allowed");
  });
});
