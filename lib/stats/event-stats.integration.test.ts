import { beforeAll, describe, expect, it } from "vitest";
import { POST as statsRoute } from "../../app/api/v1/events/stats/route";
import { loadGeneratedEvents } from "../../scripts/lib/load-events";
import { callerIn, makeTenantWithCredentials } from "../../test-support/ingest-fixtures";
import { callRoute } from "../../test-support/route-call";
import { withTestDatabase } from "../../test-support/test-db";
import { createApiKey } from "../admin/accounts";
import type { CallerContext } from "../auth/context";
import { pool } from "../db";
import { eventOverview, OVERVIEW_TOP_FIELDS } from "./event-overview";
import { eventStats } from "./event-stats";
import type { StatsBucket } from "./types";

withTestDatabase();

// POST /api/v1/events/stats and the dashboard's overview against hand-written SQL over raw events.

const NOW = new Date("2026-11-20T12:00:00Z");
const FROM = "2026-11-17T13:17:00Z";
const TO = "2026-11-20T09:43:30Z";

let a: Awaited<ReturnType<typeof makeTenantWithCredentials>>;
let b: Awaited<ReturnType<typeof makeTenantWithCredentials>>;
let ctx: CallerContext;

/** Raw counts per value of `expr` over [from, to) among events matching `where`. */
async function rawBy(expr: string, where = "true", from = FROM, to = TO, tenantId = a.tenant.id): Promise<Map<string | null, number>> {
  const { rows } = await pool().query<{ v: string | null; n: string }>(
    `SELECT (${expr})::text AS v, count(*) AS n FROM events e
      WHERE tenant_id = $1 AND occurred_at >= $2 AND occurred_at < $3 AND (${where}) GROUP BY 1`,
    [tenantId, from, to],
  );
  return new Map(rows.map((r) => [r.v, Number(r.n)]));
}

async function rawCount(where = "true", from = FROM, to = TO): Promise<number> {
  return [...(await rawBy("1", where, from, to)).values()].reduce((s, n) => s + n, 0);
}

const lit = (v: string) => `'${v.replaceAll("'", "''")}'`;

/** Checks one level against raw counts: every bucket's count, the order, the cut and what it left out. */
function checkLevel(buckets: StatsBucket[], parent: { other?: number; otherBuckets?: number }, raw: Map<string | null, number>, limit: number) {
  const known = [...raw].filter(([k]) => k !== null);
  expect(buckets.length).toBe(Math.min(limit, known.length));
  for (const bucket of buckets) expect(bucket.count).toBe(raw.get(bucket.key));
  const counts = buckets.map((x) => x.count);
  expect(counts).toEqual([...counts].sort((x, y) => y - x));
  // The kept buckets are the most frequent ones.
  const smallestKept = Math.min(...counts);
  expect(known.filter(([k]) => !buckets.some((x) => x.key === k)).every(([, n]) => n <= smallestKept)).toBe(true);
  const total = known.reduce((s, [, n]) => s + n, 0);
  expect(parent.other).toBe(total - counts.reduce((s, n) => s + n, 0));
  expect(parent.otherBuckets).toBe(known.length - buckets.length);
}

beforeAll(async () => {
  a = await makeTenantWithCredentials("stats-a");
  b = await makeTenantWithCredentials("stats-b");
  ctx = callerIn(a.tenant.id, "manager");
  await loadGeneratedEvents({ tenantId: a.tenant.id, count: 3000, days: 3, seed: 42, now: NOW });
  await loadGeneratedEvents({ tenantId: b.tenant.id, count: 200, days: 3, seed: 7, now: NOW });
}, 120_000);

