import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ADAPTERS } from "@/lib/ingest/adapters";
import type { NormalizedEvent } from "@/lib/ingest/types";
import { FLEET_AGENTS, MAX_LATENESS_MS, generateRawEvents, type GenerateOptions } from "./index";

// The fleet shape (issue 17): a thousand agents, churning pods, long tails of executables and
// domains, more event types, a share of late arrivals; and the estate shape left as it was.

const NOW = new Date("2026-11-20T12:00:00Z");
const FLEET: GenerateOptions = { count: 60_000, days: 30, seed: 5, now: NOW, shape: "fleet", lateFraction: 0.1 };

function normalized(opts: GenerateOptions): { events: NormalizedEvent[]; rejected: string[] } {
  const events: NormalizedEvent[] = [];
  const rejected: string[] = [];
  for (const raw of generateRawEvents(opts)) {
    const r = ADAPTERS[raw.format](raw.item);
    if (r.ok) events.push(...r.events);
    else rejected.push(`${raw.format}: ${r.error}`);
  }
  return { events, rejected };
}

function distinct(events: NormalizedEvent[], key: (e: NormalizedEvent) => string | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of events) {
    const k = key(e);
    if (k !== undefined) out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}

/** Events stored after a newer one (late), and the most any event trails the newest before it. */
function lateness(events: NormalizedEvent[]): { late: number; worst: number } {
  let newest = -Infinity;
  let late = 0;
  let worst = 0;
  for (const e of events) {
    const t = Date.parse(e.occurredAt);
    if (t < newest) {
      late += 1;
      worst = Math.max(worst, newest - t);
    } else newest = t;
  }
  return { late, worst };
}

const sample = normalized(FLEET);

describe("fleet shape", () => {
  it("is accepted in full by the real adapters", () => {
    expect(sample.rejected).toEqual([]);
    expect(sample.events.length).toBeGreaterThanOrEqual(FLEET.count);
  });

  it("is deterministic: the same options give the same events, another seed others", () => {
    const opts: GenerateOptions = { ...FLEET, count: 3000 };
    const a = JSON.stringify([...generateRawEvents(opts)]);
    expect(JSON.stringify([...generateRawEvents(opts)])).toBe(a);
    expect(JSON.stringify([...generateRawEvents({ ...opts, seed: 6 })])).not.toBe(a);
    expect(JSON.stringify([...generateRawEvents({ ...opts, lateFraction: 0 })])).not.toBe(a);
  });

  it("names a thousand agents, a pod per ten events, 60+ event types and long tails", () => {
    const { events } = sample;
    expect(FLEET_AGENTS.length).toBeGreaterThanOrEqual(1000);
    expect(distinct(events, (e) => e.agent.hostname).size).toBeGreaterThanOrEqual(1000);
    // ≥ 100k pods per million events.
    expect(distinct(events, (e) => e.agent.pod).size).toBeGreaterThanOrEqual(events.length / 10);
    expect(distinct(events, (e) => e.type).size).toBeGreaterThanOrEqual(60);
    for (const tail of [distinct(events, (e) => e.process?.exe), distinct(events, (e) => e.domain)]) {
      expect(tail.size).toBeGreaterThan(2000);
      // Zipf-like: a few values carry much of the traffic, and many are seen once or twice.
      const counts = [...tail.values()].sort((x, y) => y - x);
      const total = counts.reduce((s, n) => s + n, 0);
      expect(counts.slice(0, 20).reduce((s, n) => s + n, 0) / total).toBeGreaterThan(0.3);
      expect(counts.filter((n) => n <= 2).length / counts.length).toBeGreaterThan(0.3);
    }
  });

  it("sends about lateFraction of the events late, none more than 24 h behind", () => {
    const { late, worst } = lateness(sample.events);
    expect(late / sample.events.length).toBeGreaterThan(0.085);
    expect(late / sample.events.length).toBeLessThan(0.105);
    expect(worst).toBeLessThanOrEqual(MAX_LATENESS_MS);
    expect(worst).toBeGreaterThan(MAX_LATENESS_MS / 2);
  });

  it("sends everything in time order with lateFraction 0", () => {
    const { events } = normalized({ ...FLEET, count: 5000, lateFraction: 0, inTimeOrder: true });
    expect(lateness(events).late).toBe(0);
  });

  it("rejects a lateFraction outside [0, 1] and an unknown shape", () => {
    expect(() => generateRawEvents({ ...FLEET, lateFraction: 1.5 }).next()).toThrow(RangeError);
    expect(() => generateRawEvents({ ...FLEET, lateFraction: -0.1 }).next()).toThrow(RangeError);
    expect(() => generateRawEvents({ ...FLEET, shape: "galaxy" as "fleet" }).next()).toThrow(RangeError);
  });
});

describe("estate shape", () => {
  it("is the default and unchanged: the same bytes as before the fleet shape existed", () => {
    const opts: GenerateOptions = { count: 2000, days: 7, seed: 42, now: NOW };
    const hash = (o: GenerateOptions) => {
      const h = createHash("sha256");
      for (const e of generateRawEvents(o)) h.update(JSON.stringify(e));
      return h.digest("hex");
    };
    // Pinned from the generator before issue 17; demo data and other tests depend on these events.
    expect(hash(opts)).toBe("297c1d76c46a65cb869c33feb8e190ec9fd0af178364efe6ee03dd800cb29051");
    expect(hash({ ...opts, shape: "estate", lateFraction: 0 })).toBe(hash(opts));
  });
});
