// The hourly and daily rollups of events as readers see them: which dimensions they keep (the
// fields fields.ts marks `rollup: true`, in the order of the rollup key), how a time window
// splits into whole days, whole hours and raw edges, and the SQL reading a window's rows from
// each. Pure: search's facets, statistics, the dashboard and the repair command build on it.
import { filterSql, Params, querySql, rollupEligible, type ResolvedFilter } from "./compile";
import { ROLLUP_FIELDS, type FieldDef } from "./fields";
import type { QueryNode } from "./parse-query";
import { HOUR_MS, type TimeRange } from "./time-range";

/** The rollups' dimension columns, in the order the trigger functions hash them into `dims_key`. */
export const ROLLUP_COLUMNS: readonly string[] = ROLLUP_FIELDS.map((f) => f.column);

export type Level = "daily" | "hourly" | "raw";

export interface Segment {
  level: Level;
  from: Date;
  to: Date;
}

const DAY_MS = 24 * HOUR_MS;

/** Splits [from, to) into whole days (daily rollup), whole hours (hourly rollup) and raw edges. */
export function segmentRange(from: Date, to: Date, finest: Level): Segment[] {
  const split = (a: Date, b: Date, level: Level): Segment[] => {
    if (a.getTime() >= b.getTime()) return [];
    if (level === "raw") return [{ level, from: a, to: b }];
    const unit = level === "daily" ? DAY_MS : HOUR_MS;
    const next: Level = level === "daily" ? "hourly" : "raw";
    const start = new Date(Math.ceil(a.getTime() / unit) * unit);
    const end = new Date(Math.floor(b.getTime() / unit) * unit);
    if (start.getTime() >= end.getTime()) return split(a, b, next);
    return [...split(a, start, next), { level, from: start, to: end }, ...split(end, b, next)];
  };
  return split(from, to, finest);
}

/**
 * Segments covering the union of `ranges`, cut at every range's bounds: each segment then lies
 * wholly inside or wholly outside each range, so a rollup row's start time tells which ranges
 * it counts for. Stretches no range covers are not read.
 */
export function segmentRanges(ranges: readonly TimeRange[], finest: Level): Segment[] {
  const bounds = [...new Set(ranges.flatMap((r) => [r.from.getTime(), r.to.getTime()]))].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const [a, b] = [bounds[i], bounds[i + 1]];
    if (!ranges.some((r) => r.from.getTime() <= a && r.to.getTime() >= b)) continue;
    const pieces = segmentRange(new Date(a), new Date(b), finest);
    // Adjacent pieces of one level merge, so a window cut at day bounds stays one scan per level.
    for (const p of pieces) {
      const last = out[out.length - 1];
      if (last && last.level === p.level && last.to.getTime() === p.from.getTime()) last.to = p.to;
      else out.push({ ...p });
    }
  }
  return out;
}

export const LEVEL_SOURCE: Record<Level, { table: string; time: string; count: string }> = {
  daily: { table: "event_rollups_daily", time: "day", count: "count" },
  hourly: { table: "event_rollups_hourly", time: "hour", count: "count" },
  raw: { table: "events", time: "occurred_at", count: "1::bigint" },
};

/** What is counted: a tenant's events matching a parsed query and facet filters. */
export interface EventScope {
  tenantId: string;
  query: QueryNode | null;
  filters: ResolvedFilter[];
}

/**
 * The finest level that can answer: raw rows when the query, the filters or the fields read
 * touch anything but rollup dimensions (free text, numbers, issues); otherwise the daily rollup,
 * or the hourly one when buckets finer than a day are asked for (raw below an hour).
 */
export function finestLevel(scope: Pick<EventScope, "query" | "filters">, fields: readonly FieldDef[], bucketMs = Infinity): Level {
  if (!rollupEligible(scope.query, scope.filters) || fields.some((f) => !f.rollup)) return "raw";
  if (bucketMs === Infinity || (bucketMs >= DAY_MS && bucketMs % DAY_MS === 0)) return "daily";
  return bucketMs >= HOUR_MS && bucketMs % HOUR_MS === 0 ? "hourly" : "raw";
}

export interface SourceOptions {
  /** The windows to read; their union is read once. */
  ranges: readonly TimeRange[];
  /** Columns every row carries besides `t` (the day, hour or occurred_at) and `n` (the count). */
  columns: readonly string[];
  /** Holds the tenant as $1. */
  params: Params;
  finest: Level;
  /**
   * Keep rows failing at most one filter (facets count each field without its own filter);
   * otherwise every filter applies.
   */
  relaxFilters?: boolean;
}

