import { z } from "zod";
import { ValidationError } from "@/lib/errors";
import { SORTS, type Sort } from "./fields";
import { pgText } from "./pg-limits";
import { HISTOGRAM_INTERVALS } from "./types";

const isoTime = z.iso.datetime({ offset: true, message: "must be an ISO-8601 time, e.g. 2026-11-23T10:00:00Z" });

export const fieldFilterSchema = z.strictObject({
  field: z.string().min(1).max(64),
  values: z.array(pgText(z.string().max(1024))).min(1).max(200),
  exclude: z.boolean().optional(),
});

export const searchRequestSchema = z
  .object({
    /** Query language text (see lib/events/parse-query.ts). */
    query: pgText(z.string().max(4000)).optional(),
    filters: z.array(fieldFilterSchema).max(50).optional(),
    /** ISO-8601; defaults to 24 hours before `to`. */
    from: isoTime.optional(),
    /** ISO-8601; defaults to now. */
    to: isoTime.optional(),
    sort: z.enum(SORTS as readonly Sort[] as [Sort, ...Sort[]]).optional(),
    /** 1–1000, default 50. */
    limit: z.number().int().min(1).max(1000).optional(),
    cursor: z.string().max(512).optional(),
    /** Facet fields to count (allow-listed). */
    facets: z.array(z.string().max(64)).max(40).optional(),
    /** Values per facet, default 10, at most 100. */
    facetLimit: z.number().int().min(1).max(100).optional(),
    /** Omit for no histogram; interval "auto" picks about 60 buckets. */
    histogram: z.object({ interval: z.enum([...HISTOGRAM_INTERVALS, "auto"]).optional() }).strict().optional(),
    /** Count the matching events (default true); exports paging through results turn it off. */
    total: z.boolean().optional(),
  })
  .strict();

export type SearchInput = z.infer<typeof searchRequestSchema>;

/** Autocomplete: the most frequent values of a facet field. */
export const fieldValuesSchema = z.object({
  field: z.string().min(1).max(64),
  prefix: pgText(z.string().max(256)).optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

/**
 * Parses `input`, or throws a ValidationError naming the first bad field ("filters.0.field", an
 * unexpected key, or "body"): search, autocomplete and export answer 400s in that shape.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0]] : issue.path;
  const field = path.join(".") || "body";
  throw new ValidationError(`${field}: ${issue.message}`, { field });
}
