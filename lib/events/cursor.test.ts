import { describe, expect, it } from "vitest";
import { validationErrorOf } from "../../test-support/validation-error";
import { decodeCursor, encodeCursor } from "./cursor";
import type { Sort } from "./fields";
import { ValidationError } from "@/lib/errors";

const raw = (parts: unknown) => Buffer.from(JSON.stringify(parts)).toString("base64url");

function rejection(cursor: string, sort: Sort): ValidationError {
  return validationErrorOf(() => decodeCursor(cursor, sort), Buffer.from(cursor, "base64url").toString());
}

describe("keyset cursors", () => {
  it("decode what they encode, up to the largest bigint id", () => {
    const time = { sort: "-time", rank: null, occurredAt: "2026-11-20T10:00:00.000Z", id: "9223372036854775807" } as const;
    expect(decodeCursor(encodeCursor(time), "-time")).toEqual(time);
    const severity = { sort: "severity", rank: 4, occurredAt: "1970-01-01T00:00:00.000Z", id: "1" } as const;
    expect(decodeCursor(encodeCursor(severity), "severity")).toEqual(severity);
  });

  it.each<[string, unknown[], Sort]>([
    ["an id past bigint", ["-time", null, "2026-12-01T00:00:00.000Z", "9999999999999999999"], "-time"],
    ["an id of 0", ["-time", null, "2026-12-01T00:00:00.000Z", "0"], "-time"],
    ["a negative id", ["-time", null, "2026-12-01T00:00:00.000Z", "-5"], "-time"],
    ["a numeric id", ["-time", null, "2026-12-01T00:00:00.000Z", 5], "-time"],
    ["a time that is not ISO-8601", ["-time", null, "1", "5"], "-time"],
    ["a time past year 9999", ["-time", null, "+275760-09-13T00:00:00.000Z", "5"], "-time"],
    ["a time before 1970", ["-time", null, "1969-12-31T23:59:59.999Z", "5"], "-time"],
    ["a day the month lacks", ["-time", null, "2026-02-30T00:00:00.000Z", "5"], "-time"],
    ["a time with an offset", ["-time", null, "2026-12-01T00:00:00.000+01:00", "5"], "-time"],
    ["a rank of 1e300", ["-severity", 1e300, "2026-12-01T00:00:00.000Z", "5"], "-severity"],
    ["a rank past smallint", ["-severity", 99999, "2026-12-01T00:00:00.000Z", "5"], "-severity"],
    ["a rank of 0", ["severity", 0, "2026-12-01T00:00:00.000Z", "5"], "severity"],
    ["a fractional rank", ["severity", 1.5, "2026-12-01T00:00:00.000Z", "5"], "severity"],
    ["no rank on a severity sort", ["-severity", null, "2026-12-01T00:00:00.000Z", "5"], "-severity"],
    ["a rank on a time sort", ["-time", 3, "2026-12-01T00:00:00.000Z", "5"], "-time"],
    ["three parts", ["-time", null, "2026-12-01T00:00:00.000Z"], "-time"],
  ])("refuse %s with a 400 naming cursor", (_, parts, sort) => {
    const err = rejection(raw(parts), sort);
    expect(err).toMatchObject({ status: 400, message: "cursor is not valid", extra: { field: "cursor" } });
  });

  it("refuse text that is not a cursor, and a cursor of another sort", () => {
    expect(rejection("not-a-cursor", "-time").extra).toEqual({ field: "cursor" });
    expect(rejection(raw({ a: 1 }), "-time").extra).toEqual({ field: "cursor" });
    const other = encodeCursor({ sort: "-time", rank: null, occurredAt: "2026-11-20T10:00:00.000Z", id: "5" });
    expect(rejection(other, "-severity")).toMatchObject({ message: "cursor belongs to sort -time, not -severity", extra: { field: "cursor" } });
  });
});
