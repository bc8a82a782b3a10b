// Request schemas of the statistics API (Argus's statistics request, seed 004): the search
// criteria of events or issues, plus `groupBy` (1–3 levels, each with a limit) and
// `timeRangeMetrics` (named ranges counted alongside). Pure.
import { z } from "zod";
import { FACET_FIELDS } from "@/lib/events/fields";
import { searchRequestSchema } from "@/lib/events/schemas";
import { IssueSearchInput } from "@/lib/issues/schemas";
import { isTimeSpec, TIME_SPEC_HINT } from "./time-spec";

export const MAX_GROUP_LEVELS = 3;
export const DEFAULT_GROUP_LIMIT = 10;
export const MAX_TIME_RANGE_METRICS = 10;

/** Fields events are grouped by: the facet allow-list (lib/events/fields.ts). */
export const EVENT_GROUP_FIELDS = FACET_FIELDS as [string, ...string[]];

/** Fields issues are grouped by; agent and flags are lists (an issue counts once per value). */
export const ISSUE_GROUP_FIELDS = [
  "status", "severity", "priority", "type", "kind", "assignee", "flags", "closeReason", "agent", "cluster", "namespace", "repository", "workflow",
] as const;
export type IssueGroupField = (typeof ISSUE_GROUP_FIELDS)[number];

function groupByLevels<const F extends readonly [string, ...string[]]>(fields: F) {
  const level = z.strictObject({
    field: z.enum(fields, { error: (iss) => `"${String(iss.input)}" is not a field to group by (one of ${fields.join(", ")})` }),
    /** Buckets kept at this level, most frequent first: 1–100, default 10. */
    limit: z.number().int().min(1).max(100).optional(),
    /** Count rows without a value as a bucket of their own (key null); default false. */
    missing: z.boolean().optional(),
  });
  return z
    .array(level)
    .max(MAX_GROUP_LEVELS, `at most ${MAX_GROUP_LEVELS} levels: group by 1 to ${MAX_GROUP_LEVELS} fields`)
    .superRefine((levels, ctx) => {
      levels.forEach((l, i) => {
        if (levels.findIndex((o) => o.field === l.field) < i) {
          ctx.addIssue({ code: "custom", path: [i, "field"], message: `"${l.field}" is already grouped by at an upper level` });
        }
      });
    });
}

const timeSpec = z.string().max(64).refine(isTimeSpec, `must be ${TIME_SPEC_HINT}`);

export const TimeRangeMetricInput = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, "must be 1–64 letters, digits, _ . : or -"),
  from: timeSpec,
  /** Default: now. */
  to: timeSpec.optional(),
});

const timeRangeMetrics = z
  .array(TimeRangeMetricInput)
  .max(MAX_TIME_RANGE_METRICS)
  .superRefine((metrics, ctx) => {
    metrics.forEach((m, i) => {
      if (metrics.findIndex((o) => o.name === m.name) < i) ctx.addIssue({ code: "custom", path: [i, "name"], message: `"${m.name}" is named twice` });
    });
  });

/** 1–3 levels of event fields, each with its limit: a statistics request's `groupBy`. */
export const EventGroupByInput = groupByLevels(EVENT_GROUP_FIELDS);

export const EventStatsInput = searchRequestSchema
  .pick({ query: true, filters: true, from: true, to: true })
  .extend({ groupBy: EventGroupByInput.optional(), timeRangeMetrics: timeRangeMetrics.optional() })
  .strict();
export type EventStatsInput = z.input<typeof EventStatsInput>;

export const IssueStatsInput = IssueSearchInput.omit({ limit: true, cursor: true, sort: true })
  .extend({ groupBy: groupByLevels(ISSUE_GROUP_FIELDS).optional(), timeRangeMetrics: timeRangeMetrics.optional() })
  .strict();
export type IssueStatsInput = z.input<typeof IssueStatsInput>;

/** Parses a statistics request, or throws the ZodError: the 400 then names every bad field. */
export function parseStatsRequest<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw parsed.error;
  return parsed.data;
}
