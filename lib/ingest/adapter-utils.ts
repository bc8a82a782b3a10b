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
    const d = new Date(v);
    if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1971) return undefined;
    return d.toISOString();
  }
  return undefined;
}

export function lower(v: unknown): string | undefined {
  const s = str(v);
  return s?.toLowerCase();
}

export function compact<T extends object>(obj: T): T {
  const out = {} as T;
  for (const [k, val] of Object.entries(obj)) {
    if (val === undefined) continue;
    if (Array.isArray(val) && val.length === 0) continue;
    if (typeof val === "object" && val !== null && !Array.isArray(val) && Object.keys(val).length === 0) continue;
    (out as Record<string, unknown>)[k] = val;
  }
  return out;
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