describe("event statistics", () => {
  it("answer a tree of three levels: counts, order, limits and what each cut left out", async () => {
    const r = await eventStats({
      ctx,
      now: NOW,
      input: { from: FROM, to: TO, groupBy: [{ field: "cluster", limit: 2 }, { field: "type", limit: 3 }, { field: "agent", limit: 2 }] },
    });
    expect(r.groupBy).toEqual(["cluster", "type", "agent"]);
    expect([r.from, r.to]).toEqual([new Date(FROM).toISOString(), new Date(TO).toISOString()]);
    expect(r.count).toBe(await rawCount());
    checkLevel(r.buckets, r, await rawBy("cluster"), 2);
    for (const c of r.buckets) {
      expect(c.metadata).toEqual({ identifier: c.key, name: c.key, type: "cluster" });
      checkLevel(c.buckets, c, await rawBy("type", `cluster = ${lit(c.key!)}`), 3);
      for (const t of c.buckets) {
        checkLevel(t.buckets, t, await rawBy("agent_id", `cluster = ${lit(c.key!)} AND type = ${lit(t.key!)}`), 2);
        for (const agent of t.buckets) {
          const name = await pool().query<{ name: string }>("SELECT name FROM agents WHERE id = $1", [agent.key]);
          expect(agent.metadata).toEqual({ identifier: agent.key, name: name.rows[0].name, type: "agent" });
          // The last level: no next level, no cut.
          expect(agent.buckets).toEqual([]);
          expect(agent).not.toHaveProperty("other");
        }
      }
    }
  });

  it("count events without a value as a bucket of their own when asked, and a list field once per value", async () => {
    const r = await eventStats({ ctx, now: NOW, input: { from: FROM, to: TO, groupBy: [{ field: "repository", limit: 100, missing: true }] } });
    const raw = await rawBy("repository");
    expect(raw.get(null)).toBeGreaterThan(0);
    const none = r.buckets.find((x) => x.key === null);
    expect(none?.count).toBe(raw.get(null));
    expect(none?.metadata).toEqual({ identifier: null, name: "No repository", type: "repository" });
    expect(r.buckets.reduce((s, x) => s + x.count, 0) + r.other).toBe(r.count);

    const flags = await eventStats({ ctx, now: NOW, input: { from: FROM, to: TO, groupBy: [{ field: "flags", limit: 100 }, { field: "severity" }] } });
    const rawFlags = await pool().query<{ v: string; n: string }>(
      "SELECT f AS v, count(*) AS n FROM events, unnest(flags) f WHERE tenant_id = $1 AND occurred_at >= $2 AND occurred_at < $3 GROUP BY 1",
      [a.tenant.id, FROM, TO],
    );
    expect(new Map(flags.buckets.map((x) => [x.key, x.count]))).toEqual(new Map(rawFlags.rows.map((x) => [x.v, Number(x.n)])));
    const first = flags.buckets[0];
    expect(first.buckets.map((x) => x.metadata.name)).toEqual(expect.arrayContaining(["Low"]));
    checkLevel(first.buckets, first, await rawBy("severity", `flags @> ARRAY[${lit(first.key!)}]`), 10);
  });

  it("count named time ranges for every bucket, each over its own range (relative ones from now), whatever from and to say", async () => {
    const r = await eventStats({
      ctx,
      now: NOW,
      input: {
        query: "kind:detections OR severity:critical",
        from: "2026-11-19T12:00:00Z",
        to: NOW.toISOString(),
        groupBy: [{ field: "severity" }],
        timeRangeMetrics: [
          { name: "last6h", from: "-6h" },
          { name: "dayBefore", from: "2026-11-18T12:00:00Z", to: "2026-11-19T12:00:00Z" },
        ],
      },
    });
    expect(r.timeRanges).toEqual([
      { name: "last6h", from: "2026-11-20T06:00:00.000Z", to: NOW.toISOString() },
      { name: "dayBefore", from: "2026-11-18T12:00:00.000Z", to: "2026-11-19T12:00:00.000Z" },
    ]);
    const where = "kind = 'detections' OR severity = 'critical'";
    expect(r.count).toBe(await rawCount(where, "2026-11-19T12:00:00Z", NOW.toISOString()));
    expect(r.timeRangeMetrics).toEqual({
      last6h: await rawCount(where, "2026-11-20T06:00:00Z", NOW.toISOString()),
      dayBefore: await rawCount(where, "2026-11-18T12:00:00Z", "2026-11-19T12:00:00Z"),
    });
    const last6h = await rawBy("severity", where, "2026-11-20T06:00:00Z", NOW.toISOString());
    const dayBefore = await rawBy("severity", where, "2026-11-18T12:00:00Z", "2026-11-19T12:00:00Z");
    for (const x of r.buckets) {
      expect(x.metadata.name).toBe(x.key!.charAt(0).toUpperCase() + x.key!.slice(1));
      expect(x.timeRangeMetrics).toEqual({ last6h: last6h.get(x.key) ?? 0, dayBefore: dayBefore.get(x.key) ?? 0 });
    }
  });

  it("without groupBy answer the counts alone", async () => {
    const r = await eventStats({ ctx, now: NOW, input: { from: FROM, to: TO, timeRangeMetrics: [{ name: "all", from: "-7d" }] } });
    expect(r).toMatchObject({ groupBy: [], buckets: [], other: 0, otherBuckets: 0, count: await rawCount() });
    expect(r.timeRangeMetrics.all).toBe(await rawCount("true", new Date(NOW.getTime() - 7 * 86400_000).toISOString(), NOW.toISOString()));
  });
});

