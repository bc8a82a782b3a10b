import ipaddr from "ipaddr.js";

// The value of a network-policy rule, checked and put in its one stored form, so the same
// destination written twice is the same row. Pure: the rule forms validate with it as you type.

export const RULE_TYPES = ["domain", "ip", "cidr"] as const;
export type RuleType = (typeof RULE_TYPES)[number];

export type RuleValueResult = { ok: true; value: string } | { ok: false; error: string };

const MAX_DOMAIN = 253;
const MAX_LABEL = 63;
const MAX_INPUT = 1024;

const fail = (error: string): RuleValueResult => ({ ok: false, error });

export function normalizeRuleValue(type: RuleType, raw: string): RuleValueResult {
  const text = raw.trim();
  if (text === "") return fail(`a ${type === "cidr" ? "CIDR range" : type === "ip" ? "IP address" : "domain"} is required`);
  if (text.length > MAX_INPUT) return fail(`at most ${MAX_INPUT} characters`);
  if (/\s/.test(text)) return fail("must not contain spaces");
  switch (type) {
    case "ip":
      return normalizeIp(text);
    case "cidr":
      return normalizeCidr(text);
    case "domain":
      return normalizeDomain(text);
  }
}

function isIpv4(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text);
}

function isIpv6(text: string): boolean {
  return text.includes(":") && !text.includes("%") && ipaddr.IPv6.isValid(text);
}

function normalizeIp(text: string): RuleValueResult {
  if (text.includes("/")) return fail("an IP address has no prefix length: use a cidr rule for a range");
  if (isIpv4(text)) return { ok: true, value: ipaddr.IPv4.parse(text).toString() };
  if (text.includes("%")) return fail("an IPv6 zone (%…) is not allowed");
  if (isIpv6(text)) return { ok: true, value: ipaddr.IPv6.parse(text).toString() };
  return fail(`"${text}" is not an IPv4 address (four numbers 0-255, e.g. 203.0.113.7) or an IPv6 address`);
}

function normalizeCidr(text: string): RuleValueResult {
  const slash = text.indexOf("/");
  if (slash < 0) return fail("a CIDR range needs a prefix length, e.g. 10.0.0.0/8 or 2001:db8::/32");
  const address = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  if (!/^(0|[1-9]\d{0,2})$/.test(prefixText)) return fail(`"/${prefixText}" is not a prefix length`);
  const prefix = Number(prefixText);
  if (isIpv4(address)) {
    if (prefix > 32) return fail(`an IPv4 prefix length is 0-32, not ${prefix}`);
    return { ok: true, value: `${ipaddr.IPv4.networkAddressFromCIDR(`${address}/${prefix}`).toString()}/${prefix}` };
  }
  if (address.includes("%")) return fail("an IPv6 zone (%…) is not allowed");
  if (isIpv6(address)) {
    if (prefix > 128) return fail(`an IPv6 prefix length is 0-128, not ${prefix}`);
    return { ok: true, value: `${ipaddr.IPv6.networkAddressFromCIDR(`${address}/${prefix}`).toString()}/${prefix}` };
  }
  return fail(`"${address}" is not an IPv4 or IPv6 address`);
}

/** Looks like an address rather than a name: a domain rule would never match it. */
function looksLikeIp(text: string): boolean {
  const bare = text.replace(/^\[|\]$/g, "");
  return ipaddr.isValid(bare) || ipaddr.isValidCIDR(bare) || /^(?=.*\d)[\d.]+$/.test(bare);
}

function normalizeDomain(text: string): RuleValueResult {
  if (looksLikeIp(text)) return fail("an IP address is not a domain: use an ip or cidr rule");
  let name = text;
  let wildcard = false;
  if (name.startsWith("*.")) {
    wildcard = true;
    name = name.slice(2);
    if (name === "" || name === ".") return fail(`a wildcard needs a domain after "*.", e.g. *.example.com`);
  }
  if (name.includes("*")) return fail(`"*" is only allowed as a leading "*." (subdomains of a domain)`);
  if (name.endsWith(".")) name = name.slice(0, -1);
  // Anything a URL would read as a port, path, user or query is not part of a host name.
  const bad = /[^A-Za-z0-9.\-_\u0080-\uFFFF]/.exec(name);
  if (bad) return fail(`"${bad[0]}" is not allowed in a domain`);
  const empty = checkLabels(name.split("."), false);
  if (empty) return fail(empty);
  if (/^(\d+|0x[0-9a-f]*)$/i.test(name.split(".").at(-1) ?? "")) return fail("the last label of a domain must not be a number (it would read as an IP address)");
  let ascii: string;
  try {
    ascii = new URL(`http://${name}`).hostname;
  } catch {
    return fail(`"${name}" is not a valid domain name`);
  }
  if (looksLikeIp(ascii)) return fail("an IP address is not a domain: use an ip or cidr rule");
  const problem = checkLabels(ascii.split("."), true);
  if (problem) return fail(problem);
  const value = wildcard ? `*.${ascii}` : ascii;
  if (value.length > MAX_DOMAIN) return fail(`a domain is at most ${MAX_DOMAIN} characters; this one has ${value.length}`);
  return { ok: true, value };
}

function checkLabels(labels: string[], ascii: boolean): string | null {
  for (const label of labels) {
    if (label === "") return "a domain must not have an empty label (two dots in a row, or a leading dot)";
    if (!ascii) continue;
    if (label.length > MAX_LABEL) return `each label is at most ${MAX_LABEL} characters; "${label.slice(0, 20)}…" has ${label.length}`;
    if (!/^[a-z0-9_-]+$/.test(label)) return `"${label}" is not a valid domain label`;
    if (label.startsWith("-") || label.endsWith("-")) return `a label must not start or end with "-" ("${label}")`;
  }
  return null;
}
