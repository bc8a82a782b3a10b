import { describe, expect, it } from "vitest";
import { decidingRule, findConflicts, ruleMatches, verdictText, type ScopedRule } from "./match";

const rule = (type: ScopedRule["type"], value: string, action: ScopedRule["action"] = "deny", extra: Partial<ScopedRule> = {}): ScopedRule => ({
  type, value, action, expiresAt: null, scope: "global", scopeRef: "", mode: "enforce", ...extra,
});

describe("ruleMatches", () => {
  const cases: [ScopedRule, { domain: string | null; ip: string | null }, boolean][] = [
    [rule("domain", "evil.com"), { domain: "evil.com", ip: null }, true],
    [rule("domain", "evil.com"), { domain: "EVIL.com.", ip: null }, true],
    [rule("domain", "evil.com"), { domain: "www.evil.com", ip: null }, false],
    [rule("domain", "*.evil.com"), { domain: "www.evil.com", ip: null }, true],
    [rule("domain", "*.evil.com"), { domain: "a.b.evil.com", ip: null }, true],
    [rule("domain", "*.evil.com"), { domain: "evil.com", ip: null }, false],
    [rule("domain", "*.evil.com"), { domain: "notevil.com", ip: null }, false],
    [rule("domain", "evil.com"), { domain: null, ip: "203.0.113.9" }, false],
    [rule("ip", "203.0.113.9"), { domain: "evil.com", ip: "203.0.113.9" }, true],
    [rule("ip", "203.0.113.9"), { domain: null, ip: "::ffff:203.0.113.9" }, true],
    [rule("ip", "2001:db8::1"), { domain: null, ip: "2001:0db8:0:0::1" }, true],
    [rule("ip", "203.0.113.9"), { domain: null, ip: "203.0.113.10" }, false],
    [rule("cidr", "10.0.0.0/8"), { domain: null, ip: "10.20.30.40" }, true],
    [rule("cidr", "10.0.0.0/8"), { domain: null, ip: "11.0.0.1" }, false],
    [rule("cidr", "10.0.0.0/8"), { domain: null, ip: "2001:db8::1" }, false],
    [rule("cidr", "2001:db8::/32"), { domain: null, ip: "2001:db8:ffff::1" }, true],
    [rule("cidr", "10.0.0.0/8"), { domain: null, ip: "not an ip" }, false],
  ];
  it.each(cases)("%o matches %o: %s", (r, target, expected) => {
    expect(ruleMatches(r, target)).toBe(expected);
  });
});

describe("decidingRule", () => {
  const target = { domain: "api.example.com", ip: "10.1.2.3" };
  it("takes the narrowest scope, then the most specific rule, and deny on a tie", () => {
    const globalDeny = rule("domain", "*.example.com");
    const nsAllow = rule("domain", "*.example.com", "allow", { scope: "namespace", scopeRef: "prod/web" });
    expect(decidingRule([globalDeny, nsAllow], target)).toBe(nsAllow);
    const exactAllow = rule("domain", "api.example.com", "allow");
    expect(decidingRule([globalDeny, exactAllow], target)).toBe(exactAllow);
    const wideCidr = rule("cidr", "10.0.0.0/8", "allow");
    const narrowCidr = rule("cidr", "10.1.0.0/16", "deny");
    expect(decidingRule([wideCidr, narrowCidr], { domain: null, ip: "10.1.2.3" })).toBe(narrowCidr);
    const allowSame = rule("domain", "api.example.com", "allow");
    const denySame = rule("domain", "api.example.com", "deny");
    expect(decidingRule([allowSame, denySame], target)).toBe(denySame);
  });

  it("ignores bypassed policies, expired rules and rules that do not match", () => {
    const bypassed = rule("domain", "api.example.com", "deny", { mode: "bypass", scope: "node", scopeRef: "n1" });
    const expired = rule("domain", "api.example.com", "deny", { expiresAt: new Date(Date.now() - 1000).toISOString() });
    const other = rule("domain", "other.com");
    expect(decidingRule([bypassed, expired, other], target)).toBeNull();
  });
});

describe("verdictText", () => {
  it("says what decided, where, and how it is enforced", () => {
    expect(verdictText(rule("domain", "*.minexmr.com", "deny", { scope: "cluster", scopeRef: "prod-eu" }))).toBe(
      "Denied by rule *.minexmr.com in cluster prod-eu (enforce)",
    );
    expect(verdictText(rule("ip", "203.0.113.9", "deny", { mode: "log" }))).toBe("Denied by rule 203.0.113.9 in all agents (global) (log: reported, not blocked)");
    expect(verdictText(rule("domain", "ok.com", "allow", { scope: "repo", scopeRef: "acme/api" }))).toBe("Allowed by rule ok.com in repository acme/api (enforce)");
  });
});

describe("findConflicts", () => {
  it("flags contradictions and narrower rules that override a broader opposite one", () => {
    const rules = [
      { id: "1", ...rule("domain", "*.example.com", "deny") },
      { id: "2", ...rule("domain", "api.example.com", "allow") },
      { id: "3", ...rule("domain", "example.com", "allow") },
      { id: "4", ...rule("ip", "10.0.0.1", "allow") },
      { id: "5", ...rule("ip", "10.0.0.1", "deny") },
      { id: "6", ...rule("cidr", "10.0.0.0/8", "deny") },
      { id: "7", ...rule("cidr", "10.1.0.0/16", "allow") },
    ];
    const c = findConflicts(rules);
    expect(c.get("2")?.map((x) => x.kind)).toEqual(["shadowed"]);
    expect(c.has("3")).toBe(false);
    expect(c.get("4")?.map((x) => x.kind)).toEqual(["contradiction", "shadowed"]);
    expect(c.get("5")?.map((x) => x.kind)).toEqual(["contradiction"]);
    expect(c.get("7")?.map((x) => x.kind)).toEqual(["shadowed"]);
    expect(c.has("1")).toBe(false);
    expect(c.has("6")).toBe(false);
  });
});
