import type { Severity } from "./types";

// Small, total helpers the adapters share. None of them throws on odd input.

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | undefined {
  if (typeof v === "string") return v.length > 0 ? v : undefined;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return undefined;
}

export function int(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isInteger(v)) return v;
  if (typeof v === "string" && /^-?\d{1,15}$/.test(v.trim())) return Number(v.trim());
  return undefined;
}

export function get(obj: unknown, ...path: string[]): unknown {
  let cur: unknown = obj;
  for (const key of path) {
    if (!isRecord(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

/** Parses an ISO-8601 / RFC 3339 string, epoch seconds/ms/ns number; undefined if not a real time. */
export function toIsoTime(v: unknown): string | undefined {
  if (typeof v === "number" && Number.isFinite(v) && v > 0) {
    const ms = v > 1e17 ? v / 1e6 : v > 1e14 ? v / 1e3 : v > 1e11 ? v : v * 1000;
    const d = new Date(ms);
    return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
  }
  if (typeof v === "string" && v.length >= 8) {
    let iso = recentTimes.get(v);
    if (iso === undefined) {
      const ms = Date.parse(v);
      // Before 1971: 31,536,000,000 ms is 1971-01-01T00:00:00Z.
      iso = Number.isNaN(ms) || ms < 31_536_000_000 ? null : new Date(ms).toISOString();
      if (recentTimes.size >= RECENT_TIMES_MAX) recentTimes.clear();
      recentTimes.set(v, iso);
    }
    return iso ?? undefined;
  }
  return undefined;
}

// Events repeat the same times (a process's start in every event of its tree): parsing and
// formatting one was a tenth of the adapters' time. Bounded; cleared when full.
const RECENT_TIMES_MAX = 20_000;
const recentTimes = new Map<string, string | null>();

export function lower(v: unknown): string | undefined {
  const s = str(v);
  return s?.toLowerCase();
}

/** The object without undefined values, empty arrays and empty plain objects. */
export function compact<T extends object>(obj: T): T {
  const out: Record<string, unknown> = {};
  for (const k in obj) {
    if (!Object.hasOwn(obj, k)) continue;
    const val: unknown = obj[k];
    if (val === undefined) continue;
    if (typeof val === "object" && val !== null && (Array.isArray(val) ? val.length === 0 : isEmptyObject(val))) continue;
    out[k] = val;
  }
  return out as T;
}

function isEmptyObject(v: object): boolean {
  for (const k in v) if (Object.hasOwn(v, k)) return false;
  return true;
}

export function severityFromScore(score: number): Severity {
  if (score >= 9) return "critical";
  if (score >= 7) return "high";
  if (score >= 4) return "medium";
  return "low";
}

/** "a_b c-D" → "a_b_c_d": the snake_case shape Garnet metadata names use. */
export function snake(v: string): string {
  return v
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .toLowerCase();
}
