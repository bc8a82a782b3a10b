import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as simpleSearchRoute } from "../../app/api/v1/events/route";
import { POST as searchRoute } from "../../app/api/v1/events/search/route";
import { GET as valuesRoute } from "../../app/api/v1/events/values/route";
import { POST as ingestRoute } from "../../app/api/v1/ingest/[format]/route";
import { loadGeneratedEvents } from "../../scripts/lib/load-events";
import { withTestDatabase } from "../../test-support/test-db";
import { callerIn, garnetEvent, ingestRequest, makeTenantWithCredentials, routeParams } from "../../test-support/ingest-fixtures";
import type { CallerContext } from "../auth/context";
import { pool } from "../db";
import { DEFAULT_FACETS } from "./fields";
import { searchEvents } from "./search";
import type { SearchRequest } from "./types";

withTestDatabase();

// Three days of generated events in every format, ending at NOW; a second tenant with a few.
const NOW = new Date("2026-11-20T12:00:00Z");
const FROM = new Date(NOW.getTime() - 3 * 86400_000).toISOString();
const TO = NOW.toISOString();

let a: Awaited<ReturnType<typeof makeTenantWithCredentials>>;
let b: Awaited<ReturnType<typeof makeTenantWithCredentials>>;
let ctxA: CallerContext;
let ctxB: CallerContext;

async function count(where: string, params: unknown[] = []): Promise<number> {
  const res = await pool().query<{ n: string }>(
    `SELECT count(*) AS n FROM events WHERE tenant_id = $1 AND occurred_at >= $2 AND occurred_at < $3 AND (${where})`,
    [ctxA.tenantId, FROM, TO, ...params],
  );
  return Number(res.rows[0].n);
}

async function groupCounts(column: string, where: string): Promise<Record<string, number>> {
  const res = await pool().query<{ v: string; n: string }>(
    `SELECT ${column}::text AS v, count(*) AS n FROM events
      WHERE tenant_id = $1 AND occurred_at >= $2 AND occurred_at < $3 AND ${column} IS NOT NULL AND (${where}) GROUP BY 1`,
    [ctxA.tenantId, FROM, TO],
  );
  return Object.fromEntries(res.rows.map((r) => [r.v, Number(r.n)]));
}

function asRecord(values: { value: string; count: number }[]): Record<string, number> {
  return Object.fromEntries(values.map((v) => [v.value, v.count]));
}

async function search(input: SearchRequest, ctx = ctxA) {
  return searchEvents({ ctx, input: { from: FROM, to: TO, ...input } });
}

