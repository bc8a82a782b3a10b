import { describe, expect, it } from "vitest";
import { validationErrorOf } from "../../test-support/validation-error";
import { fieldValuesSchema, parseOrThrow, searchRequestSchema } from "./schemas";

describe("search schemas", () => {
  // PostgreSQL text cannot hold U+0000: a search for it must be a 400, not a failed statement.
  it.each([
    [{ query: "\u0000" }, "query"],
    [{ query: 'exe:"/tmp/\u0000x"' }, "query"],
    [{ filters: [{ field: "exe", values: ["/bin/sh"] }, { field: "domain", values: ["a.test", "b\u0000"] }] }, "filters.1.values.1"],
  ])("refuse a NUL in %j naming %s", (input, field) => {
    const err = validationErrorOf(() => parseOrThrow(searchRequestSchema, input));
    expect(err).toMatchObject({ status: 400, message: `${field}: must not contain a NUL character`, extra: { field } });
  });

  it("refuse a NUL in an autocomplete prefix", () => {
    const err = validationErrorOf(() => parseOrThrow(fieldValuesSchema, { field: "processExe", prefix: "/usr\u0000" }));
    expect(err).toMatchObject({ message: "prefix: must not contain a NUL character", extra: { field: "prefix" } });
  });

  it("keep accepting other control characters and unicode", () => {
    expect(parseOrThrow(searchRequestSchema, { query: '"a\tb" ünï 🚨', filters: [{ field: "exe", values: ["\u0001"] }] })).toBeTruthy();
  });
});

describe("filters", () => {
  it("name a key a filter does not take", () => {
    const r = searchRequestSchema.safeParse({ filters: [{ field: "kind", values: ["flows"], x: 1 }] });
    expect(r.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["x"], path: ["filters", 0] });
  });
});
