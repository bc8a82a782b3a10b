import ipaddr from "ipaddr.js";
import { findConflicts, isExpired, type MatchableRule, type RuleConflict } from "./match";

// The conflicts of a whole policy, as findConflicts finds them. findConflicts compares every pair
// of rules, 10^8 comparisons for 10,000 rules; two rules can only conflict when they share a value
// or one could cover the other, so each rule is compared (by findConflicts itself, pair by pair)
// with those candidates alone. Pure.

type Rule = MatchableRule & { id: string };
type Address = ipaddr.IPv4 | ipaddr.IPv6;

interface Index<R> {
  byValue: Map<string, R[]>;
  /** "*.example.com" → its rules. */
  wildcards: Map<string, R[]>;
  /** "ipv4 0a000000/8" → the cidr rules of that network. */
  networks: Map<string, R[]>;
  prefixes: { ipv4: number[]; ipv6: number[] };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function networkKey(address: Address, bits: number): string {
  const bytes = address.toByteArray();
  let hex = "";
  for (let i = 0; i < bytes.length; i++) {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    const byte = keep === 0 ? 0 : bytes[i] & ((0xff << (8 - keep)) & 0xff);
    hex += byte.toString(16).padStart(2, "0");
  }
  return `${address.kind()} ${hex}/${bits}`;
}

function parseCidr(value: string): [Address, number] | null {
  try {
    return ipaddr.parseCIDR(value);
  } catch {
    return null;
  }
}

/** The address an ip rule matches, an IPv4-mapped IPv6 address read as IPv4 (as the matcher does). */
function parseIp(value: string): Address | null {
  if (!ipaddr.isValid(value)) return null;
  const ip = ipaddr.parse(value);
  return ip.kind() === "ipv6" && (ip as ipaddr.IPv6).isIPv4MappedAddress() ? (ip as ipaddr.IPv6).toIPv4Address() : ip;
}

function buildIndex<R extends Rule>(rules: readonly R[]): Index<R> {
  const index: Index<R> = { byValue: new Map(), wildcards: new Map(), networks: new Map(), prefixes: { ipv4: [], ipv6: [] } };
  const prefixes = { ipv4: new Set<number>(), ipv6: new Set<number>() };
  for (const r of rules) {
    push(index.byValue, `${r.type} ${r.value}`, r);
    if (r.type === "domain" && r.value.startsWith("*.")) push(index.wildcards, r.value, r);
    if (r.type === "cidr") {
      const cidr = parseCidr(r.value);
      if (!cidr) continue;
      push(index.networks, networkKey(cidr[0], cidr[1]), r);
      prefixes[cidr[0].kind()].add(cidr[1]);
    }
  }
  index.prefixes = { ipv4: [...prefixes.ipv4], ipv6: [...prefixes.ipv6] };
  return index;
}

/** An ip rule as a one-address range, a cidr rule as its range. */
function rangeOf(rule: Rule): [Address, number] | null {
  if (rule.type === "cidr") return parseCidr(rule.value);
  const ip = parseIp(rule.value);
  return ip ? [ip, ip.kind() === "ipv4" ? 32 : 128] : null;
}

/** Rules that could conflict with `rule`: the same value, or a wildcard or range that may cover it. */
function candidates<R extends Rule>(rule: R, index: Index<R>): R[] {
  const same = index.byValue.get(`${rule.type} ${rule.value}`) ?? [];
  const broader: R[] = [];
  if (rule.type === "domain") {
    if (index.wildcards.size > 0) {
      const labels = (rule.value.startsWith("*.") ? rule.value.slice(2) : rule.value).split(".");
      for (let i = 0; i < labels.length; i++) broader.push(...(index.wildcards.get(`*.${labels.slice(i).join(".")}`) ?? []));
    }
  } else if (index.networks.size > 0) {
    const range = rangeOf(rule);
    if (range) {
      for (const prefix of index.prefixes[range[0].kind()]) {
        if (prefix <= range[1]) broader.push(...(index.networks.get(networkKey(range[0], prefix)) ?? []));
      }
    }
  }
  return broader.length === 0 ? same : [...new Set([...same, ...broader])];
}

/** findConflicts(rules, now), in time that grows with the rules rather than with their pairs. */
export function policyConflicts<R extends Rule>(rules: readonly R[], now = new Date()): Map<string, RuleConflict[]> {
  const live = rules.filter((r) => !isExpired(r, now));
  const position = new Map<R, number>(live.map((r, i) => [r, i]));
  const index = buildIndex(live);
  const out = new Map<string, RuleConflict[]>();
  for (const rule of live) {
    const others = candidates(rule, index).filter((o) => o !== rule && o.action !== rule.action);
    if (others.length === 0) continue;
    others.sort((a, b) => position.get(a)! - position.get(b)!);
    for (const other of others) {
      const found = findConflicts([rule, other], now).get(rule.id);
      if (found) out.set(rule.id, [...(out.get(rule.id) ?? []), ...found]);
    }
  }
  return out;
}
