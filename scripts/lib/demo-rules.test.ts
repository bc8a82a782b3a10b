import { describe, expect, it } from "vitest";
import { readDocumentText, validateRuleDocument } from "../../lib/rules/document";
import { DEMO_RULES } from "./demo-rules";

describe("the demo's rule sets", () => {
  it("are a valid cicd-sensor document", () => {
    const read = readDocumentText(DEMO_RULES, "yaml");
    expect(read.ok).toBe(true);
    const checked = validateRuleDocument(read.ok ? read.value : null);
    expect(checked.ok ? [] : checked.errors).toEqual([]);
  });
});
