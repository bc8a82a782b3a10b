import ipaddr from "ipaddr.js";
import type { RuleType } from "./rule-value";
import type { RuleAction } from "./schemas";
import type { PolicyMode, PolicyScope } from "./scope-ref";

// How rules meet traffic, in one place: the verdict on an event's destination, the policy
// page's conflict and shadow flags, and the order agents are told to apply. Pure.
//
// A domain rule matches the connection's original domain (exact, or `*.x` for any subdomain of
// x); an ip or cidr rule matches its remote address. The most specific scope with a matching
// rule decides; inside it the most specific rule (an exact value, then the longest wildcard or
// prefix) decides, and deny wins a tie. Bypass policies are ignored; an expired rule no longer
// applies.

/** Where a connection went: its original domain and its remote address, either may be unknown. */
export interface Target {
  domain: string | null;
  ip: string | null;
}

export interface MatchableRule {
  type: RuleType;
  value: string;
  action: RuleAction;
  expiresAt: string | Date | null;
}

export interface ScopedRule extends MatchableRule {
  scope: PolicyScope;
  scopeRef: string;
  mode: PolicyMode;
}

/** Narrower scopes override wider ones. */
export const SCOPE_RANK: Record<PolicyScope, number> = { global: 0, cluster: 1, repo: 1, namespace: 2, node: 2, workflow: 2 };

function parseIp(text: string | null): ipaddr.IPv4 | ipaddr.IPv6 | null {
  if (!text || !ipaddr.isValid(text)) return null;
  const ip = ipaddr.parse(text);
  // An IPv4 client seen through an IPv6 socket (::ffff:a.b.c.d) is the IPv4 address.
  return ip.kind() === "ipv6" && (ip as ipaddr.IPv6).isIPv4MappedAddress() ? (ip as ipaddr.IPv6).toIPv4Address() : ip;
}

function domainMatches(pattern: string, domain: string): boolean {
  const name = domain.replace(/\.$/, "").toLowerCase();
  return pattern.startsWith("*.") ? name.endsWith(pattern.slice(1)) : name === pattern;
}

export function isExpired(rule: Pick<MatchableRule, "expiresAt">, now: Date): boolean {
  return rule.expiresAt !== null && new Date(rule.expiresAt).getTime() <= now.getTime();
}

/** Does the rule's value cover this target (ignoring expiry and mode)? */
export function ruleMatches(rule: Pick<MatchableRule, "type" | "value">, target: Target): boolean {
  if (rule.type === "domain") return target.domain !== null && domainMatches(rule.value, target.domain);
  const ip = parseIp(target.ip);
  if (!ip) return false;
  if (rule.type === "ip") {
    const own = parseIp(rule.value);
    return own !== null && own.kind() === ip.kind() && own.toString() === ip.toString();
  }
  try {
    const range = ipaddr.parseCIDR(rule.value);
    return range[0].kind() === ip.kind() && ip.match(range);
  } catch {
    return false;
  }
}

/** Higher is narrower: exact values beat wildcards and ranges; longer suffixes and prefixes beat shorter ones. */
export function ruleSpecificity(rule: Pick<MatchableRule, "type" | "value">): number {
  if (rule.type === "ip") return 1000;
  if (rule.type === "cidr") return Number(rule.value.split("/")[1] ?? 0);
  return rule.value.startsWith("*.") ? rule.value.length : 1000;
}

interface OrderKey {
  rank: number;
  specificity: number;
  deny: boolean;
}

const orderKey = (rule: ScopedRule): OrderKey => ({ rank: SCOPE_RANK[rule.scope], specificity: ruleSpecificity(rule), deny: rule.action === "deny" });

const compareKeys = (a: OrderKey, b: OrderKey): number =>
  b.rank - a.rank || b.specificity - a.specificity || (a.deny === b.deny ? 0 : a.deny ? -1 : 1);

/** Orders rules as they are applied: narrower scope, then narrower rule, then deny before allow. */
export function compareRules(a: ScopedRule, b: ScopedRule): number {
  return compareKeys(orderKey(a), orderKey(b));
}

