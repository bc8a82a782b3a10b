import { describe, expect, it } from "vitest";
import { fieldsOf, parseQuery, type QueryNode } from "./parse-query";

function ok(text: string): QueryNode | null {
  const r = parseQuery(text);
  if (!r.ok) throw new Error(`expected "${text}" to parse: ${r.error.message}`);
  return r.query;
}

function err(text: string) {
  const r = parseQuery(text);
  if (r.ok) throw new Error(`expected "${text}" to fail`);
  return r.error;
}

describe("parseQuery", () => {
  it("parses an empty or blank query to null", () => {
    expect(ok("")).toBeNull();
    expect(ok("   ")).toBeNull();
  });

  it("parses field terms with canonical names from aliases, case-insensitively", () => {
    expect(ok("exe:/usr/bin/curl")).toEqual({ type: "term", field: "processExe", op: "eq", value: "/usr/bin/curl", position: 0 });
    expect(ok("Severity:HIGH")).toMatchObject({ field: "severity", value: "high" });
    expect(ok("ip:10.0.0.1")).toMatchObject({ field: "remoteAddress", value: "10.0.0.1" });
  });

  it("keeps colons inside values (IPv6, URLs)", () => {
    expect(ok("ip:fe80::1")).toMatchObject({ field: "remoteAddress", value: "fe80::1" });
    expect(ok('args:"curl http://x.io/a b"')).toMatchObject({ field: "processArgs", value: "curl http://x.io/a b" });
  });

  it("reads quoted values with backslash escapes", () => {
    expect(ok('title:"say \\"hi\\" \\\\ bye"')).toMatchObject({ value: 'say "hi" \\ bye' });
  });

  it("ANDs terms by default and with AND, ORs with OR, AND binding tighter", () => {
    expect(ok("a b")).toEqual({ type: "and", children: [{ type: "text", value: "a", position: 0 }, { type: "text", value: "b", position: 2 }] });
    expect(ok("a AND b")).toMatchObject({ type: "and", children: [{ value: "a" }, { value: "b" }] });
    expect(ok("a b OR c")).toMatchObject({ type: "or", children: [{ type: "and" }, { type: "text", value: "c" }] });
    expect(ok("a (b OR c)")).toMatchObject({ type: "and", children: [{ value: "a" }, { type: "or" }] });
  });

  it("treats lowercase or/and as free text", () => {
    expect(ok("cats or dogs")).toMatchObject({ type: "and", children: [{ value: "cats" }, { value: "or" }, { value: "dogs" }] });
  });

  it("negates with - and NOT", () => {
    expect(ok("-severity:low")).toEqual({ type: "not", child: { type: "term", field: "severity", op: "eq", value: "low", position: 1 } });
    expect(ok("NOT domain:x.io")).toMatchObject({ type: "not", child: { field: "domain" } });
    expect(ok("-(a OR b)")).toMatchObject({ type: "not", child: { type: "or" } });
  });

  it("turns a trailing * into a prefix match and field:* into exists", () => {
    expect(ok("exe:/usr/bin/*")).toMatchObject({ op: "prefix", value: "/usr/bin/" });
    expect(ok("domain:*")).toMatchObject({ op: "exists", field: "domain" });
    expect(ok("kube*")).toEqual({ type: "text", value: "kube", position: 0 });
  });

  it("parses numeric comparisons on int fields", () => {
    expect(ok("port:>1024")).toMatchObject({ field: "remotePort", op: "gt", value: "1024" });
    expect(ok("pid:<=1")).toMatchObject({ field: "processPid", op: "lte", value: "1" });
    expect(ok("uid:0")).toMatchObject({ field: "processUid", op: "eq", value: "0" });
  });

  it("keeps text that merely contains a colon after a non-name as free text", () => {
    expect(ok("10.0.0.1:443")).toEqual({ type: "text", value: "10.0.0.1:443", position: 0 });
  });

  it("reports unknown fields with their position and length", () => {
    expect(err("severity:high bogus:1")).toEqual({ message: expect.stringContaining('Unknown field "bogus"'), position: 14, length: 5 });
    expect(err("http://example.com").position).toBe(0);
  });

  it("reports syntax errors with positions", () => {
    expect(err('domain:"unterminated')).toMatchObject({ message: "Missing closing quote", position: 7 });
    expect(err("(a OR b")).toMatchObject({ message: expect.stringContaining('Missing ")"'), position: 0 });
    expect(err("a OR")).toMatchObject({ message: "Expected a term after OR", position: 2 });
    expect(err("a )")).toMatchObject({ position: 2 });
    expect(err("()")).toMatchObject({ message: "Empty parentheses" });
    expect(err("domain:")).toMatchObject({ message: expect.stringContaining("Expected a value") });
    expect(err("- a")).toMatchObject({ message: expect.stringContaining("negation"), position: 0 });
    expect(err("*foo")).toMatchObject({ message: expect.stringContaining("trailing *") });
  });

  it("rejects values that do not fit the field's type", () => {
    expect(err("port:http")).toMatchObject({ message: expect.stringContaining("whole number"), position: 5, length: 4 });
    expect(err("port:99999999999")).toMatchObject({ message: expect.stringContaining("whole number") });
    expect(err("domain:>5")).toMatchObject({ message: expect.stringContaining("not numeric"), position: 7 });
    expect(err("pid:12*")).toMatchObject({ message: expect.stringContaining("prefix") });
    expect(err("severity:urgent")).toMatchObject({ message: expect.stringContaining("low, medium, high, critical") });
  });

  it("bounds numbers by the field's column: integer for pids, uids and ports, bigint for id", () => {
    expect(ok("id:>2147483647")).toMatchObject({ field: "id", op: "gt", value: "2147483647" });
    expect(ok("id:<=9223372036854775807")).toMatchObject({ field: "id", op: "lte", value: "9223372036854775807" });
    expect(ok("pid:-2147483648")).toMatchObject({ field: "processPid", value: "-2147483648" });
    expect(ok("port:2147483647")).toMatchObject({ field: "remotePort", value: "2147483647" });
    expect(err("id:9223372036854775808")).toEqual({
      message: 'id takes a whole number from -9223372036854775808 to 9223372036854775807, not "9223372036854775808"',
      position: 3,
      length: 19,
    });
    expect(err("kind:flows port:>2147483648")).toEqual({
      message: 'remotePort takes a whole number from -2147483648 to 2147483647, not "2147483648"',
      position: 17,
      length: 10,
    });
    expect(err("uid:-2147483649")).toMatchObject({ message: expect.stringMatching(/^processUid takes a whole number from -2147483648/), position: 4 });
  });

  it("limits nesting depth and length without throwing", () => {
    expect(err("(".repeat(100) + "a" + ")".repeat(100)).message).toMatch(/deeper/);
    expect(err("-".repeat(100) + "a").message).toMatch(/deeper/);
    expect(err("a".repeat(5000)).message).toMatch(/longer/);
  });

  it("never throws on arbitrary input", () => {
    const alphabet = ['"', "(", ")", "-", ":", "*", ">", "<", "=", " ", "a", "OR", "AND", "NOT", "\\", "exe", "port", "1"];
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 3000; i++) {
      const text = Array.from({ length: Math.floor(rand() * 12) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join("");
      const r = parseQuery(text);
      if (!r.ok) {
        expect(r.error.position).toBeGreaterThanOrEqual(0);
        expect(r.error.position).toBeLessThanOrEqual(text.length);
      }
    }
  });

  it("lists the fields a query refers to", () => {
    expect([...fieldsOf(ok("exe:/bin/sh (port:22 OR curl) -severity:low"))].sort()).toEqual(["*", "processExe", "remotePort", "severity"]);
  });
});
