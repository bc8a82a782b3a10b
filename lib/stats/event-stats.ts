import "server-only";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { ForbiddenError } from "@/lib/errors";
import { aggregateEvents, type GroupLevel } from "@/lib/events/aggregate";
import { fieldByName, type FieldDef } from "@/lib/events/fields";
import { compileSearch } from "@/lib/events/search";
import type { GroupTree } from "./group-sql";
import { agentNames } from "./names";
import { DEFAULT_GROUP_LIMIT, EventStatsInput, parseStatsRequest } from "./schemas";
import { capitalize, keysAt, statsBuckets, type LevelNames } from "./shape";
import { resolveTimeRanges } from "./time-spec";
import type { StatsResponse } from "./types";

// POST /api/v1/events/stats: the events a search matches, grouped into a tree of up to three
// levels with named time-range counts (Argus's event statistics, seed 004).

export async function eventStats({
  ctx,
  input,
  signal,
  now = new Date(),
}: {
  ctx: CallerContext;
  input: unknown;
  signal?: AbortSignal;
  /** What relative times ("-24h") count back from. */
  now?: Date;
}): Promise<StatsResponse> {
  if (!roleCan(ctx.role, "read")) throw new ForbiddenError();
  const data = parseStatsRequest(EventStatsInput, input);
  const search = compileSearch(ctx.tenantId, { query: data.query, filters: data.filters, from: data.from, to: data.to ?? now.toISOString() });
  const ranges = resolveTimeRanges(data.timeRangeMetrics, now);
  const levels: GroupLevel[] = (data.groupBy ?? []).map((l) => ({ field: fieldByName(l.field)!, limit: l.limit ?? DEFAULT_GROUP_LIMIT, missing: l.missing }));
  const result = await aggregateEvents(search, { range: search.range, windows: ranges, groupings: levels.length ? [levels] : [] }, signal);
  const tree: GroupTree = result.groupings[0] ?? { buckets: [], other: 0, otherBuckets: 0 };
  const names = await eventLevelNames(ctx.tenantId, tree, levels.map((l) => l.field));
  const windowNames = ranges.map((r) => r.name);
  return {
    from: search.range.from.toISOString(),
    to: search.range.to.toISOString(),
    groupBy: levels.map((l) => l.field.name),
    count: result.count,
    timeRangeMetrics: result.windows,
    timeRanges: ranges.map((r) => ({ name: r.name, from: r.from.toISOString(), to: r.to.toISOString() })),
    buckets: statsBuckets(tree.buckets, names, windowNames),
    other: tree.other,
    otherBuckets: tree.otherBuckets,
  };
}

/** How each level's keys read: agents by name, severities capitalised, other values as they are. */
export async function eventLevelNames(tenantId: string, tree: GroupTree, fields: readonly FieldDef[]): Promise<LevelNames[]> {
  const ids = keysAt(tree, fields.map((f) => (f.type === "agent" ? "agent" : null))).get("agent");
  const agents = ids ? await agentNames(tenantId, ids) : new Map<string, string>();
  return fields.map((f) => ({
    type: f.name,
    name: f.type === "agent" ? (k) => agents.get(k) ?? k : f.name === "severity" ? capitalize : (k) => k,
    missing: `No ${f.label.toLowerCase()}`,
  }));
}
