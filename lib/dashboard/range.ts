// The dashboard's URL is its range, in the Events page's words (range=7d, or from=…&to=…), so a
// link reproduces the report. Pure: shared by the page and the browser.
import { parseSearchParams, RANGE_PRESETS, resolveTimeRange, type RawSearchParams, type TimeRangeState } from "@/lib/events/search-params";
import { bucketStarts, HOUR_MS, INTERVAL_MS, resolveRange } from "@/lib/events/time-range";
import type { BucketInterval, DashboardWindows } from "./types";

/** A week: week-over-week deltas by default. */
export const DASHBOARD_DEFAULT_RANGE: TimeRangeState = { kind: "preset", preset: "7d" };

const DAY_MS = 24 * HOUR_MS;

/** The range in the URL; none (or one it cannot read) is the last 7 days. */
export function parseDashboardRange(raw: RawSearchParams): TimeRangeState {
  const first = (key: string) => (raw instanceof URLSearchParams ? raw.get(key) : [raw[key]].flat()[0]) ?? undefined;
  const range = parseSearchParams(raw).range;
  if (range.kind === "absolute") return range;
  return (RANGE_PRESETS as readonly string[]).includes(first("range") ?? "") ? range : DASHBOARD_DEFAULT_RANGE;
}

/** The dashboard's query string (no "?"). */
export function dashboardQuery(range: TimeRangeState): string {
  const p = new URLSearchParams();
  if (range.kind === "preset") p.set("range", range.preset);
  else {
    if (range.from) p.set("from", range.from);
    if (range.to) p.set("to", range.to);
  }
  return p.toString();
}

/**
 * The range as absolute windows: presets end at `now`; the previous period has the same length
 * and ends where the range starts. Throws ValidationError for a range the search refuses.
 */
export function resolveWindows(range: TimeRangeState, now: Date = new Date()): DashboardWindows {
  const bounds = resolveTimeRange(range, now);
  const { from, to } = resolveRange(bounds.from, bounds.to, now);
  const span = to.getTime() - from.getTime();
  const end = new Date(Math.min(to.getTime(), now.getTime()));
  return {
    current: { from: from.toISOString(), to: to.toISOString() },
    previous: { from: new Date(from.getTime() - span).toISOString(), to: from.toISOString() },
    bucket: bucketFor(span),
    end: (end.getTime() > from.getTime() ? end : to).toISOString(),
    live: to.getTime() >= now.getTime(),
  };
}

export function bucketFor(spanMs: number): BucketInterval {
  return spanMs > 2 * DAY_MS ? "1d" : "1h";
}

export function bucketMs(bucket: BucketInterval): number {
  return INTERVAL_MS[bucket];
}

/** Bucket starts covering the window, aligned in UTC like the SQL's date_bin. */
export function windowBuckets(window: { from: string; to: string }, bucket: BucketInterval): string[] {
  return bucketStarts({ from: new Date(window.from), to: new Date(window.to) }, bucket).map((d) => d.toISOString());
}

/** One bucket clipped to the window: what its count covers, so a drill-down counts the same. */
export function bucketWindow(t: string, stepMs: number, window: { from: string; to: string }): { from: string; to: string } {
  const start = Math.max(Date.parse(t), Date.parse(window.from));
  const end = Math.min(Date.parse(t) + stepMs, Date.parse(window.to));
  return { from: new Date(start).toISOString(), to: new Date(end).toISOString() };
}

/** "7 d", "24 h", "90 min": a span in whole days from two days up, else hours or minutes. */
export function spanLabel(window: { from: string; to: string }): string {
  const ms = Date.parse(window.to) - Date.parse(window.from);
  if (ms % DAY_MS === 0 && ms > DAY_MS) return `${ms / DAY_MS} d`;
  if (ms % HOUR_MS === 0) return `${ms / HOUR_MS} h`;
  if (ms < HOUR_MS) return `${Math.round(ms / 60_000)} min`;
  return ms < 2 * DAY_MS ? `${Math.round(ms / HOUR_MS)} h` : `${(ms / DAY_MS).toFixed(1)} d`;
}

/** A histogram interval as words after "per": "hour", "3 hours", "15 minutes", "day". */
export function perLabel(interval: string | null): string {
  const m = interval ? /^(\d+)([mhd])$/.exec(interval) : null;
  if (!m) return "bucket";
  const unit = { m: "minute", h: "hour", d: "day" }[m[2] as "m" | "h" | "d"];
  return m[1] === "1" ? unit : `${m[1]} ${unit}s`;
}
