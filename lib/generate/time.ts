import type { Rng } from "./prng";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// Relative activity by UTC hour: a working day (08–18) dominates, evenings taper, nights are quiet.
const HOURLY = [0.25, 0.2, 0.2, 0.2, 0.25, 0.35, 0.6, 1.2, 2.6, 3.2, 3.4, 3.3, 2.8, 3.2, 3.4, 3.3, 3.0, 2.4, 1.6, 1.1, 0.8, 0.6, 0.45, 0.3];
const MAX_HOURLY = Math.max(...HOURLY);
const WEEKEND_FACTOR = 0.3;

/** Samples story start times in [start, end − tail], denser on weekday working hours. */
export class TimeSampler {
  readonly start: number;
  readonly end: number;
  private readonly latest: number;

  constructor(now: number, days: number) {
    const span = Math.max(1, Math.round(days * DAY));
    this.end = now;
    this.start = now - span;
    // Leave room for a story to play out without running past `now`.
    this.latest = this.end - Math.min(15 * 60_000, Math.floor(span / 4));
  }

  /** Relative activity at time t (the weight `sample` draws by). */
  static weightAt(t: number): number {
    const hour = Math.floor(t / HOUR) % 24;
    // 1970-01-01 was a Thursday: day 0 → 4.
    const weekday = (Math.floor(t / DAY) + 4) % 7;
    return HOURLY[hour] * (weekday === 0 || weekday === 6 ? WEEKEND_FACTOR : 1);
  }

  /** Whole-hour slots of [start, latest), earliest first, each with its share of the activity. */
  hourSlots(): { from: number; to: number; share: number }[] {
    const slots: { from: number; to: number; weight: number }[] = [];
    for (let from = this.start, to = from; from < this.latest; from = to) {
      to = Math.min(this.latest, Math.floor(from / HOUR) * HOUR + HOUR);
      slots.push({ from, to, weight: TimeSampler.weightAt(from) * (to - from) });
    }
    const total = slots.reduce((s, x) => s + x.weight, 0) || 1;
    return slots.map(({ from, to, weight }) => ({ from, to, share: weight / total }));
  }

  sample(rng: Rng): number {
    const width = this.latest - this.start;
    for (let tries = 0; tries < 24; tries++) {
      const t = this.start + Math.floor(rng.next() * width);
      if (rng.next() * MAX_HOURLY < TimeSampler.weightAt(t)) return t;
    }
    return this.start + Math.floor(rng.next() * width);
  }

  clamp(t: number): number {
    return t > this.end ? this.end : t < this.start ? this.start : t;
  }
}

// Date#toISOString is the hot spot of rendering, so timestamps are assembled from cached parts:
// the calendar date per day, "HH" per hour and "MM:SS" per second of the hour.
const dayCache = new Map<number, string>();
const HH = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, "0"));
const MMSS = Array.from({ length: 3600 }, (_, s) => `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`);

function secondPrefix(ms: number): string {
  const day = Math.floor(ms / DAY);
  let date = dayCache.get(day);
  if (date === undefined) {
    date = new Date(day * DAY).toISOString().slice(0, 10);
    dayCache.set(day, date);
  }
  const secOfDay = Math.floor((ms - day * DAY) / 1000);
  const hour = Math.floor(secOfDay / 3600);
  return `${date}T${HH[hour]}:${MMSS[secOfDay - hour * 3600]}`;
}

function millis(ms: number): string {
  const m = ms - Math.floor(ms / 1000) * 1000;
  return m < 10 ? `00${m}` : m < 100 ? `0${m}` : String(m);
}

/** ISO-8601 with nanosecond digits; `sub` (0–999999) fills the digits below the millisecond. */
export function isoNanos(ms: number, sub: number): string {
  return `${secondPrefix(ms)}.${millis(ms)}${String(sub % 1_000_000).padStart(6, "0")}Z`;
}

export function isoMicros(ms: number, sub: number): string {
  return `${secondPrefix(ms)}.${millis(ms)}${String(sub % 1000).padStart(3, "0")}Z`;
}

export function isoSeconds(ms: number): string {
  return `${secondPrefix(ms)}Z`;
}

export function iso(ms: number): string {
  return `${secondPrefix(ms)}.${millis(ms)}Z`;
}
