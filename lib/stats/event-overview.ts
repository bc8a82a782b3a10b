import "server-only";
import { z } from "zod";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { ForbiddenError } from "@/lib/errors";
import { aggregateEvents, type GroupLevel } from "@/lib/events/aggregate";
import type { GroupTree } from "./group-sql";
import { fieldByName, SEVERITY_ORDER } from "@/lib/events/fields";
import { parseOrThrow, searchRequestSchema } from "@/lib/events/schemas";
import { compileSearch } from "@/lib/events/search";
import { chooseInterval } from "@/lib/events/time-range";
import { HISTOGRAM_INTERVALS, type Severity } from "@/lib/events/types";
import { eventLevelNames } from "./event-stats";
import { DEFAULT_GROUP_LIMIT, EventGroupByInput } from "./schemas";
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
    /** Bucket size of the detections' series; default: `interval`'s. */
    detectionInterval: z.enum([...HISTOGRAM_INTERVALS, "auto"]).optional(),
    /** Values per top list: 1–50, default 10. */
    topLimit: z.number().int().min(1).max(50).optional(),
    /** previous (default): the period of the same length before `from`; week: the same window 7 days earlier. */
    compare: z.enum(["previous", "week", "none"]).optional(),
    /** A group-by tree counted in the same pass (the dashboard's explorer): as POST /api/v1/events/stats's `groupBy`. */
    groupBy: EventGroupByInput.min(1).optional(),
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
  const detectionInterval = data.detectionInterval ? chooseInterval(search.range, data.detectionInterval) : interval;
  const limit = data.topLimit ?? 10;
  const tops: GroupLevel[][] = OVERVIEW_TOP_FIELDS.map((name) => [{ field: fieldByName(name)!, limit }]);
  const kind = fieldByName("kind")!;
  const severity = fieldByName("severity")!;
  const agent = fieldByName("agent")!;
  // After the top lists: kinds (detections), severities and agents, each also counted over the
  // comparison period, which may have values the window lacks (a tree keeps only the window's).
  // A level's limit of 1 still tells how many values it had (kept + otherBuckets).
  const levels: GroupLevel[] = [{ field: kind, limit: 10 }, { field: severity, limit: SEVERITY_ORDER.length }, { field: agent, limit: 1 }];
  const extra: GroupLevel[][] = levels.slice(0, 2).map((l) => [l]);
  if (previous) extra.push(...levels.map((l) => [{ ...l, over: previous.name }]));
  const treeLevels: GroupLevel[] = (data.groupBy ?? []).map((l) => ({ field: fieldByName(l.field)!, limit: l.limit ?? DEFAULT_GROUP_LIMIT, missing: l.missing }));
  if (treeLevels.length) extra.push(treeLevels);
  const result = await aggregateEvents(
    search,
    {
      range: search.range,
      windows: previous ? [previous] : [],
      groupings: [...tops, ...extra],
      series: [{ interval, by: severity }, { interval: detectionInterval, by: kind }],
    },
    signal,
  );
  const windowNames = previous ? [previous.name] : [];
  const top = {} as EventOverview["top"];
  for (const [i, name] of OVERVIEW_TOP_FIELDS.entries()) {
    const tree = result.groupings[i];
    top[name] = statsBuckets(tree.buckets, await eventLevelNames(ctx.tenantId, tree, [fieldByName(name)!]), windowNames);
  }
  const [kinds, severities, ...rest] = result.groupings.slice(OVERVIEW_TOP_FIELDS.length);
  const [previousKinds, previousSeverities, previousAgents] = previous ? rest : [];
  const tree = treeLevels.length ? rest[rest.length - 1] : null;
  const countIn = (tree: GroupTree | undefined, key: string) => (tree ? tree.buckets.find((b) => b.key === key)?.count ?? 0 : null);
  const agents = result.groupings[OVERVIEW_TOP_FIELDS.indexOf("agent")];
  const distinct = (tree: GroupTree | undefined) => (tree ? tree.buckets.length + tree.otherBuckets : null);
  const [bySeverity, byKind] = result.series;
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    previous: previous ? { from: previous.from.toISOString(), to: previous.to.toISOString() } : null,
    interval,
    total: { count: result.count, previous: previous ? result.windows.previous : null },
    detections: {
      count: countIn(kinds, "detections")!,
      previous: countIn(previousKinds, "detections"),
      interval: detectionInterval,
      series: byKind.map((b) => ({ t: b.t, count: b.by.detections ?? 0 })),
    },
    bySeverity: Object.fromEntries(SEVERITY_ORDER.map((s) => [s, { count: countIn(severities, s)!, previous: countIn(previousSeverities, s) }])) as EventOverview["bySeverity"],
    agents: { count: distinct(agents)!, previous: distinct(previousAgents) },
    series: bySeverity.map((b) => ({
      t: b.t,
      count: b.count,
      bySeverity: Object.fromEntries(SEVERITY_ORDER.map((s) => [s, b.by[s] ?? 0])) as Record<Severity, number>,
    })),
    top,
    ...(tree && {
      tree: {
        groupBy: treeLevels.map((l) => l.field.name),
        buckets: statsBuckets(tree.buckets, await eventLevelNames(ctx.tenantId, tree, treeLevels.map((l) => l.field)), windowNames),
        other: tree.other,
        otherBuckets: tree.otherBuckets,
      },
    }),
  };
}
