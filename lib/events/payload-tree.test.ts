import { describe, expect, it } from "vitest";
import { parsePayload, prettyPrint } from "./payload-tree";

describe("parsePayload", () => {
  it("keeps number literals, key order and duplicate keys exactly", () => {
    const body = `{"big":18446744073709551615,"f":1.10,"e":-2E+3,"a":[true,false,null,"x\\n\\u00e9"],"big":1}`;
    const parsed = parsePayload(body);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(prettyPrint(parsed.node)).toBe(
      `{\n  "big": 18446744073709551615,\n  "f": 1.10,\n  "e": -2E+3,\n  "a": [\n    true,\n    false,\n    null,\n    "x\\né"\n  ],\n  "big": 1\n}`,
    );
  });

  it("reads whitespace-heavy and empty containers", () => {
    const parsed = parsePayload(` \n{ "o" : { } , "l" : [ ] }\r\n`);
    expect(parsed.ok && prettyPrint(parsed.node)).toBe(`{\n  "o": {},\n  "l": []\n}`);
  });

  it.each([
    ["{", "Expected a quoted key"],
    ['{"a":1,}', "Expected a quoted key"],
    ["[1 2]", 'Expected "]"'],
    ['"unterminated', "Unterminated string"],
    ["{} x", "Unexpected text after the JSON value"],
    ["nul", "Unexpected character"],
    ['"bad \u0001"', "Invalid string"],
  ])("reports %j as malformed", (body, message) => {
    const parsed = parsePayload(body);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(message);
  });

  it("refuses absurd nesting instead of overflowing the stack", () => {
    const parsed = parsePayload("[".repeat(10_000) + "]".repeat(10_000));
    expect(parsed).toMatchObject({ ok: false, error: expect.stringContaining("Nested deeper") });
  });
});
