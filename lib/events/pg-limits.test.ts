import { describe, expect, it } from "vitest";
import { z } from "zod";
import { INT4, INT8, isIntegerIn, pgText } from "./pg-limits";

describe("isIntegerIn", () => {
  it("takes decimal whole numbers up to each bound, inclusive", () => {
    for (const n of ["0", "-0", "007", "2147483647", "-2147483648"]) expect(isIntegerIn(n, INT4), n).toBe(true);
    for (const n of ["2147483648", "-2147483649", "9999999999"]) expect(isIntegerIn(n, INT4), n).toBe(false);
    expect(isIntegerIn("9223372036854775807", INT8)).toBe(true);
    expect(isIntegerIn("-9223372036854775808", INT8)).toBe(true);
    expect(isIntegerIn("9223372036854775808", INT8)).toBe(false);
    expect(isIntegerIn("99999999999999999999", INT8)).toBe(false);
  });

  it("refuses anything but digits with an optional minus sign", () => {
    for (const n of ["", "-", "+1", "1.0", "1e3", " 1", "1 ", "0x10", "١", "9".repeat(400)]) expect(isIntegerIn(n, INT8), n).toBe(false);
  });
});

describe("pgText", () => {
  it("refuses U+0000 anywhere and keeps the schema's own checks", () => {
    const schema = pgText(z.string().max(3));
    expect(schema.safeParse("abc").success).toBe(true);
    for (const s of ["\u0000", "a\u0000", "\u0000b"]) expect(schema.safeParse(s).error?.issues[0].message).toBe("must not contain a NUL character");
    expect(schema.safeParse("abcd").success).toBe(false);
    expect(pgText(z.string(), "the name must not contain a NUL character").safeParse("x\u0000").error?.issues[0].message).toMatch(/^the name/);
  });
});
