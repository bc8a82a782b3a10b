import { beforeAll, describe, expect, it } from "vitest";
import { loadGeneratedEvents } from "../../scripts/lib/load-events";
import { callerIn, makeTenantWithCredentials } from "../../test-support/ingest-fixtures";
import { withTestDatabase } from "../../test-support/test-db";
import type { CallerContext } from "../auth/context";
import { pool } from "../db";
import { Rng } from "../generate/prng";
import { Params } from "./compile";
import { DEFAULT_FACETS, fieldByName } from "./fields";
import { compileSearch, matchingEventsSql, searchEvents, type CompiledSearch } from "./search";
import { INTERVAL_MS } from "./time-range";
import type { FieldFilter, SearchRequest } from "./types";

withTestDatabase();

// Search on a fleet-shaped data set (many agents, churning pods, a long tail of executables and
// domains, a tenth of the events arriving up to a day late): the total, every one of the 16
// default facets (each over the filters minus its own) and the histogram equal raw COUNT(*)s,
// for random filters, filters on one high-cardinality field, and windows cut inside hours.

const NOW = new Date("2026-11-20T12:00:00Z");
const DAYS = 3;
const START = NOW.getTime() - DAYS * 86400_000;
const HOUR = 3600_000;
const HIGH_CARDINALITY = ["agent", "processExe", "domain", "node", "image"] as const;

let ctx: CallerContext;
let values: Map<string, string[]>;

/** Raw counts by value of `facet` over the events `s` matches without `facet`'s own filter. */
async function rawFacet(s: CompiledSearch, facet: string): Promise<Map<string, number>> {
  const field = fieldByName(facet)!;
  const params = new Params();
  params.add(s.tenantId);
  const ids = matchingEventsSql({ ...s, filters: s.filters.filter((f) => f.field.name !== facet) }, params);
  const value =
    field.type === "array" ? "v" : field.type === "agent" ? "(SELECT a.name FROM agents a WHERE a.id = e.agent_id)" : `e.${field.column}::text`;
  const from = field.type === "array" ? `events e CROSS JOIN LATERAL unnest(e.${field.column}) AS u(v)` : "events e";
  const { rows } = await pool().query<{ v: string | null; n: string }>(
    `SELECT ${value} AS v, count(*) AS n FROM ${from} WHERE e.id IN (${ids}) GROUP BY 1`,
    params.values,
  );
  return new Map(rows.filter((r) => r.v !== null).map((r) => [r.v as string, Number(r.n)]));
}

async function rawTotal(s: CompiledSearch): Promise<number> {
  const params = new Params();
  params.add(s.tenantId);
  const { rows } = await pool().query<{ n: string }>(`SELECT count(*) AS n FROM (${matchingEventsSql(s, params)}) m`, params.values);
  return Number(rows[0].n);
}

async function rawHistogram(s: CompiledSearch, intervalMs: number): Promise<Map<string, number>> {
  const params = new Params();
  params.add(s.tenantId);
  const ids = matchingEventsSql(s, params);
  const { rows } = await pool().query<{ t: Date; severity: string; n: string }>(
    `SELECT date_bin(${params.add(`${intervalMs / 1000} seconds`)}::interval, occurred_at, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS t, severity, count(*) AS n
       FROM events WHERE id IN (${ids}) GROUP BY 1, 2`,
    params.values,
  );
  return new Map(rows.map((r) => [`${r.t.toISOString()} ${r.severity}`, Number(r.n)]));
}

