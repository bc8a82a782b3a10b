// Keyset cursors of the queue: the sort key of a page's last row, opaque to clients. Pure.
import { ValidationError } from "@/lib/errors";
import { INT8, isIntegerIn } from "@/lib/events/pg-limits";
import { isStorableTime } from "@/lib/ingest/storable";
import type { IssueSort } from "./types";

export interface IssueSortSpec {
  /** The ORDER BY, and the keyset tuple compared to the cursor. */
  order: string;
  keyset: string;
  comparator: "<" | ">";
  /** The first key's type: a rank, a count or a time. */
  keyType: "int" | "bigint" | "timestamptz";
  keyColumn: string;
}

const KEYS: Record<string, { column: string; type: IssueSortSpec["keyType"]; then?: string }> = {
  severity: { column: "severity_rank", type: "int", then: "last_seen_at" },
  lastSeen: { column: "last_seen_at", type: "timestamptz" },
  eventCount: { column: "event_count", type: "bigint" },
  firstSeen: { column: "first_seen_at", type: "timestamptz" },
};

export function sortSpec(sort: IssueSort): IssueSortSpec {
  const desc = sort.startsWith("-");
  const key = KEYS[desc ? sort.slice(1) : sort];
  const cols = [key.column, ...(key.then ? [key.then] : []), "id"].map((c) => `i.${c}`);
  return {
    order: cols.map((c) => `${c} ${desc ? "DESC" : "ASC"}`).join(", "),
    keyset: `(${cols.join(", ")})`,
    comparator: desc ? "<" : ">",
    keyType: key.type,
    keyColumn: key.column,
  };
}

/** The key values of a row in keyset order, as text. */
export type CursorValues = string[];

export function encodeIssueCursor(sort: IssueSort, values: CursorValues): string {
  return Buffer.from(JSON.stringify([sort, ...values])).toString("base64url");
}

const ID = { min: 1n, max: INT8.max };

export function decodeIssueCursor(cursor: string, sort: IssueSort): CursorValues {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed[0] !== sort) throw invalid();
  const spec = sortSpec(sort);
  const values = parsed.slice(1);
  const expected = spec.keyset.split(",").length;
  if (values.length !== expected || !values.every((v) => typeof v === "string")) throw invalid();
  const ok = values.every((v: string, i: number) => {
    if (i === values.length - 1) return isIntegerIn(v, ID);
    const type = i === 0 ? spec.keyType : "timestamptz";
    if (type === "timestamptz") return isStorableTime(v) && new Date(v).toISOString() === v;
    if (type === "int") return isIntegerIn(v, { min: 1n, max: 4n });
    return isIntegerIn(v, { min: 0n, max: INT8.max });
  });
  if (!ok) throw invalid();
  return values as string[];
}

function invalid(): ValidationError {
  return new ValidationError("cursor is not valid for this sort", { field: "cursor" });
}
