// Keyset cursors: the sort key of the last row of a page, opaque to clients. Pure.
import type { Sort } from "./fields";
import { ValidationError } from "@/lib/errors";

export interface CursorKey {
  sort: Sort;
  /** severity_rank of the last row, for severity sorts. */
  rank: number | null;
  occurredAt: string;
  id: string;
}

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.sort, key.rank, key.occurredAt, key.id])).toString("base64url");
}

export function decodeCursor(cursor: string, sort: Sort): CursorKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new ValidationError("cursor is not valid", { field: "cursor" });
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 4 ||
    typeof parsed[0] !== "string" ||
    (parsed[1] !== null && !Number.isInteger(parsed[1])) ||
    typeof parsed[2] !== "string" ||
    Number.isNaN(Date.parse(parsed[2])) ||
    typeof parsed[3] !== "string" ||
    !/^\d{1,19}$/.test(parsed[3])
  ) {
    throw new ValidationError("cursor is not valid", { field: "cursor" });
  }
  if (parsed[0] !== sort) throw new ValidationError(`cursor belongs to sort ${parsed[0]}, not ${sort}`, { field: "cursor" });
  return { sort, rank: parsed[1] as number | null, occurredAt: parsed[2], id: parsed[3] };
}
