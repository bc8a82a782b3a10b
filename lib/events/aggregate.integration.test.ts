import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as ingestRoute } from "../../app/api/v1/ingest/[format]/route";
import { loadGeneratedEvents } from "../../scripts/lib/load-events";
import { ingestRequest, makeTenantWithCredentials, routeParams } from "../../test-support/ingest-fixtures";
import { rollupDiff } from "../../test-support/rollup-diff";
import { withTestDatabase } from "../../test-support/test-db";
import { pool } from "../db";
import { Rng } from "../generate/prng";
import { aggregateEvents, type AggregateSpec, type GroupLevel } from "./aggregate";
import { Params, resolveFilters } from "./compile";
import { FIELDS, fieldByName, type FieldDef } from "./fields";
import { parseQuery } from "./parse-query";
import { repairRollups } from "./repair-rollups";
import { finestLevel, type EventScope } from "./rollups";
import { compileSearch, matchingEventsSql } from "./search";
import type { HistogramInterval } from "./types";

const db = withTestDatabase();

// The rollups answer exactly what raw events answer: random filters, queries, windows, group-by
// trees and series (seeded, so a failure replays), also after events are updated by a re-ingest
// and after deletes; and the repair command rebuilds damaged rollups exactly.

const NOW = new Date("2026-11-20T12:00:00Z");
const START = NOW.getTime() - 3 * 86400_000;
const HOUR = 3600_000;

let tenant: Awaited<ReturnType<typeof makeTenantWithCredentials>>;
let other: Awaited<ReturnType<typeof makeTenantWithCredentials>>;
let values: Map<string, string[]>;

const GROUPABLE = FIELDS.filter((f) => f.facet);

async function distinctValues(tenantId: string): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const f of GROUPABLE) {
    const sql = f.type === "array"
      ? `SELECT DISTINCT v FROM events, unnest(${f.column}) v WHERE tenant_id = $1 LIMIT 20`
      : f.type === "agent"
        ? "SELECT DISTINCT a.name AS v FROM events e JOIN agents a ON a.id = e.agent_id WHERE e.tenant_id = $1 LIMIT 20"
        : `SELECT DISTINCT ${f.column}::text AS v FROM events WHERE tenant_id = $1 AND ${f.column} IS NOT NULL LIMIT 20`;
    out.set(f.name, (await pool().query<{ v: string }>(sql, [tenantId])).rows.map((r) => r.v));
  }
  return out;
}

/** A random time in the data's range: on a day or hour bound now and then, else to the second. */
function randomTime(rng: Rng): number {
  const t = START + rng.int(0, 3 * 86400) * 1000;
  if (rng.chance(0.2)) return Math.floor(t / (24 * HOUR)) * 24 * HOUR;
  if (rng.chance(0.2)) return Math.floor(t / HOUR) * HOUR;
  return t;
}

function randomRange(rng: Rng) {
  const a = randomTime(rng);
  const b = randomTime(rng);
  const [from, to] = a === b ? [a, a + HOUR] : [Math.min(a, b), Math.max(a, b)];
  return { from: new Date(from), to: new Date(to) };
}

