import { describe, expect, it } from "vitest";
import { normalizeRuleValue, type RuleType } from "./rule-value";

const GOOD: [RuleType, string, string][] = [
  ["ip", "203.0.113.7", "203.0.113.7"],
  ["ip", " 10.0.0.1 ", "10.0.0.1"],
  ["ip", "0.0.0.0", "0.0.0.0"],
  ["ip", "255.255.255.255", "255.255.255.255"],
  ["ip", "2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"],
  ["ip", "2001:db8::1", "2001:db8::1"],
  ["ip", "::1", "::1"],
  ["ip", "::", "::"],
  ["ip", "FE80::0:1", "fe80::1"],
  ["ip", "::ffff:1.2.3.4", "::ffff:102:304"],
  ["cidr", "10.1.2.3/8", "10.0.0.0/8"],
  ["cidr", "10.0.0.0/8", "10.0.0.0/8"],
  ["cidr", "192.168.1.77/24", "192.168.1.0/24"],
  ["cidr", "203.0.113.7/32", "203.0.113.7/32"],
  ["cidr", "1.2.3.4/0", "0.0.0.0/0"],
  ["cidr", "2001:db8:ffff::1/32", "2001:db8::/32"],
  ["cidr", "2001:DB8::1/128", "2001:db8::1/128"],
  ["cidr", "::/0", "::/0"],
  ["domain", "example.com", "example.com"],
  ["domain", "Example.COM.", "example.com"],
  ["domain", "  pool.MineXMR.com ", "pool.minexmr.com"],
  ["domain", "*.minexmr.com", "*.minexmr.com"],
  ["domain", "*.Example.com.", "*.example.com"],
  ["domain", "bücher.de", "xn--bcher-kva.de"],
  ["domain", "*.Bücher.de", "*.xn--bcher-kva.de"],
  ["domain", "xn--bcher-kva.de", "xn--bcher-kva.de"],
  ["domain", "ｅｘａｍｐｌｅ．com", "example.com"],
  ["domain", "localhost", "localhost"],
  ["domain", "_dmarc.example.com", "_dmarc.example.com"],
  ["domain", "a-b.example.com", "a-b.example.com"],
  ["domain", "1password.com", "1password.com"],
  ["domain", `${"a".repeat(63)}.com`, `${"a".repeat(63)}.com`],
  ["domain", `${"a".repeat(61)}.`.repeat(4) + "com", `${"a".repeat(61)}.`.repeat(4) + "com"],
  ["domain", "*." + `${"a".repeat(61)}.`.repeat(4) + "com", "*." + `${"a".repeat(61)}.`.repeat(4) + "com"],
];

const BAD: [RuleType, string, RegExp][] = [
  ["ip", "", /required/],
  ["ip", "   ", /required/],
  ["ip", "999.1.1.1", /not an IPv4 address/],
  ["ip", "10.1", /not an IPv4 address/],
  ["ip", "10.1.2", /not an IPv4 address/],
  ["ip", "010.1.1.1", /not an IPv4 address/],
  ["ip", "0x7f.0.0.1", /not an IPv4 address/],
  ["ip", "1.2.3.4.5", /not an IPv4 address/],
  ["ip", "example.com", /not an IPv4 address/],
  ["ip", "10.0.0.0/8", /use a cidr rule/],
  ["ip", "2001:db8::g", /IPv6/],
  ["ip", "1:2:3:4:5:6:7:8:9", /IPv6/],
  ["ip", "fe80::1%eth0", /zone/],
  ["cidr", "10.0.0.0", /needs a prefix length/],
  ["cidr", "10.0.0.0/33", /0-32, not 33/],
  ["cidr", "2001:db8::/129", /0-128, not 129/],
  ["cidr", "10.0.0.0/-1", /not a prefix length/],
  ["cidr", "10.0.0.0/08", /not a prefix length/],
  ["cidr", "10.0.0.0/", /not a prefix length/],
  ["cidr", "10.0.0.0/8/8", /not a prefix length/],
  ["cidr", "10.1/8", /not an IPv4 or IPv6 address/],
  ["cidr", "999.0.0.0/8", /not an IPv4 or IPv6 address/],
  ["cidr", "example.com/24", /not an IPv4 or IPv6 address/],
  ["cidr", "10.0.0.0 /8", /spaces/],
  ["domain", "", /required/],
  ["domain", "exa mple.com", /spaces/],
  ["domain", "example.com\tx", /spaces/],
  ["domain", "*.", /wildcard needs a domain/],
  ["domain", "*..", /wildcard needs a domain/],
  ["domain", "*", /only allowed as a leading/],
  ["domain", "*example.com", /only allowed as a leading/],
  ["domain", "api.*.example.com", /only allowed as a leading/],
  ["domain", "*.*.example.com", /only allowed as a leading/],
  ["domain", "example.*", /only allowed as a leading/],
  ["domain", "a..example.com", /empty label/],
  ["domain", ".example.com", /empty label/],
  ["domain", "example.com..", /empty label/],
  ["domain", ".", /empty label/],
  ["domain", `${"a".repeat(64)}.com`, /at most 63 characters/],
  ["domain", `${"a".repeat(62)}.`.repeat(4) + "com", /at most 253 characters; this one has 255/],
  ["domain", "*." + `${"a".repeat(62)}.`.repeat(4) + "com", /at most 253 characters; this one has 257/],
  ["domain", "1.2.3.4", /IP address is not a domain/],
  ["domain", "10.0.0.0/8", /IP address is not a domain/],
  ["domain", "2001:db8::1", /IP address is not a domain/],
  ["domain", "[2001:db8::1]", /IP address is not a domain/],
  ["domain", "0x7f.1", /IP address is not a domain|must not be a number/],
  ["domain", "example.123", /must not be a number/],
  ["domain", "example.com:443", /":" is not allowed/],
  ["domain", "https://example.com", /":" is not allowed/],
  ["domain", "example.com/path", /"\/" is not allowed/],
  ["domain", "user@example.com", /"@" is not allowed/],
  ["domain", "exa%6dple.com", /"%" is not allowed/],
  ["domain", "-example.com", /must not start or end with "-"/],
  ["domain", "example-.com", /must not start or end with "-"/],
  ["domain", "xn--zz.com", /not a valid domain name/],
  ["domain", "\u0000.com", /"\u0000" is not allowed/],
];

describe("normalizeRuleValue", () => {
  it.each(GOOD)("keeps %s %j as %j", (type, raw, value) => {
    expect(normalizeRuleValue(type, raw)).toEqual({ ok: true, value });
  });

  it.each(BAD)("refuses %s %j, saying why", (type, raw, why) => {
    const result = normalizeRuleValue(type, raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(why);
  });

  it("is idempotent: a stored value normalises to itself", () => {
    for (const [type, , value] of GOOD) expect(normalizeRuleValue(type, value)).toEqual({ ok: true, value });
  });

  it("refuses an overlong input before parsing it", () => {
    expect(normalizeRuleValue("domain", "a".repeat(5000))).toEqual({ ok: false, error: "at most 1024 characters" });
  });
});
