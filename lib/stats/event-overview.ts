import "server-only";
import { z } from "zod";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { ForbiddenError } from "@/lib/errors";
import { aggregateEvents, type GroupLevel } from "@/lib/events/aggregate";
import { fieldByName, SEVERITY_ORDER } from "@/lib/events/fields";
import { parseOrThrow, searchRequestSchema } from "@/lib/events/schemas";
import { compileSearch } from "@/lib/events/search";
import { chooseInterval } from "@/lib/events/time-range";
import { HISTOGRAM_INTERVALS, type Severity } from "@/lib/events/types";
import { eventLevelNames } from "./event-stats";
import { statsBuckets } from "./shape";
import type { EventOverview, OverviewTopField } from "./overview-types";

// The dashboard's event figures in one statement over the rollups: events over time by severity,
// detections, and the top values of the busiest fields, each with its count in the comparison
// period (the previous period of the same length, or the same window a week earlier).

export const EventOverviewInput = searchRequestSchema
  .pick({ query: true, filters: true, from: true, to: true })
  .extend({
    /** Bucket size of the series; "auto" (the default) gives about 60 buckets, days from two weeks up. */
    interval: z.enum([...HISTOGRAM_INTERVALS, "auto"]).optional(),
    /** Values per top list: 1–50, default 10. */
    topLimit: z.number().int().min(1).max(50).optional(),
    /** previous (default): the period of the same length before `from`; week: the same window 7 days earlier. */
    compare: z.enum(["previous", "week", "none"]).optional(),
  })
  .strict();
export type EventOverviewInput = z.input<typeof EventOverviewInput>;

export const OVERVIEW_TOP_FIELDS: readonly OverviewTopField[] = ["type", "agent", "cluster", "repository", "workflow", "destination"];

const WEEK_MS = 7 * 86_400_000;

export async function eventOverview({ ctx, input, signal, now = new Date() }: {
  ctx: CallerContext;
  input: EventOverviewInput;
  signal?: AbortSignal;
  now?: Date;
}): Promise<EventOverview> {
  if (!roleCan(ctx.role, "read")) throw new ForbiddenError();
  const data = parseOrThrow(EventOverviewInput, input);
  const search = compileSearch(ctx.tenantId, { query: data.query, filters: data.filters, from: data.from, to: data.to ?? now.toISOString() });
  const { from, to } = search.range;
  const span = to.getTime() - from.getTime();
  const compare = data.compare ?? "previous";
  const shift = compare === "week" ? WEEK_MS : span;
  const previous = compare === "none" ? null : { name: "previous", from: new Date(from.getTime() - shift), to: new Date(to.getTime() - shift) };
  const interval = chooseInterval(search.range, data.interval ?? "auto");
  const limit = data.topLimit ?? 10;
  const tops: GroupLevel[][] = OVERVIEW_TOP_FIELDS.map((name) => [{ field: fieldByName(name)!, limit }]);
  const kind = fieldByName("kind")!;
  const result = await aggregateEvents(
    search,
    {
      range: search.range,
      windows: previous ? [previous] : [],
      groupings: [...tops, [{ field: kind, limit: 10 }]],
      series: [{ interval, by: fieldByName("severity")! }, { interval, by: kind }],
    },
    signal,
  );
  const windowNames = previous ? [previous.name] : [];
  const top = {} as EventOverview["top"];
  for (const [i, name] of OVERVIEW_TOP_FIELDS.entries()) {
    const tree = result.groupings[i];
    top[name] = statsBuckets(tree.buckets, await eventLevelNames(ctx.tenantId, tree, [fieldByName(name)!]), windowNames);
  }
  const detections = result.groupings[OVERVIEW_TOP_FIELDS.length].buckets.find((b) => b.key === "detections");
  const [bySeverity, byKind] = result.series;
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    previous: previous ? { from: previous.from.toISOString(), to: previous.to.toISOString() } : null,
    interval,
    total: { count: result.count, previous: previous ? result.windows.previous : null },
    detections: { count: detections?.count ?? 0, previous: previous ? detections?.windows[0] ?? 0 : null },
    series: bySeverity.map((b, i) => ({
      t: b.t,
      count: b.count,
      bySeverity: Object.fromEntries(SEVERITY_ORDER.map((s) => [s, b.by[s] ?? 0])) as Record<Severity, number>,
      detections: byKind[i]?.by.detections ?? 0,
    })),
    top,
  };
}
