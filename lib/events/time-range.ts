// Time ranges and histogram buckets for event search. Pure.
import type { HistogramInterval } from "./types";
import { ValidationError } from "@/lib/errors";

export const HOUR_MS = 3600_000;
const DEFAULT_RANGE_MS = 24 * HOUR_MS;
/** A search spans at most about two years: the histogram and rollups stay bounded. */
const MAX_RANGE_MS = 800 * 24 * HOUR_MS;

export const INTERVAL_MS: Record<HistogramInterval, number> = {
  "1m": 60_000,
  "5m": 300_000,
  "15m": 900_000,
  "30m": 1_800_000,
  "1h": HOUR_MS,
  "3h": 3 * HOUR_MS,
  "6h": 6 * HOUR_MS,
  "12h": 12 * HOUR_MS,
  "1d": 24 * HOUR_MS,
};

const MAX_BUCKETS = 1000;
const TARGET_BUCKETS = 60;

export interface TimeRange {
  from: Date;
  to: Date;
}

/** `[from, to)`; `to` defaults to now and `from` to 24 hours before `to`. */
export function resolveRange(from: string | undefined, to: string | undefined, now = new Date()): TimeRange {
  const end = to ? new Date(to) : now;
  const start = from ? new Date(from) : new Date(end.getTime() - DEFAULT_RANGE_MS);
  if (start.getTime() >= end.getTime()) throw new ValidationError("from must be before to", { field: "from" });
  if (end.getTime() - start.getTime() > MAX_RANGE_MS) {
    throw new ValidationError("The time range may span at most 800 days", { field: "from" });
  }
  return { from: start, to: end };
}

/** The interval asked for, or for "auto" the smallest that gives at most ~60 buckets. */
export function chooseInterval(range: TimeRange, asked: HistogramInterval | "auto" | undefined): HistogramInterval {
  const span = range.to.getTime() - range.from.getTime();
  if (asked && asked !== "auto") {
    if (span / INTERVAL_MS[asked] > MAX_BUCKETS) {
      throw new ValidationError(`A ${asked} histogram over this range would have more than ${MAX_BUCKETS} buckets`, {
        field: "histogram.interval",
      });
    }
    return asked;
  }
  // Day-long and longer ranges get buckets the rollups can answer: hours from a day up, days
  // from two weeks up.
  const floor = span >= 14 * 24 * HOUR_MS ? INTERVAL_MS["1d"] : span >= 24 * HOUR_MS ? HOUR_MS : 0;
  const entries = (Object.entries(INTERVAL_MS) as [HistogramInterval, number][]).filter(([, ms]) => ms >= floor);
  return (entries.find(([, ms]) => span / ms <= TARGET_BUCKETS) ?? entries[entries.length - 1])[0];
}

/** Bucket starts covering the range, aligned to the interval in UTC (as date_bin with origin 2000-01-01). */
export function bucketStarts(range: TimeRange, interval: HistogramInterval): Date[] {
  const ms = INTERVAL_MS[interval];
  const origin = Date.UTC(2000, 0, 1);
  const first = origin + Math.floor((range.from.getTime() - origin) / ms) * ms;
  const out: Date[] = [];
  for (let t = first; t < range.to.getTime(); t += ms) out.push(new Date(t));
  return out;
}
