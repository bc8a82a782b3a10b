// What PostgreSQL columns can hold. Input past these fails its statement (22021, 22003) and
// would answer 500, so schemas and parsers check it first and answer a 400 naming the field.
// Pure: the query parser and saved-search schemas run in the browser too.
import type { z } from "zod";

export interface IntRange {
  min: bigint;
  max: bigint;
}

export const INT4: IntRange = { min: -(2n ** 31n), max: 2n ** 31n - 1n };
export const INT8: IntRange = { min: -(2n ** 63n), max: 2n ** 63n - 1n };

/** Whether `text` is a decimal whole number (optional minus sign) within `range`. */
export function isIntegerIn(text: string, range: IntRange): boolean {
  if (!/^-?\d{1,20}$/.test(text)) return false;
  const n = BigInt(text);
  return n >= range.min && n <= range.max;
}

/** Row ids of a bigint identity column: 1 to the bigint maximum. */
export const ROW_ID: IntRange = { min: 1n, max: INT8.max };

/** Whether `text` is an id as the API writes a bigint row id: a decimal number, no sign or leading zero, in range. */
export function isRowId(text: string): boolean {
  return /^[1-9]\d{0,18}$/.test(text) && isIntegerIn(text, ROW_ID);
}

/** Whether `text` is a UUID as PostgreSQL's uuid type takes it in its canonical form. */
export function isUuid(text: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text);
}

/**
 * `schema`, refusing what PostgreSQL cannot store as text: U+0000, and an unpaired surrogate
 * (not Unicode at all; jsonb refuses its escape). Stripping either would change what was asked.
 */
export function pgText<S extends z.ZodString>(schema: S, message = "must not contain a NUL character"): S {
  return schema
    .refine((s) => !s.includes("\u0000"), message)
    .refine((s) => s.isWellFormed(), "must be valid Unicode text (it holds an unpaired surrogate)");
}