/** The rules in the order to apply them (first match wins), ties broken by value and id so the order is stable. */
export function inApplicationOrder<R extends ScopedRule & { id: string }>(rules: readonly R[]): R[] {
  return rules
    .map((rule) => ({ rule, key: orderKey(rule) }))
    .sort((a, b) => compareKeys(a.key, b.key) || a.rule.value.localeCompare(b.rule.value) || a.rule.id.localeCompare(b.rule.id))
    .map((x) => x.rule);
}

/** The rule that decides this target, or null when none applies. */
export function decidingRule<R extends ScopedRule>(rules: readonly R[], target: Target, now = new Date()): R | null {
  let best: R | null = null;
  for (const rule of rules) {
    if (rule.mode === "bypass" || isExpired(rule, now) || !ruleMatches(rule, target)) continue;
    if (best === null || compareRules(rule, best) < 0) best = rule;
  }
  return best;
}

/** "cluster prod-eu", "namespace prod-eu/payments", "all agents". */
export function scopeLabel(scope: PolicyScope, scopeRef: string): string {
  return scope === "global" ? "all agents (global)" : `${scope === "repo" ? "repository" : scope} ${scopeRef}`;
}

/** "Denied by rule *.minexmr.com in cluster prod-eu (enforce)". */
export function verdictText(rule: ScopedRule): string {
  const verb = rule.action === "deny" ? "Denied" : "Allowed";
  const how = rule.mode === "log" ? (rule.action === "deny" ? "log: reported, not blocked" : "log") : rule.mode;
  return `${verb} by rule ${rule.value} in ${scopeLabel(rule.scope, rule.scopeRef)} (${how})`;
}

export interface RuleConflict {
  kind: "contradiction" | "shadowed";
  /** The rule flagged. */
  ruleValue: string;
  ruleAction: RuleAction;
  /** The rule it conflicts with. */
  otherValue: string;
  otherAction: RuleAction;
  message: string;
}

/**
 * Conflicts inside one policy: the same value both allowed and denied, and a rule whose
 * opposite, broader rule covers it (an allow for api.example.com under a deny for
 * *.example.com): the narrower one wins, which is worth a second look.
 */
export function findConflicts<R extends MatchableRule & { id: string }>(rules: readonly R[], now = new Date()): Map<string, RuleConflict[]> {
  const live = rules.filter((r) => !isExpired(r, now));
  const out = new Map<string, RuleConflict[]>();
  const add = (r: R, c: RuleConflict) => out.set(r.id, [...(out.get(r.id) ?? []), c]);
  for (const a of live) {
    for (const b of live) {
      if (a === b || a.action === b.action) continue;
      if (a.type === b.type && a.value === b.value) {
        add(a, {
          kind: "contradiction", ruleValue: a.value, ruleAction: a.action, otherValue: b.value, otherAction: b.action,
          message: `${b.value} is both allowed and denied here; deny wins`,
        });
      } else if (covers(b, a)) {
        add(a, {
          kind: "shadowed", ruleValue: a.value, ruleAction: a.action, otherValue: b.value, otherAction: b.action,
          message: `Overrides the broader ${b.action} ${b.value}: this ${a.action} wins for ${a.value}`,
        });
      }
    }
  }
  return out;
}

/** Does `broad` match everything `narrow` matches, and more? */
function covers(broad: MatchableRule, narrow: MatchableRule): boolean {
  if (broad.type === "domain" && narrow.type === "domain") {
    if (!broad.value.startsWith("*.")) return false;
    const suffix = broad.value.slice(1);
    const name = narrow.value.startsWith("*.") ? narrow.value.slice(2) : narrow.value;
    return `.${name}`.endsWith(suffix) && name.length + 1 > suffix.length;
  }
  if (broad.type !== "cidr" || narrow.type === "domain") return false;
  try {
    const [net, bits] = ipaddr.parseCIDR(broad.value);
    if (narrow.type === "ip") return ruleMatches(broad, { domain: null, ip: narrow.value });
    const [inner, innerBits] = ipaddr.parseCIDR(narrow.value);
    return inner.kind() === net.kind() && innerBits > bits && inner.match([net, bits]);
  } catch {
    return false;
  }
}
