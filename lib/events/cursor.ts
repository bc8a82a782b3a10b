// Keyset cursors: the sort key of the last row of a page, opaque to clients. Pure.
import { SEVERITY_ORDER, type Sort } from "./fields";
import { INT8, isIntegerIn } from "./pg-limits";
import { ValidationError } from "@/lib/errors";
import { isStorableTime } from "@/lib/ingest/storable";

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

// A client can send any cursor: each part must be one PostgreSQL takes (smallint rank,
// timestamptz, bigint id), or the page's statement would fail instead of answering 400.
const EVENT_ID = { min: 1n, max: INT8.max };

export function decodeCursor(cursor: string, sort: Sort): CursorKey {
  const parsed = parseJson(cursor);
  if (!Array.isArray(parsed) || parsed.length !== 4 || typeof parsed[0] !== "string") throw invalidCursor();
  const [cursorSort, rank, occurredAt, id] = parsed as unknown[];
  if (cursorSort !== sort) throw new ValidationError(`cursor belongs to sort ${cursorSort}, not ${sort}`, { field: "cursor" });
  if (!isRank(rank, sort) || !isCursorTime(occurredAt) || typeof id !== "string" || !isIntegerIn(id, EVENT_ID)) throw invalidCursor();
  return { sort, rank, occurredAt, id };
}

function parseJson(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalidCursor();
  }
}

function invalidCursor(): ValidationError {
  return new ValidationError("cursor is not valid", { field: "cursor" });
}

/** severity_rank() of a severity sort (low 1 … critical 4); time sorts carry null. */
function isRank(rank: unknown, sort: Sort): rank is number | null {
  if (!sort.endsWith("severity")) return rank === null;
  return typeof rank === "number" && Number.isInteger(rank) && rank >= 1 && rank <= SEVERITY_ORDER.length;
}

/** Exactly what encodeCursor writes (Date#toISOString), in the years events are stored for. */
function isCursorTime(value: unknown): value is string {
  return typeof value === "string" && isStorableTime(value) && new Date(value).toISOString() === value;
}