/** A window of a few hours to the whole set, its bounds inside hours more often than not. */
function randomWindow(rng: Rng): { from: string; to: string } {
  const cut = (t: number) => (rng.chance(0.3) ? Math.floor(t / HOUR) * HOUR : t);
  const a = cut(START + rng.int(0, DAYS * 86400) * 1000);
  const b = cut(START + rng.int(0, DAYS * 86400) * 1000);
  const [from, to] = a === b ? [a, a + HOUR] : [Math.min(a, b), Math.max(a, b)];
  return rng.chance(0.2) ? { from: new Date(START).toISOString(), to: NOW.toISOString() } : { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

function randomFilter(rng: Rng, names: readonly string[]): FieldFilter {
  const field = rng.pick([...names]);
  const known = values.get(field) ?? [];
  return { field, values: Array.from({ length: rng.int(1, 2) }, () => rng.pick(known)), exclude: rng.chance(0.2) };
}

async function expectExact(input: SearchRequest, label: string) {
  const r = await searchEvents({ ctx, input: { ...input, facets: [...DEFAULT_FACETS], facetLimit: 100, histogram: { interval: "auto" } } });
  const s = compileSearch(ctx.tenantId, input);
  expect(r.totalIsExact, label).toBe(true);
  expect(r.total, label).toBe(await rawTotal(s));
  for (const facet of DEFAULT_FACETS) {
    const raw = await rawFacet(s, facet);
    const shown = r.facets[facet] ?? [];
    expect(shown.length, `${label}: ${facet} count of values`).toBe(Math.min(100, raw.size));
    for (const v of shown) expect(v.count, `${label}: ${facet}=${v.value}`).toBe(raw.get(v.value));
    // The values shown are the most frequent: none left out counts more than the least shown.
    const least = Math.min(...shown.map((v) => v.count));
    const shownValues = new Set(shown.map((v) => v.value));
    for (const [value, n] of raw) if (!shownValues.has(value)) expect(n, `${label}: ${facet}=${value} left out`).toBeLessThanOrEqual(least);
  }
  const hist = await rawHistogram(s, INTERVAL_MS[r.interval!]);
  for (const b of r.histogram) {
    for (const [severity, n] of Object.entries(b.bySeverity)) expect(n, `${label}: ${b.t} ${severity}`).toBe(hist.get(`${b.t} ${severity}`) ?? 0);
  }
  expect(r.histogram.reduce((sum, b) => sum + b.count, 0), label).toBe(r.total);
}

beforeAll(async () => {
  const t = await makeTenantWithCredentials("fleet-exact");
  ctx = callerIn(t.tenant.id);
  await loadGeneratedEvents({ tenantId: t.tenant.id, count: 4000, days: DAYS, seed: 23, now: NOW, shape: "fleet", lateFraction: 0.1 });
  values = new Map();
  for (const name of DEFAULT_FACETS) {
    const f = fieldByName(name)!;
    const sql =
      f.type === "array"
        ? `SELECT DISTINCT v FROM events, unnest(${f.column}) v WHERE tenant_id = $1 LIMIT 50`
        : f.type === "agent"
          ? "SELECT DISTINCT a.name AS v FROM events e JOIN agents a ON a.id = e.agent_id WHERE e.tenant_id = $1 LIMIT 50"
          : `SELECT DISTINCT ${f.column}::text AS v FROM events WHERE tenant_id = $1 AND ${f.column} IS NOT NULL LIMIT 50`;
    values.set(name, (await pool().query<{ v: string }>(sql, [ctx.tenantId])).rows.map((r) => r.v));
  }
}, 180_000);

describe("search on a fleet-shaped set equals raw counts", () => {
  it("holds a fleet's shape: many agents and executables, events stored after newer ones", async () => {
    // Late events were ingested after newer ones: their ids are higher than those of events that occurred after them.
    const { rows } = await pool().query<{ agents: number; exes: number; late: number }>(
      `SELECT count(DISTINCT agent_id)::int AS agents, count(DISTINCT process_exe)::int AS exes,
              count(*) FILTER (WHERE occurred_at < max_before - interval '1 hour')::int AS late
         FROM (SELECT agent_id, process_exe, occurred_at, max(occurred_at) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS max_before
                 FROM events WHERE tenant_id = $1) e`,
      [ctx.tenantId],
    );
    expect(rows[0].agents).toBeGreaterThan(200);
    expect(rows[0].exes).toBeGreaterThan(100);
    expect(rows[0].late).toBeGreaterThan(100);
    for (const f of HIGH_CARDINALITY) expect(values.get(f)?.length ?? 0, f).toBeGreaterThan(5);
  });

  it("with no filter, over the whole set and over windows cut inside hours", async () => {
    const rng = new Rng(101);
    await expectExact({ from: new Date(START).toISOString(), to: NOW.toISOString() }, "whole set");
    for (let i = 0; i < 4; i++) await expectExact(randomWindow(rng), `window ${i}`);
  });

  it("with a filter on one high-cardinality field", async () => {
    const rng = new Rng(202);
    for (let i = 0; i < 6; i++) {
      const filter = randomFilter(rng, HIGH_CARDINALITY);
      await expectExact({ ...randomWindow(rng), filters: [filter] }, `high-cardinality ${i}: ${JSON.stringify(filter)}`);
    }
  });

  it("with random filters and queries on any facet field", async () => {
    const rng = new Rng(303);
    for (let i = 0; i < 8; i++) {
      const filters = Array.from({ length: rng.int(1, 3) }, () => randomFilter(rng, DEFAULT_FACETS));
      const query = rng.pick(["", "", "severity:high OR severity:critical", "-kind:flows", "curl", "-xmrig"]);
      await expectExact({ ...randomWindow(rng), filters, query }, `random ${i}: ${query} ${JSON.stringify(filters)}`);
    }
  });
});