async function post(body: unknown, key = a.analystKey) {
  const req = new NextRequest("http://vigil.test/api/v1/events/search", {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const res = await searchRoute(req, routeParams({}));
  return { status: res.status, json: await res.json() };
}

async function get(path: string, route: typeof simpleSearchRoute, key = a.analystKey) {
  const req = new NextRequest(`http://vigil.test${path}`, { headers: { authorization: `Bearer ${key}` } });
  const res = await route(req, routeParams({}));
  return { status: res.status, json: await res.json() };
}

beforeAll(async () => {
  a = await makeTenantWithCredentials("search-a");
  b = await makeTenantWithCredentials("search-b");
  ctxA = callerIn(a.tenant.id);
  ctxB = callerIn(b.tenant.id);
  await loadGeneratedEvents({ tenantId: a.tenant.id, count: 4000, days: 3, seed: 42, now: NOW });
  await loadGeneratedEvents({ tenantId: b.tenant.id, count: 200, days: 3, seed: 7, now: NOW });
}, 120_000);

describe("query language compiled to SQL", () => {
  // Each query's total must equal a hand-written SQL count over the same range.
  const cases: [string, string][] = [
    ["severity:high", "severity = 'high'"],
    ["-severity:low", "severity <> 'low'"],
    ["severity:high OR severity:critical", "severity IN ('high', 'critical')"],
    ["kind:flows -domain:*", "kind = 'flows' AND domain IS NULL"],
    ["-domain:github.com", "domain IS DISTINCT FROM 'github.com'"],
    ["exe:/usr/bin/*", "process_exe LIKE '/usr/bin/%'"],
    ["port:>=1024 port:<8000", "remote_port >= 1024 AND remote_port < 8000"],
    ["pid:>100000", "process_pid > 100000"],
    ["flags:container", "'container' = ANY(flags)"],
    ["sourceFormat:falco (severity:critical OR severity:high)", "source_format = 'falco' AND severity IN ('critical', 'high')"],
    ["curl", "process_args ILIKE '%curl%' OR process_exe ILIKE '%curl%' OR domain ILIKE '%curl%' OR file_path ILIKE '%curl%' OR remote_address ILIKE '%curl%'"],
    ['"/etc/shadow"', "coalesce(process_args, '') || coalesce(process_exe, '') || coalesce(domain, '') || coalesce(file_path, '') || coalesce(remote_address, '') ILIKE '%/etc/shadow%'"],
    ["NOT (kind:flows OR kind:infos)", "kind NOT IN ('flows', 'infos')"],
  ];
  it.each(cases)("%s", async (query, where) => {
    const expected = await count(where);
    const r = await search({ query, limit: 5 });
    expect(r.total).toBe(expected);
    expect(r.data.length).toBe(Math.min(5, expected));
  });

  it("matches agents by name", async () => {
    const agent = await pool().query<{ id: string; name: string }>("SELECT id, name FROM agents WHERE tenant_id = $1 LIMIT 1", [ctxA.tenantId]);
    const { id, name } = agent.rows[0];
    const expected = await count("agent_id = $4", [id]);
    expect(expected).toBeGreaterThan(0);
    expect((await search({ query: `agent:"${name}"` })).total).toBe(expected);
    expect((await search({ filters: [{ field: "agent", values: [name] }] })).total).toBe(expected);
  });

  it("finds every kind of generated event (the data set is realistic enough to test on)", async () => {
    const r = await search({ facets: ["kind", "sourceFormat"], total: true });
    expect(Object.keys(asRecord(r.facets.kind))).toEqual(expect.arrayContaining(["detections", "flows", "infos"]));
    expect(r.facets.sourceFormat.length).toBe(6);
  });
});

describe("facets", () => {
  it("count each facet over the filters minus its own (self-exclusion), from the rollups and from raw rows alike", async () => {
    const filters = [
      { field: "severity", values: ["high", "critical"] },
      { field: "kind", values: ["detections"] },
    ];
    // 3h buckets over whole hours: the hourly rollup answers; a free-text term forces raw rows.
    for (const query of ["", "-zzzz-not-there"]) {
      const r = await search({ query, filters, facets: ["severity", "kind", "type", "flags", "agent"], facetLimit: 100, histogram: { interval: "auto" } });
      expect(asRecord(r.facets.severity)).toEqual(await groupCounts("severity", "kind = 'detections'"));
      expect(asRecord(r.facets.kind)).toEqual(await groupCounts("kind", "severity IN ('high', 'critical')"));
      expect(asRecord(r.facets.type)).toEqual(await groupCounts("type", "kind = 'detections' AND severity IN ('high', 'critical')"));
      const flags = await pool().query<{ v: string; n: string }>(
        `SELECT f AS v, count(*) AS n FROM events, unnest(flags) f WHERE tenant_id = $1 AND occurred_at >= $2 AND occurred_at < $3
           AND kind = 'detections' AND severity IN ('high', 'critical') GROUP BY 1`,
        [ctxA.tenantId, FROM, TO],
      );
      expect(asRecord(r.facets.flags)).toEqual(Object.fromEntries(flags.rows.map((x) => [x.v, Number(x.n)])));
      expect(r.total).toBe(await count("kind = 'detections' AND severity IN ('high', 'critical')"));
      expect(r.histogram.reduce((s, h) => s + h.count, 0)).toBe(r.total);
      const agents = r.facets.agent.reduce((s, v) => s + v.count, 0);
      expect(agents).toBe(r.total);
    }
  });

  it("excluding a value removes it from results but not from its own facet", async () => {
    const r = await search({ filters: [{ field: "sourceFormat", values: ["garnet"], exclude: true }], facets: ["sourceFormat"] });
    expect(r.facets.sourceFormat.some((v) => v.value === "garnet")).toBe(true);
    expect(r.data.every((e) => e.sourceFormat !== "garnet")).toBe(true);
    expect(r.total).toBe(await count("source_format <> 'garnet'"));
  });

  it("follow deletes: the rollups equal raw counts afterwards, and emptied combinations are gone", async () => {
    const c = await makeTenantWithCredentials("search-c");
    await loadGeneratedEvents({ tenantId: c.tenant.id, count: 600, days: 2, seed: 99, now: NOW });
    await pool().query("DELETE FROM events WHERE tenant_id = $1 AND id % 3 = 0", [c.tenant.id]);
    for (const [table, unit, column] of [["event_rollups_hourly", "hour", "hour"], ["event_rollups_daily", "day", "day"]] as const) {
      const { rows } = await pool().query<{ diff: number }>(
        `SELECT count(*)::int AS diff FROM (
           SELECT date_trunc('${unit}', occurred_at, 'UTC') AS t, severity, kind, count(*) AS n FROM events WHERE tenant_id = $1 GROUP BY 1, 2, 3
         ) raw FULL JOIN (
           SELECT ${column} AS t, severity, kind, sum(count) AS n FROM ${table} WHERE tenant_id = $1 GROUP BY 1, 2, 3
         ) r USING (t, severity, kind) WHERE raw.n IS DISTINCT FROM r.n`,
        [c.tenant.id],
      );
      expect(rows[0].diff).toBe(0);
      expect((await pool().query(`SELECT count(*)::int AS n FROM ${table} WHERE tenant_id = $1 AND count <= 0`, [c.tenant.id])).rows[0].n).toBe(0);
    }
    await pool().query("DELETE FROM events WHERE tenant_id = $1", [c.tenant.id]);
    for (const table of ["event_rollups_hourly", "event_rollups_daily"]) {
      expect((await pool().query(`SELECT count(*)::int AS n FROM ${table} WHERE tenant_id = $1`, [c.tenant.id])).rows[0].n).toBe(0);
    }
  });

  it("agree with raw rows over ranges that cut through days and hours, after updates change severities", async () => {
    // Re-send some generated events with a new severity: PUT semantics update them, and the
    // rollup triggers move their counts.
    const rows = await pool().query<{ body: string }>(
      `SELECT p.body FROM events e JOIN event_payloads p ON p.event_id = e.id
        WHERE e.tenant_id = $1 AND e.source_format = 'garnet' AND e.kind = 'detections' LIMIT 20`,
      [ctxA.tenantId],
    );
    const changed = rows.rows.map((r) => {
      const ev = JSON.parse(r.body);
      ev.data.head.importance = ev.data.head.importance === "critical" ? "low" : "critical";
      return JSON.stringify(ev);
    });
    const res = await ingestRoute(ingestRequest("garnet", `[${changed.join(",")}]`, { token: a.agentToken }), routeParams({ format: "garnet" }));
    expect((await res.json()).updated).toBe(changed.length);
    // Combinations the updates emptied are gone from the rollups, not left at zero.
    for (const table of ["event_rollups_hourly", "event_rollups_daily"]) {
      expect((await pool().query(`SELECT count(*)::int AS n FROM ${table} WHERE count <= 0`)).rows[0].n).toBe(0);
    }

    const ranges = [
      [FROM, TO],
      ["2026-11-17T13:17:00Z", "2026-11-20T09:43:30Z"],
      ["2026-11-18T00:00:00Z", "2026-11-20T00:00:00Z"],
    ];
    for (const [from, to] of ranges) {
      for (const interval of ["1d", "1h", "15m"] as const) {
        const span = (Date.parse(to) - Date.parse(from)) / 60_000;
        if (interval === "15m" && span / 15 > 1000) continue;
        const r = await searchEvents({ ctx: ctxA, input: { from, to, facets: ["severity", "type"], facetLimit: 100, histogram: { interval } } });
        const raw = await pool().query<{ v: string; n: string }>(
          "SELECT severity AS v, count(*) AS n FROM events WHERE tenant_id = $1 AND occurred_at >= $2 AND occurred_at < $3 GROUP BY 1",
          [ctxA.tenantId, from, to],
        );
        expect(asRecord(r.facets.severity)).toEqual(Object.fromEntries(raw.rows.map((x) => [x.v, Number(x.n)])));
        expect(r.histogram.reduce((s, h) => s + h.count, 0)).toBe(r.total);
      }
    }
  });
});

describe("histogram", () => {
  it("buckets match date_bin over raw rows, split by severity", async () => {
    const r = await search({ histogram: { interval: "6h" } });
    expect(r.interval).toBe("6h");
    const raw = await pool().query<{ t: Date; severity: string; n: string }>(
      `SELECT date_bin('6 hours', occurred_at, TIMESTAMPTZ '2000-01-01Z') AS t, severity, count(*) AS n FROM events
        WHERE tenant_id = $1 AND occurred_at >= $2 AND occurred_at < $3 GROUP BY 1, 2`,
      [ctxA.tenantId, FROM, TO],
    );
    for (const row of raw.rows) {
      const bucket = r.histogram.find((h) => h.t === row.t.toISOString());
      expect(bucket?.bySeverity[row.severity as "low"]).toBe(Number(row.n));
    }
    expect(r.histogram).toHaveLength(12);
  });

  it("chooses about 60 buckets on auto, and hours or days for long ranges", async () => {
    expect((await search({ from: new Date(NOW.getTime() - 3600_000).toISOString(), histogram: {} })).interval).toBe("1m");
    expect((await search({ from: new Date(NOW.getTime() - 86400_000).toISOString(), histogram: {} })).interval).toBe("1h");
    expect((await search({ from: new Date(NOW.getTime() - 30 * 86400_000).toISOString(), histogram: {} })).interval).toBe("1d");
  });
});

describe("keyset pagination", () => {
  it.each(["-time", "time", "-severity", "severity"] as const)(
    "pages through %s without duplicates or gaps while events are being ingested",
    async (sort) => {
      const before = await pool().query<{ id: string }>(
        "SELECT id FROM events WHERE tenant_id = $1 AND occurred_at >= $2 AND occurred_at < $3",
        [ctxA.tenantId, FROM, TO],
      );
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      let previous: { rank: number; t: string; id: bigint } | null = null;
      const rank = { low: 1, medium: 2, high: 3, critical: 4 };
      do {
        const ingest = ingestRoute(
          ingestRequest("garnet", JSON.stringify(garnetEvent(`during-${sort}-${pages}`, { created_at: "2026-11-19T06:00:00Z" })), { token: a.agentToken }),
          routeParams({ format: "garnet" }),
        );
        const r = await searchEvents({ ctx: ctxA, input: { from: FROM, to: TO, sort, limit: 500, cursor, total: false } });
        await ingest;
        for (const e of r.data) {
          const cur = { rank: rank[e.severity], t: e.occurredAt, id: BigInt(e.id) };
          if (previous) {
            const cmp = sort.endsWith("severity") ? Math.sign(cur.rank - previous.rank) || cmpTime(cur, previous) : cmpTime(cur, previous);
            expect(sort.startsWith("-") ? cmp : -cmp).toBe(-1);
          }
          previous = cur;
          seen.push(e.id);
        }
        cursor = r.nextCursor ?? undefined;
        pages += 1;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      const seenSet = new Set(seen);
      expect(before.rows.filter((r) => !seenSet.has(String(r.id)))).toEqual([]);
      expect(pages).toBeGreaterThan(5);
    },
    60_000,
  );

  function cmpTime(x: { t: string; id: bigint }, y: { t: string; id: bigint }): number {
    return Math.sign(Date.parse(x.t) - Date.parse(y.t)) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
  }
});

describe("tenant isolation", () => {
  it("never returns another tenant's events, facets or agents", async () => {
    const rA = await search({ facets: [...DEFAULT_FACETS], limit: 1000 });
    const rB = await search({ facets: [...DEFAULT_FACETS], limit: 1000 }, ctxB);
    expect(rB.total).toBe(Number((await pool().query("SELECT count(*) FROM events WHERE tenant_id = $1 AND occurred_at >= $2 AND occurred_at < $3", [ctxB.tenantId, FROM, TO])).rows[0].count));
    const idsA = new Set(rA.data.map((e) => e.id));
    expect(rB.data.some((e) => idsA.has(e.id))).toBe(false);
    const agentsB = new Set((await pool().query("SELECT name FROM agents WHERE tenant_id = $1", [ctxB.tenantId])).rows.map((r) => r.name));
    expect(rB.facets.agent.every((v) => agentsB.has(v.value))).toBe(true);
    const agentA = (await pool().query("SELECT id FROM agents WHERE tenant_id = $1 LIMIT 1", [ctxA.tenantId])).rows[0].id;
    expect((await search({ query: `agent:${agentA}` }, ctxB)).total).toBe(0);
  });

  it("an API key searches only its own tenant", async () => {
    const { status, json } = await post({ from: FROM, to: TO, limit: 1000 }, b.analystKey);
    expect(status).toBe(200);
    expect(json.total).toBe((await search({}, ctxB)).total);
  });
});

describe("the HTTP API", () => {
  it("POST /api/v1/events/search answers data, facets, histogram and a cursor", async () => {
    const { status, json } = await post({ from: FROM, to: TO, query: "kind:detections", limit: 10, facets: ["severity"], histogram: { interval: "1d" } });
    expect(status).toBe(200);
    expect(json.data).toHaveLength(10);
    expect(json.totalIsExact).toBe(true);
    expect(json.histogram).toHaveLength(4);
    expect(json.nextCursor).toEqual(expect.any(String));
    expect(json.data[0]).toMatchObject({ id: expect.any(String), kind: "detections", occurredAt: expect.any(String) });
    const next = await post({ from: FROM, to: TO, query: "kind:detections", limit: 10, cursor: json.nextCursor });
    expect(next.json.data[0].id).not.toBe(json.data[0].id);
  });

  it("GET /api/v1/events ORs repeated parameters and ANDs different ones", async () => {
    const { status, json } = await get(`/api/v1/events?from=${FROM}&to=${TO}&severity=high&severity=critical&kind=detections&limit=3`, simpleSearchRoute);
    expect(status).toBe(200);
    expect(json.total).toBe(await count("severity IN ('high', 'critical') AND kind = 'detections'"));
    expect(json.data).toHaveLength(3);
  });

  it("GET /api/v1/events/values suggests the most frequent values by prefix", async () => {
    const { status, json } = await get(`/api/v1/events/values?field=exe&prefix=/usr/&from=${FROM}&to=${TO}&limit=5`, valuesRoute);
    expect(status).toBe(200);
    expect(json.field).toBe("processExe");
    expect(json.values.length).toBeGreaterThan(0);
    expect(json.values.every((v: { value: string }) => v.value.startsWith("/usr/"))).toBe(true);
    const counts = json.values.map((v: { count: number }) => v.count);
    expect(counts).toEqual([...counts].sort((x, y) => y - x));
  });

  it.each([
    [{ filters: [{ field: "bogus", values: ["x"] }] }, "filters.0.field", /Unknown filter field "bogus"/],
    [{ facets: ["processArgs"] }, "facets.0", /not a facet field/],
    [{ sort: "hostname" }, "sort", /sort/],
    [{ query: "severity:high nosuch:1" }, "query", /Unknown field "nosuch"/],
    [{ query: 'domain:"open' }, "query", /closing quote/],
    [{ limit: 5000 }, "limit", /limit/],
    [{ from: "2026-11-20T00:00:00Z", to: "2026-11-19T00:00:00Z" }, "from", /before/],
    [{ from: "yesterday" }, "from", /ISO-8601/],
    [{ cursor: "not-a-cursor" }, "cursor", /cursor/],
    [{ histogram: { interval: "1m" }, from: "2025-01-01T00:00:00Z", to: "2026-01-01T00:00:00Z" }, "histogram.interval", /buckets/],
    [{ unexpected: true }, "unexpected", /nrecognized/],
  ])("400 for %j naming %s", async (body, field, detail) => {
    const { status, json } = await post(body);
    expect(status).toBe(400);
    expect(json.field).toBe(field);
    expect(json.detail).toMatch(detail);
  });

  it("400 with the position of a query syntax error", async () => {
    const { json } = await post({ query: "severity:high nosuch:1" });
    expect(json).toMatchObject({ field: "query", position: 14 });
  });

  it("400 for an unknown simple-search parameter and for a cursor of another sort", async () => {
    expect((await get("/api/v1/events?colour=red", simpleSearchRoute)).json).toMatchObject({ status: 400, field: "colour" });
    const first = await post({ from: FROM, to: TO, limit: 1 });
    const other = await post({ from: FROM, to: TO, limit: 1, sort: "-severity", cursor: first.json.nextCursor });
    expect(other.json).toMatchObject({ status: 400, field: "cursor" });
  });

  it("503 naming the cause when a search runs past the statement timeout", async () => {
    process.env.VIGIL_SEARCH_TIMEOUT_MS = "1";
    try {
      const { status, json } = await post({ from: FROM, to: TO, query: "curl OR wget OR bash", facets: [...DEFAULT_FACETS], histogram: {} });
      expect(status).toBe(503);
      expect(json.detail).toMatch(/took too long/);
    } finally {
      delete process.env.VIGIL_SEARCH_TIMEOUT_MS;
    }
    expect((await post({ from: FROM, to: TO, limit: 1 })).status).toBe(200);
  });

  it("cancels a search's statements when its request is aborted, and keeps the pool healthy", async () => {
    // A lock holds the search's statements in PostgreSQL until the abort cancels them.
    const locker = await pool().connect();
    try {
      await locker.query("BEGIN; LOCK TABLE events IN ACCESS EXCLUSIVE MODE");
      const abort = new AbortController();
      const search = searchEvents({ ctx: ctxA, input: { from: FROM, to: TO, query: "curl", facets: ["kind"], histogram: {} }, signal: abort.signal });
      await expect.poll(async () => {
        const waiting = await pool().query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%FROM events%'");
        return waiting.rows[0].n;
      }).toBeGreaterThan(0);
      abort.abort();
      await expect(search).rejects.toMatchObject({ status: 499 });
      await expect.poll(async () => {
        const left = await pool().query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%FROM events%'");
        return left.rows[0].n;
      }).toBe(0);
    } finally {
      await locker.query("ROLLBACK");
      locker.release();
    }
    // Already aborted: nothing is sent at all.
    const gone = new AbortController();
    gone.abort();
    await expect(searchEvents({ ctx: ctxA, input: { from: FROM, to: TO }, signal: gone.signal })).rejects.toMatchObject({ status: 499 });
    expect((await searchEvents({ ctx: ctxA, input: { from: FROM, to: TO, limit: 1 } })).data).toHaveLength(1);
  });

  it("400, not 500, for a body that is not a JSON object", async () => {
    expect((await post("{not json")).status).toBe(400);
    expect((await post("[1,2]")).status).toBe(400);
  });
});
