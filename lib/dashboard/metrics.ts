// The dashboard's arithmetic and number formats: means, rates, period-over-period change. Pure.
import type { Figure } from "./types";

export function mean(sum: number, count: number): number | null {
  return count > 0 ? sum / count : null;
}

export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** Relative change from the previous period; null when either is unknown or the previous was 0. */
export function relativeChange(f: Figure): number | null {
  if (f.current === null || f.previous === null || f.previous === 0) return null;
  return (f.current - f.previous) / f.previous;
}

/** Which way is good news for a figure (more resolutions, fewer false positives), or neither. */
export type Better = "up" | "down" | "neither";

export type Trend = "up" | "down" | "flat" | "new" | "none";

export interface Delta {
  trend: Trend;
  /** "+12%", "−3 pts", "new", "±0". */
  text: string;
  /** Good, bad or neutral news, for the colour. */
  tone: "good" | "bad" | "neutral";
}

/** How a figure moved since the previous period. Rates (0..1) move in percentage points. */
export function delta(f: Figure, better: Better, kind: "count" | "rate" | "duration" = "count"): Delta {
  if (f.current === null || f.previous === null) return { trend: "none", text: "no comparison", tone: "neutral" };
  const diff = f.current - f.previous;
  // A rate that moved less than the shown precision (0.1 points) did not move.
  if (diff === 0 || (kind === "rate" && Math.abs(diff) < 0.0005)) return { trend: "flat", text: "±0", tone: "neutral" };
  const trend: Trend = diff > 0 ? "up" : "down";
  const tone = better === "neither" ? "neutral" : better === trend ? "good" : "bad";
  if (kind === "rate") return { trend, text: `${signed(diff * 100, 1)} pts`, tone };
  if (f.previous === 0) return { trend: "new", text: kind === "count" ? `+${compactNumber(f.current)}` : "new", tone };
  const pct = (diff / f.previous) * 100;
  // Ten times the previous and more reads better as a multiple than as thousands of percent.
  if (pct >= 900) return { trend, text: `×${compactNumber(Math.round(f.current / f.previous))}`, tone };
  return { trend, text: `${signed(pct, Math.abs(pct) < 10 ? 1 : 0)}%`, tone };
}

function signed(n: number, digits: number): string {
  const text = Math.abs(n).toFixed(digits).replace(/\.0$/, "");
  return `${n > 0 ? "+" : "−"}${text}`;
}

export function compactNumber(n: number): string {
  return n < 10_000 ? n.toLocaleString("en") : new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 }).format(n);
}

export function percent(r: number | null, digits = 1): string {
  if (r === null) return "—";
  const text = (r * 100).toFixed(digits).replace(/\.0$/, "");
  return `${text}%`;
}

/** "42 s", "18 min", "3.5 h", "2.1 d". */
export function duration(seconds: number | null): string {
  if (seconds === null) return "—";
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 48 * 3600) return `${trim(seconds / 3600)} h`;
  return `${trim(seconds / 86_400)} d`;
}

function trim(n: number): string {
  return n >= 10 ? n.toFixed(0) : n.toFixed(1).replace(/\.0$/, "");
}

const DAY_MS = 86_400_000;
/** Where the age buckets of unresolved issues start: a day, a week, 30 days (SQL's width_bucket takes the same list). */
export const AGE_THRESHOLDS_MS = [DAY_MS, 7 * DAY_MS, 30 * DAY_MS] as const;

/** Age bucket of an unresolved issue: 0 under a day, 1 under a week, 2 under 30 days, 3 older. */
export function ageBucket(ageMs: number): 0 | 1 | 2 | 3 {
  return AGE_THRESHOLDS_MS.filter((t) => ageMs >= t).length as 0 | 1 | 2 | 3;
}

export const AGE_LABELS = ["< 1 day", "1–7 days", "7–30 days", "30+ days"] as const;

/** Round axis ticks from 0 to at least `max`: about four steps of 1, 2, 2.5 or 5 times a power of ten (whole numbers only). */
export function niceTicks(max: number, steps = 4): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / steps;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power);
  const whole = Number.isInteger(step) ? step : Math.ceil(step);
  const out: number[] = [];
  for (let t = 0; t < max + whole; t += whole) {
    out.push(t);
    if (t >= max) break;
  }
  return out;
}