describe("POST /api/v1/events/stats", () => {
  const post = (body: unknown, token = a.analystKey) => callRoute(statsRoute, "POST", "/events/stats", { token, body });

  it("answers the tree, checked against the OpenAPI document", async () => {
    const res = await post({ from: FROM, to: TO, filters: [{ field: "kind", values: ["detections"] }], groupBy: [{ field: "type", limit: 2 }, { field: "severity", limit: 2 }] });
    expect(res.status).toBe(200);
    expect(res.body.count).toBe(await rawCount("kind = 'detections'"));
    expect(res.body.buckets).toHaveLength(2);
    expect(res.body.buckets[0].buckets.length).toBeLessThanOrEqual(2);
  });

  it("400s name every unknown field, more than 3 levels, and bad time ranges", async () => {
    const unknown = await post({ groupBy: [{ field: "processArgs" }, { field: "type" }, { field: "nope" }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors.map((e: { field: string }) => e.field)).toEqual(["groupBy.0.field", "groupBy.2.field"]);
    expect(unknown.body.detail).toContain('"processArgs" is not a field to group by');
    expect(unknown.body.detail).toContain('"nope" is not a field to group by');

    const deep = await post({ groupBy: ["type", "agent", "cluster", "node"].map((field) => ({ field })) });
    expect(deep.status).toBe(400);
    expect(deep.body.errors).toEqual([{ field: "groupBy", message: "at most 3 levels: group by 1 to 3 fields" }]);

    const range = await post({ timeRangeMetrics: [{ name: "backwards", from: "-1d", to: "-2d" }] });
    expect([range.status, range.body.field]).toEqual([400, "timeRangeMetrics.0.from"]);
    const query = await post({ query: "severity:(high" });
    expect([query.status, query.body.field]).toEqual([400, "query"]);
    const filter = await post({ filters: [{ field: "nope", values: ["x"] }] });
    expect([filter.status, filter.body.field]).toEqual([400, "filters.0.field"]);
  });

  it("answers managers, refuses agent tokens, and counts only the caller's tenant", async () => {
    const manager = await createApiKey({ tenant: a.tenant.slug, role: "manager", name: "manager key" });
    expect((await post({ from: FROM, to: TO }, manager.secret)).body.count).toBe(await rawCount());
    expect((await post({ from: FROM, to: TO }, a.agentToken)).status).toBe(403);
    expect((await post({ from: FROM, to: TO })).status).toBe(200);

    const inB = await post({ from: FROM, to: TO, groupBy: [{ field: "agent", limit: 100 }] }, b.analystKey);
    expect(inB.body.count).toBe([...(await rawBy("1", "true", FROM, TO, b.tenant.id)).values()].reduce((s, n) => s + n, 0));
    const agentsOfB = new Set((await pool().query<{ id: string }>("SELECT id FROM agents WHERE tenant_id = $1", [b.tenant.id])).rows.map((r) => r.id));
    expect(inB.body.buckets.every((x: StatsBucket) => agentsOfB.has(x.key!))).toBe(true);
    // Filtering by another tenant's agent finds nothing.
    const someAgentOfA = (await pool().query<{ id: string }>("SELECT id FROM agents WHERE tenant_id = $1 LIMIT 1", [a.tenant.id])).rows[0].id;
    expect((await post({ from: FROM, to: TO, filters: [{ field: "agent", values: [someAgentOfA] }] }, b.analystKey)).body.count).toBe(0);
  });
});

describe("the dashboard's event overview", () => {
  it("answers totals, the series by severity, detections and the top lists, with the previous period's counts", async () => {
    const from = "2026-11-18T12:00:00Z";
    const to = NOW.toISOString();
    const o = await eventOverview({ ctx, now: NOW, input: { from, to, topLimit: 5 } });
    expect(o.previous).toEqual({ from: "2026-11-16T12:00:00.000Z", to: "2026-11-18T12:00:00.000Z" });
    expect(o.interval).toBe("1h");
    expect(o.total).toEqual({ count: await rawCount("true", from, to), previous: await rawCount("true", o.previous!.from, o.previous!.to) });
    expect(o.detections).toMatchObject({
      count: await rawCount("kind = 'detections'", from, to),
      previous: await rawCount("kind = 'detections'", o.previous!.from, o.previous!.to),
    });
    expect(o.series).toHaveLength(48);
    expect(o.series.reduce((s, x) => s + x.count, 0)).toBe(o.total.count);
    expect(o.detections.interval).toBe("1h");
    expect(o.detections.series.map((x) => x.t)).toEqual(o.series.map((x) => x.t));
    expect(o.detections.series.reduce((s, x) => s + x.count, 0)).toBe(o.detections.count);
    for (const x of o.series) expect(Object.values(x.bySeverity).reduce((s, n) => s + n, 0)).toBe(x.count);
    const bySeverity = await rawBy("severity", "true", from, to);
    expect(o.series.reduce((s, x) => s + x.bySeverity.critical, 0)).toBe(bySeverity.get("critical") ?? 0);
    const previousBySeverity = await rawBy("severity", "true", o.previous!.from, o.previous!.to);
    for (const sev of ["low", "medium", "high", "critical"] as const) {
      expect(o.bySeverity[sev]).toEqual({ count: bySeverity.get(sev) ?? 0, previous: previousBySeverity.get(sev) ?? 0 });
    }
    // Distinct agents in each period, the comparison period's counted over it.
    const agentsIn = async (f: string, t: string) => [...(await rawBy("agent_id", "agent_id IS NOT NULL", f, t)).keys()].length;
    expect(o.agents).toEqual({ count: await agentsIn(from, to), previous: await agentsIn(o.previous!.from, o.previous!.to) });
    // Detections per day beside the hourly severities.
    const daily = await eventOverview({ ctx, now: NOW, input: { from, to, detectionInterval: "1d" } });
    expect(daily.detections.interval).toBe("1d");
    expect(daily.detections.series.length).toBe(3);
    expect(daily.detections.series.reduce((s, x) => s + x.count, 0)).toBe(o.detections.count);
    expect(daily.series).toEqual(o.series);

    expect(Object.keys(o.top)).toEqual([...OVERVIEW_TOP_FIELDS]);
    const column = { type: "type", agent: "agent_id", cluster: "cluster", repository: "repository", workflow: "workflow", destination: "destination" } as const;
    for (const field of OVERVIEW_TOP_FIELDS) {
      const raw = await rawBy(column[field], "true", from, to);
      const previous = await rawBy(column[field], "true", o.previous!.from, o.previous!.to);
      expect(o.top[field].length).toBe(Math.min(5, [...raw.keys()].filter((k) => k !== null).length));
      for (const x of o.top[field]) {
        expect(x.count).toBe(raw.get(x.key));
        expect(x.timeRangeMetrics).toEqual({ previous: previous.get(x.key) ?? 0 });
      }
    }
    expect(o.top.destination.length).toBeGreaterThan(0);

    const weekly = await eventOverview({ ctx, now: NOW, input: { from, to, compare: "week" } });
    expect(weekly.previous).toEqual({ from: "2026-11-11T12:00:00.000Z", to: "2026-11-13T12:00:00.000Z" });
    expect(weekly.total.previous).toBe(0);
    const none = await eventOverview({ ctx, now: NOW, input: { from, to, compare: "none" } });
    expect([none.previous, none.total.previous, none.top.type[0].timeRangeMetrics]).toEqual([null, null, {}]);
    expect([none.agents.previous, none.bySeverity.high.previous]).toEqual([null, null]);
  });
});
