// Times of statistics' named ranges: ISO-8601, or relative to now ("-30m", "-24h", "-7d", "-2w",
// "now"). Pure.
import { z } from "zod";
import { ValidationError } from "@/lib/errors";

const RELATIVE = /^-(\d{1,6})([mhdw])$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const iso = z.iso.datetime({ offset: true });

export const TIME_SPEC_HINT = "an ISO-8601 time or one relative to now: -30m, -24h, -7d, -2w, now";

export function isTimeSpec(text: string): boolean {
  return text === "now" || RELATIVE.test(text) || iso.safeParse(text).success;
}

/** The time `text` names; call with a valid spec (isTimeSpec). */
export function resolveTimeSpec(text: string, now: Date): Date {
  if (text === "now") return now;
  const m = RELATIVE.exec(text);
  if (m) return new Date(now.getTime() - Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS]);
  return new Date(text);
}

const MAX_RANGE_MS = 800 * UNIT_MS.d;

export interface ResolvedTimeRange {
  name: string;
  from: Date;
  to: Date;
}

/** The named ranges of a statistics request; a range that ends before it starts is a 400 naming it. */
export function resolveTimeRanges(metrics: readonly { name: string; from: string; to?: string }[] | undefined, now: Date): ResolvedTimeRange[] {
  return (metrics ?? []).map((m, i) => {
    const from = resolveTimeSpec(m.from, now);
    const to = resolveTimeSpec(m.to ?? "now", now);
    if (from.getTime() >= to.getTime()) {
      throw new ValidationError(`timeRangeMetrics.${i}.from: must be before to (${to.toISOString()})`, { field: `timeRangeMetrics.${i}.from` });
    }
    if (to.getTime() - from.getTime() > MAX_RANGE_MS) {
      throw new ValidationError(`timeRangeMetrics.${i}.from: a range may span at most 800 days`, { field: `timeRangeMetrics.${i}.from` });
    }
    return { name: m.name, from, to };
  });
}
