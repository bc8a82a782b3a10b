import { describe, expect, it } from "vitest";
import { findConflicts, type MatchableRule } from "./match";
import { policyConflicts } from "./policy-conflicts";

type R = MatchableRule & { id: string };

let seq = 0;
const rule = (type: R["type"], value: string, action: R["action"], expiresAt: string | null = null): R => ({ id: `r${++seq}`, type, value, action, expiresAt });

// A small deterministic generator, so a failure names a set that can be replayed.
function random(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

const DOMAINS = ["example.com", "*.example.com", "api.example.com", "*.api.example.com", "a.api.example.com", "example.org", "*.org", "com"];
const IPS = ["10.0.0.1", "10.1.2.3", "192.0.2.9", "::ffff:10.0.0.1", "2001:db8::1", "2001:db8:1::5"];
const CIDRS = ["10.0.0.0/8", "10.0.0.0/16", "10.1.0.0/16", "0.0.0.0/0", "192.0.2.0/24", "2001:db8::/32", "2001:db8:1::/48", "::/0", "::ffff:0:0/96"];

function randomRules(seed: number, n: number): R[] {
  const next = random(seed);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
  return Array.from({ length: n }, () => {
    const type = pick(["domain", "ip", "cidr"] as const);
    const value = pick(type === "domain" ? DOMAINS : type === "ip" ? IPS : CIDRS);
    return rule(type, value, pick(["allow", "deny"] as const), next() < 0.1 ? "2000-01-01T00:00:00Z" : null);
  });
}

describe("policyConflicts", () => {
  it("finds what findConflicts finds, in the same order, on random policies", () => {
    const now = new Date("2030-01-01T00:00:00Z");
    for (let seed = 1; seed <= 300; seed++) {
      const rules = randomRules(seed, 2 + (seed % 12));
      const expected = [...findConflicts(rules, now)];
      expect([...policyConflicts(rules, now)], `seed ${seed}`).toEqual(expected);
    }
  });

  it("flags a contradiction and a narrower rule under a broader opposite one", () => {
    const deny = rule("domain", "*.example.com", "deny");
    const allow = rule("domain", "api.example.com", "allow");
    const both = [rule("cidr", "10.0.0.0/8", "deny"), rule("cidr", "10.0.0.0/8", "allow")];
    const ip = rule("ip", "10.9.9.9", "allow");
    const found = policyConflicts([deny, allow, ...both, ip]);
    expect(found.has(deny.id)).toBe(false);
    expect(found.get(allow.id)).toEqual([expect.objectContaining({ kind: "shadowed", otherValue: "*.example.com" })]);
    expect(found.get(both[0].id)).toEqual([expect.objectContaining({ kind: "contradiction" })]);
    expect(found.get(ip.id)).toEqual([expect.objectContaining({ kind: "shadowed", otherValue: "10.0.0.0/8", otherAction: "deny" })]);
  });

  it("ignores expired rules", () => {
    const now = new Date("2030-01-01T00:00:00Z");
    const found = policyConflicts([rule("ip", "10.0.0.1", "deny", "2029-01-01T00:00:00Z"), rule("ip", "10.0.0.1", "allow")], now);
    expect(found.size).toBe(0);
  });

  // Comparing every pair of these would take about a minute (past the test's timeout); timing
  // itself is for the bench, not asserted here.
  it("handles 10,000 rules, most of them in conflict", () => {
    const rules: R[] = [];
    for (let i = 0; i < 5000; i++) rules.push(rule("domain", `h${i}.example.com`, "allow"));
    for (let i = 0; i < 4000; i++) rules.push(rule("ip", `10.${(i >> 8) & 255}.${i & 255}.1`, "allow"));
    for (let i = 0; i < 999; i++) rules.push(rule("cidr", `172.16.${i % 256}.0/24`, "deny"));
    rules.push(rule("domain", "*.example.com", "deny"), rule("cidr", "10.0.0.0/8", "deny"));
    const found = policyConflicts(rules);
    expect(found.size).toBe(9000);
  });
});
