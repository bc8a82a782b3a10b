import { describe, expect, it } from "vitest";
import { parseRuleSearchParams, RuleListInput, ruleSearchToParams } from "./rule-search-params";

describe("rule list parameters", () => {
  it("parse the page's URL, dropping what they cannot use", () => {
    expect(parseRuleSearchParams({})).toEqual({ q: "", sort: "type", page: 1, conflicts: false });
    expect(parseRuleSearchParams({ q: "  miner ", sort: "-created", page: "3", conflicts: "1" })).toEqual({ q: "miner", sort: "-created", page: 3, conflicts: true });
    expect(parseRuleSearchParams({ sort: "colour", page: "-2", conflicts: "maybe", q: "x".repeat(500) })).toEqual({ q: "", sort: "type", page: 1, conflicts: false });
    expect(parseRuleSearchParams({ page: ["2", "4"] }).page).toBe(4);
  });

  it("write the state back without defaults, so a round trip is stable", () => {
    expect(ruleSearchToParams({ q: "", sort: "type", page: 1, conflicts: false }).toString()).toBe("");
    const params = ruleSearchToParams({ q: "a b", sort: "-expires", page: 2, conflicts: true });
    expect(params.toString()).toBe("q=a+b&sort=-expires&conflicts=1&page=2");
    expect(parseRuleSearchParams(Object.fromEntries(params))).toEqual({ q: "a b", sort: "-expires", page: 2, conflicts: true });
  });

  it("validate the API's query, naming what is wrong", () => {
    expect(RuleListInput.parse({ page: "2", limit: "10", conflicts: "true" })).toEqual({ page: 2, limit: 10, conflicts: true });
    expect(RuleListInput.parse({ conflicts: false })).toEqual({ conflicts: false });
    for (const [bad, field] of [[{ sort: "colour" }, "sort"], [{ limit: "0" }, "limit"], [{ limit: "1001" }, "limit"], [{ page: "x" }, "page"], [{ q: "a\u0000" }, "q"], [{ conflicts: "yes" }, "conflicts"]] as const) {
      const res = RuleListInput.safeParse(bad);
      expect(res.success, JSON.stringify(bad)).toBe(false);
      expect(res.error?.issues[0].path).toEqual([field]);
    }
  });
});
