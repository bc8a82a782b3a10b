// Hostile inputs for fuzz tests: a replayable PRNG, nasty values, and a mutator of JSON.

/** Deterministic PRNG so a failure can be replayed. */
export function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ (t + Math.imul(t ^ (t >>> 14), 71 | t));
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Random CJK does not compress: too long for a B-tree entry, unlike "x".repeat(…).
const INCOMPRESSIBLE = Array.from({ length: 3000 }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7919) % 20000))).join("");
export const NASTY: unknown[] = [
  null, true, false, 0, -1, 2 ** 53, -(2 ** 63), 1e308, NaN, "", " ", "\u0000", "x".repeat(20_000), INCOMPRESSIBLE,
  "2026-13-45T99:99:99Z", "0001-01-01T00:00:00Z", "+010000-01-01T00:00:00Z", 8.64e21, [], {}, [[[]]], { a: { b: { c: {} } } },
  "ünïcødé 🚨", "\ud800", "a\udc00b", ...[255, 511, 1023, 8191].map((cap) => `${"a".repeat(cap)}😀`), "'; DROP TABLE events; --", 4294967296, -2147483649, 99999999999, 1.5,
];

/** A JSON value with random parts replaced by hostile ones, deterministically from `rnd`. */
export function mutate(value: unknown, rnd: () => number, depth = 0, extraKeys: string[] = INGEST_KEYS): unknown {
  if (depth > 6 || rnd() < 0.08) return pick(NASTY, rnd);
  if (Array.isArray(value)) {
    const arr = value.map((v) => (rnd() < 0.3 ? mutate(v, rnd, depth + 1, extraKeys) : v));
    if (rnd() < 0.1) arr.push(pick(NASTY, rnd));
    return arr;
  }
  if (value && typeof value === "object") {
    const obj: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const key of Object.keys(obj)) {
      const r = rnd();
      if (r < 0.1) delete obj[key];
      else if (r < 0.35) obj[key] = mutate(obj[key], rnd, depth + 1, extraKeys);
    }
    if (rnd() < 0.05) obj[pick(extraKeys, rnd)] = pick(NASTY, rnd);
    return obj;
  }
  return rnd() < 0.5 ? pick(NASTY, rnd) : value;
}

const INGEST_KEYS = ["id", "kind", "time", "Timestamp", "event_type", "priority", "process_exec"];

export function pick<T>(xs: readonly T[], rnd: () => number): T {
  return xs[Math.floor(rnd() * xs.length)];
}
