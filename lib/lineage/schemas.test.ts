import { describe, expect, it } from "vitest";
import { LineagePageInput } from "./schemas";

describe("LineagePageInput", () => {
  it("takes a cursor from 0 to the largest bigint", () => {
    for (const cursor of ["0", "1", "9223372036854775807"]) expect(LineagePageInput.parse({ cursor })).toEqual({ cursor });
  });

  it.each(["9223372036854775808", "9999999999999999999", "-1", "1.5", "x", ""])("refuses cursor %j naming it", (cursor) => {
    const issues = LineagePageInput.safeParse({ cursor }).error?.issues;
    expect(issues).toEqual([expect.objectContaining({ path: ["cursor"], message: "must be the nextCursor of a previous page" })]);
  });
});