function quote(v: string) {
  return `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

function randomQuery(rng: Rng): string {
  const term = () => {
    const f = rng.pick(GROUPABLE);
    const v = rng.pick(values.get(f.name) ?? []);
    if (v === undefined) return "";
    const prefix = rng.chance(0.2) && f.type === "text" && /^[A-Za-z0-9_./-]{3,}$/.test(v);
    return `${rng.chance(0.25) ? "-" : ""}${f.name}:${prefix ? `${v.slice(0, 2)}*` : quote(v)}`;
  };
  const parts = Array.from({ length: rng.int(0, 2) }, term).filter(Boolean);
  // Now and then free text, which only raw events can answer.
  if (rng.chance(0.1)) parts.push(rng.pick(["curl", "kube", "-xmrig"]));
  return parts.join(rng.chance(0.3) ? " OR " : " AND ");
}

function randomScope(rng: Rng, tenantId: string): EventScope {
  const filters = Array.from({ length: rng.int(0, 3) }, () => {
    const f = rng.pick(GROUPABLE);
    const known = values.get(f.name) ?? [];
    return { field: f.name, values: known.length ? Array.from({ length: rng.int(1, 3) }, () => rng.pick(known)) : ["none"], exclude: rng.chance(0.3) };
  });
  const parsed = parseQuery(randomQuery(rng));
  if (!parsed.ok) throw new Error(parsed.error.message);
  return { tenantId, query: parsed.query, filters: resolveFilters(filters) };
}

function randomSpec(rng: Rng): AggregateSpec {
  const range = randomRange(rng);
  const level = (f: FieldDef): GroupLevel => ({ field: f, limit: rng.int(1, 6), missing: rng.chance(0.3) });
  const tree = () => {
    const fields = [...GROUPABLE].sort(() => rng.next() - 0.5).slice(0, rng.int(1, 3));
    return fields.map(level);
  };
  const interval = rng.pick<HistogramInterval>(["1h", "3h", "1d"]);
  return {
    range,
    windows: Array.from({ length: rng.int(0, 2) }, (_, i) => ({ name: `w${i}`, ...randomRange(rng) })),
    groupings: Array.from({ length: rng.int(1, 2) }, tree),
    series: rng.chance(0.5) ? [{ interval, by: rng.pick([fieldByName("severity")!, fieldByName("kind")!, fieldByName("flags")!, undefined]) }] : [],
  };
}

/** The count of the scope over a range, by the search's own SQL over raw events. */
async function rawCount(scope: EventScope, range: { from: Date; to: Date }): Promise<number> {
  const params = new Params();
  params.add(scope.tenantId);
  const sql = matchingEventsSql({ ...scope, range, sort: "-time" }, params);
  return Number((await pool().query<{ n: string }>(`SELECT count(*) AS n FROM (${sql}) m`, params.values)).rows[0].n);
}

/** Runs random specs; each must answer the same from the rollups as from raw events. */
async function checkRandom(seed: number, runs: number, tenantId: string) {
  const rng = new Rng(seed);
  let fromRollups = 0;
  for (let i = 0; i < runs; i++) {
    const scope = randomScope(rng, tenantId);
    const spec = randomSpec(rng);
    const label = `seed ${seed}, run ${i}`;
    const [rolled, raw] = await Promise.all([aggregateEvents(scope, spec), aggregateEvents(scope, { ...spec, rawOnly: true })]);
    expect(rolled, label).toEqual(raw);
    expect(rolled.count, label).toBe(await rawCount(scope, spec.range));
    for (const w of spec.windows ?? []) expect(rolled.windows[w.name], label).toBe(await rawCount(scope, w));
    const levels = [...(spec.groupings ?? []).flat().map((l) => l.field), ...(spec.series ?? []).flatMap((s) => (s.by ? [s.by] : []))];
    if (finestLevel(scope, levels) !== "raw") fromRollups += 1;
  }
  // Most random specs are ones the rollups can answer (the rest use free text).
  expect(fromRollups).toBeGreaterThan(runs / 2);
}

beforeAll(async () => {
  tenant = await makeTenantWithCredentials("aggregate");
  other = await makeTenantWithCredentials("aggregate-other");
  await loadGeneratedEvents({ tenantId: tenant.tenant.id, count: 3000, days: 3, seed: 42, now: NOW });
  await loadGeneratedEvents({ tenantId: other.tenant.id, count: 300, days: 3, seed: 7, now: NOW });
  values = await distinctValues(tenant.tenant.id);
}, 120_000);

describe("counts from the rollups", () => {
  it("equal counts from raw events, for random filters, queries, windows, trees and series", async () => {
    expect(await rollupDiff(tenant.tenant.id)).toBe(0);
    await checkRandom(1, 40, tenant.tenant.id);
  });

  it("stay equal after a re-ingest updates events' severity and destination", async () => {
    const { rows } = await pool().query<{ body: string }>(
      `SELECT p.body FROM events e JOIN event_payloads p ON p.event_id = e.id
        WHERE e.tenant_id = $1 AND e.source_format = 'garnet' ORDER BY e.id LIMIT 40`,
      [tenant.tenant.id],
    );
    const changed = rows.map((r, i) => {
      const ev = JSON.parse(r.body);
      ev.data.head = { ...ev.data.head, importance: i % 2 ? "critical" : "low" };
      if (i % 3 === 0) ev.data.flow = { ...(ev.data.flow ?? {}), remote: { address: "203.0.113.9", port: 443, names: ["203.0.113.9", `changed-${i}.example.com`] } };
      return JSON.stringify(ev);
    });
    const res = await ingestRoute(ingestRequest("garnet", `[${changed.join(",")}]`, { token: tenant.agentToken }), routeParams({ format: "garnet" }));
    const body = await res.json();
    expect(body.updated).toBeGreaterThan(0);
    expect(await rollupDiff(tenant.tenant.id)).toBe(0);
    await checkRandom(2, 15, tenant.tenant.id);
  });

  it("stay equal after deletes", async () => {
    await pool().query("DELETE FROM events WHERE tenant_id = $1 AND id % 5 = 0", [tenant.tenant.id]);
    expect(await rollupDiff(tenant.tenant.id)).toBe(0);
    await checkRandom(3, 15, tenant.tenant.id);
  });

  it("never count another tenant's events", async () => {
    const range = { from: new Date(START), to: NOW };
    const a = await aggregateEvents({ tenantId: other.tenant.id, query: null, filters: [] }, { range, groupings: [[{ field: fieldByName("agent")!, limit: 100 }]] });
    expect(a.count).toBe(await rawCount({ tenantId: other.tenant.id, query: null, filters: [] }, range));
    const agents = await pool().query<{ id: string }>("SELECT id FROM agents WHERE tenant_id = $1", [other.tenant.id]);
    const own = new Set(agents.rows.map((r) => r.id));
    expect(a.groupings[0].buckets.every((b) => b.key !== null && own.has(b.key))).toBe(true);
  });
});

describe("rollups repair", () => {
  async function damage(tenantId: string) {
    await pool().query(`UPDATE event_rollups_hourly SET count = count + 7 WHERE tenant_id = $1 AND (hour, dims_key) IN (
                          SELECT hour, dims_key FROM event_rollups_hourly WHERE tenant_id = $1 AND hour >= '2026-11-18' AND hour < '2026-11-19' LIMIT 5)`, [tenantId]);
    await pool().query(`DELETE FROM event_rollups_daily WHERE tenant_id = $1 AND day = '2026-11-18' AND dims_key IN (
                          SELECT dims_key FROM event_rollups_daily WHERE tenant_id = $1 AND day = '2026-11-18' LIMIT 3)`, [tenantId]);
    await pool().query(`INSERT INTO event_rollups_hourly (tenant_id, hour, dims_key, kind, type, severity, source_format, count)
                        VALUES ($1, '2026-11-18T05:00:00Z', gen_random_uuid(), 'flows', 'ghost', 'low', 'garnet', 3)`, [tenantId]);
    // Outside the window repaired below: must stay as it is.
    await pool().query(`UPDATE event_rollups_daily SET count = count + 1 WHERE tenant_id = $1 AND day = '2026-11-17' AND dims_key IN (
                          SELECT dims_key FROM event_rollups_daily WHERE tenant_id = $1 AND day = '2026-11-17' LIMIT 1)`, [tenantId]);
  }

  it("rebuilds a damaged window exactly from the events, leaves the rest alone, and finds nothing on a second run", async () => {
    const id = tenant.tenant.id;
    const otherBefore = await rollupDiff(other.tenant.id);
    await damage(id);
    expect(await rollupDiff(id)).toBe(5 + 3 + 1 + 1);

    const r = await repairRollups(id, { from: new Date("2026-11-18T10:30:00Z"), to: new Date("2026-11-18T20:00:00Z") });
    expect([r.from.toISOString(), r.to.toISOString()]).toEqual(["2026-11-18T00:00:00.000Z", "2026-11-19T00:00:00.000Z"]);
    expect(r.hourly).toEqual({ corrected: 5, deleted: 1 });
    expect(r.daily).toEqual({ corrected: 3, deleted: 0 });
    expect(r.events).toBe(Number((await pool().query(
      "SELECT count(*) AS n FROM events WHERE tenant_id = $1 AND occurred_at >= '2026-11-18' AND occurred_at < '2026-11-19'", [id],
    )).rows[0].n));
    // Only the damage outside the window is left.
    expect(await rollupDiff(id)).toBe(1);
    expect(await rollupDiff(other.tenant.id)).toBe(otherBefore);

    const again = await repairRollups(id, { from: new Date("2026-11-18T00:00:00Z"), to: new Date("2026-11-19T00:00:00Z") });
    expect([again.hourly, again.daily]).toEqual([{ corrected: 0, deleted: 0 }, { corrected: 0, deleted: 0 }]);
  });

  it("runs from the CLI: npm run vigil -- rollups repair", async () => {
    const id = tenant.tenant.id;
    await damage(id);
    const run = spawnSync("npx", ["tsx", "scripts/vigil.ts", "rollups", "repair", "--tenant", tenant.tenant.slug, "--from", "2026-11-17T00:00:00Z", "--to", "2026-11-19T00:00:00Z"], {
      env: { ...process.env, DATABASE_URL: db.url() },
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^${tenant.tenant.slug}: 2026-11-17T00:00:00.000Z – 2026-11-19T00:00:00.000Z, [\\d,]+ events; hourly 5 rows corrected, 1 deleted; daily 4 corrected, 0 deleted`));
    expect(await rollupDiff(id)).toBe(0);

    const bad = spawnSync("npx", ["tsx", "scripts/vigil.ts", "rollups", "repair", "--from", "yesterday"], { env: { ...process.env, DATABASE_URL: db.url() }, encoding: "utf8", timeout: 120_000 });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("--from must be an ISO-8601 time or one relative to now");
  }, 180_000);

  it("counts a compiled search's window as the search's own SQL does", async () => {
    const s = compileSearch(tenant.tenant.id, { from: "2026-11-17T13:17:00Z", to: "2026-11-20T09:43:30Z" });
    const a = await aggregateEvents(s, { range: s.range, groupings: [[{ field: fieldByName("severity")!, limit: 10 }]] });
    expect(a.count).toBe(await rawCount(s, s.range));
  });
});
