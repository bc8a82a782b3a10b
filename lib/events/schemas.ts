import { z } from "zod";
import { ValidationError } from "@/lib/errors";
import { SORTS } from "./fields";
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
    query: pgText(z.string().max(4000)).optional(),
    filters: z.array(fieldFilterSchema).max(50).optional(),
    from: isoTime.optional(),
    to: isoTime.optional(),
    sort: z.enum(SORTS as [string, ...string[]]).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
    cursor: z.string().max(512).optional(),
    facets: z.array(z.string().max(64)).max(40).optional(),
    facetLimit: z.number().int().min(1).max(100).optional(),
    histogram: z.object({ interval: z.enum([...HISTOGRAM_INTERVALS, "auto"]).optional() }).strict().optional(),
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
