import "server-only";
import { groupCountSql, shapeGroupCounts, STATS_STATEMENT, type GroupCountResult, type GroupCountRow, type GroupTree } from "@/lib/stats/group-sql";
import { Params } from "./compile";
import type { FieldDef } from "./fields";
import { eventSourceSql, finestLevel, type EventScope } from "./rollups";
import { searchQuery } from "./statement";
import { bucketStarts, INTERVAL_MS, type TimeRange } from "./time-range";
import type { HistogramInterval } from "./types";

// Event counts for statistics and the dashboard: a total, named windows counted alongside,
// group-by trees and time series, in one statement over the rollups where they can answer
// (whole days and hours, rollup dimensions only) and raw events for the rest, so counts are
// exact whatever the window (lib/events/rollups.ts).

export interface GroupLevel {
  field: FieldDef;
  limit: number;
  /** A bucket (key null) for events without a value; left out by default. */
  missing?: boolean;
  /** Count the grouping over this named window (one of `windows`) instead of `range`. */
  over?: string;
}

export interface NamedRange extends TimeRange {
  name: string;
}

export interface EventSeriesSpec {
  interval: HistogramInterval;
  /** Split each bucket by this field's values. */
  by?: FieldDef;
}

export interface AggregateSpec {
  /** The window `count` (and every bucket's count and series) counts. */
  range: TimeRange;
  /** Windows counted alongside, each over its own range (inside `range` or not: the previous week). */
  windows?: NamedRange[];
  /** Independent group-by trees of 1–3 levels, each level cut to its limit. */
  groupings?: GroupLevel[][];
  series?: EventSeriesSpec[];
  /** Read raw events only: the tests compare it with what the rollups answer. */
  rawOnly?: boolean;
}

export interface SeriesBucket {
  /** Bucket start, ISO-8601. */
  t: string;
  count: number;
  /** Counts per value of the series' `by` field; events without a value are in `count` only. For a list field (flags) an event counts once per value. */
  by: Record<string, number>;
}

export interface AggregateResult {
  count: number;
  windows: Record<string, number>;
  /** One tree per grouping; window counts of its buckets are in the order of `spec.windows`. */
  groupings: GroupTree[];
  series: SeriesBucket[][];
}

const ORIGIN = "TIMESTAMPTZ '2000-01-01 00:00:00+00'";

export async function aggregateEvents(scope: EventScope, spec: AggregateSpec, signal?: AbortSignal): Promise<AggregateResult> {
  const params = new Params();
  params.add(scope.tenantId);
  const windows = spec.windows ?? [];
  const groupings = spec.groupings ?? [];
  const series = spec.series ?? [];
  const fields = [...groupings.flat().map((l) => l.field), ...series.flatMap((s) => (s.by ? [s.by] : []))];
  const finest = spec.rawOnly
    ? "raw"
    : finestLevel(scope, fields, Math.min(Infinity, ...series.map((s) => INTERVAL_MS[s.interval])));
  const columns = [...new Set(fields.map((f) => f.column))];
  const source = eventSourceSql(scope, { ranges: [spec.range, ...windows], columns, params, finest });
  const within = (r: TimeRange) => `s.t >= ${params.add(r.from)} AND s.t < ${params.add(r.to)}`;
  const dim = (f: FieldDef) => ({ column: f.column, array: f.type === "array" });
  const buckets = new Map<HistogramInterval, string>();
  const bucketOf = (interval: HistogramInterval) => {
    // One expression per interval: series of the same interval then share their GROUPING SETS.
    if (!buckets.has(interval)) buckets.set(interval, `date_bin(${params.add(`${INTERVAL_MS[interval] / 1000} seconds`)}::interval, s.t, ${ORIGIN})`);
    return buckets.get(interval)!;
  };
  const countSpec = {
    source,
    main: within(spec.range),
    windows: windows.map(within),
    collapse: ["t", ...columns],
    groupings: groupings.map((levels) => levels.map((l) => ({ ...dim(l.field), limit: l.limit, missing: l.missing ?? false, over: windowIndex(windows, l.over) }))),
    series: series.map((s) => ({
      bucket: bucketOf(s.interval),
      by: s.by ? dim(s.by) : undefined,
    })),
  };
  const rows = await searchQuery<GroupCountRow>(groupCountSql(countSpec, params), params.values, signal, STATS_STATEMENT);
  const shaped = shapeGroupCounts(rows, countSpec);
  return {
    count: shaped.count,
    windows: Object.fromEntries(windows.map((w, i) => [w.name, shaped.windows[i] ?? 0])),
    groupings: shaped.groupings,
    series: series.map((s, i) => denseSeries(spec.range, s.interval, shaped.series[i])),
  };
}

function windowIndex(windows: NamedRange[], name: string | undefined): number | undefined {
  if (name === undefined) return undefined;
  const i = windows.findIndex((w) => w.name === name);
  if (i < 0) throw new Error(`aggregateEvents: no window named "${name}"`);
  return i;
}

/** Every bucket of the range, zero where no event fell. */
function denseSeries(range: TimeRange, interval: HistogramInterval, rows: GroupCountResult["series"][number]): SeriesBucket[] {
  const buckets = new Map<number, SeriesBucket>();
  const out: SeriesBucket[] = [];
  for (const t of bucketStarts(range, interval)) {
    const b: SeriesBucket = { t: t.toISOString(), count: 0, by: {} };
    buckets.set(t.getTime(), b);
    out.push(b);
  }
  for (const r of rows.totals) {
    const b = buckets.get(r.t.getTime());
    if (b) b.count += r.count;
  }
  for (const r of rows.split) {
    const b = buckets.get(r.t.getTime());
    if (b && r.key !== null) b.by[r.key] = (b.by[r.key] ?? 0) + r.count;
  }
  return out;
}