/** SQL of the rows a count reads: `t`, `columns`, `n`, one UNION ALL part per segment. */
export function eventSourceSql(scope: EventScope, o: SourceOptions): string {
  const conds = scope.query ? [querySql(scope.query, o.params, "$1")] : [];
  const filters = scope.filters.map((f) => filterSql(f, o.params, "$1"));
  if (filters.length > 0) {
    conds.push(o.relaxFilters ? `(${filters.map((f) => `((${f}) IS NOT TRUE)::int`).join(" + ")}) <= 1` : filters.join(" AND "));
  }
  const extra = conds.length ? ` AND ${conds.join(" AND ")}` : "";
  const cols = o.columns.length ? `${o.columns.join(", ")}, ` : "";
  const segments = segmentRanges(o.ranges, o.finest);
  if (segments.length === 0) return `SELECT NULL::timestamptz AS t, ${cols}0::bigint AS n WHERE false`;
  return segments
    .map(({ level, from, to }) => {
      const src = LEVEL_SOURCE[level];
      return `SELECT ${src.time} AS t, ${cols}${src.count} AS n FROM ${src.table}
               WHERE tenant_id = $1 AND ${src.time} >= ${o.params.add(from)} AND ${src.time} < ${o.params.add(to)}${extra}`;
    })
    .join(" UNION ALL ");
}

/** The rollup key of an events row `alias`: as the trigger functions compute it. */
export function rollupKeySql(alias: string): string {
  return `md5(ROW(${ROLLUP_COLUMNS.map((c) => `${alias}.${c}`).join(", ")})::text)::uuid`;
}

/**
 * One statement rebuilding both rollups of a tenant over whole UTC days [$2, $3) from its events
 * ($1 the tenant): rows whose count differs are corrected, missing ones inserted, rows without
 * events deleted. Answers the rows corrected and deleted per rollup, and the events counted.
 * The caller keeps writers out (lib/events/repair-rollups.ts locks `events`).
 */
export function repairRollupsSql(): string {
  const cols = ROLLUP_COLUMNS.join(", ");
  const rebuild = (table: string, time: string, from: string) => `
    INSERT INTO ${table} AS r (tenant_id, ${time}, dims_key, ${cols}, count)
    SELECT tenant_id, ${time}, dims_key, ${cols}, n FROM ${from}
    ON CONFLICT (tenant_id, ${time}, dims_key) DO UPDATE SET count = EXCLUDED.count WHERE r.count IS DISTINCT FROM EXCLUDED.count
    RETURNING 1`;
  const prune = (table: string, time: string, from: string) => `
    DELETE FROM ${table} r WHERE r.tenant_id = $1 AND r.${time} >= $2 AND r.${time} < $3
       AND NOT EXISTS (SELECT 1 FROM ${from} f WHERE f.${time} = r.${time} AND f.dims_key = r.dims_key)
    RETURNING 1`;
  return `WITH hourly AS MATERIALIZED (
      SELECT tenant_id, date_trunc('hour', occurred_at, 'UTC') AS hour, ${rollupKeySql("e")} AS dims_key, ${cols}, count(*) AS n
        FROM events e WHERE tenant_id = $1 AND occurred_at >= $2 AND occurred_at < $3
       GROUP BY tenant_id, 2, 3, ${cols}
    ), daily AS MATERIALIZED (
      SELECT tenant_id, date_trunc('day', hour, 'UTC') AS day, dims_key, ${cols}, sum(n)::bigint AS n
        FROM hourly GROUP BY tenant_id, 2, dims_key, ${cols}
    ),
    hourly_set AS (${rebuild("event_rollups_hourly", "hour", "hourly")}),
    hourly_gone AS (${prune("event_rollups_hourly", "hour", "hourly")}),
    daily_set AS (${rebuild("event_rollups_daily", "day", "daily")}),
    daily_gone AS (${prune("event_rollups_daily", "day", "daily")})
    SELECT (SELECT coalesce(sum(n), 0) FROM hourly)::bigint AS events,
           (SELECT count(*) FROM hourly_set) AS hourly_set, (SELECT count(*) FROM hourly_gone) AS hourly_gone,
           (SELECT count(*) FROM daily_set) AS daily_set, (SELECT count(*) FROM daily_gone) AS daily_gone`;
}

/** [from, to) widened to whole UTC days: the unit a repair rebuilds. */
export function wholeDays(range: TimeRange): TimeRange {
  return {
    from: new Date(Math.floor(range.from.getTime() / DAY_MS) * DAY_MS),
    to: new Date(Math.ceil(range.to.getTime() / DAY_MS) * DAY_MS),
  };
}
