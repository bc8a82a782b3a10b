import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as simpleSearchRoute } from "../../app/api/v1/events/route";
import { POST as searchRoute } from "../../app/api/v1/events/search/route";
import { POST as exportRoute } from "../../app/api/v1/events/export/route";
import { GET as valuesRoute } from "../../app/api/v1/events/values/route";
import { GET as lineageRoute } from "../../app/api/v1/events/[id]/lineage/route";
import { POST as ingestRoute } from "../../app/api/v1/ingest/[format]/route";
import { pool } from "../db";
import { withTestDatabase } from "../../test-support/test-db";
import { garnetEvent, ingestRequest, makeTenantWithCredentials, routeParams } from "../../test-support/ingest-fixtures";

withTestDatabase();

// Input PostgreSQL cannot take (a NUL in text, integers past a column's range, impossible
// times) must be a 400 naming the field before any statement runs, never a failed statement's 500.

const RANGE = "from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z";
let key = "";
let eventId = "";

beforeAll(async () => {
  const t = await makeTenantWithCredentials("limits");
  key = t.analystKey;
  const events = [garnetEvent("limits-1"), garnetEvent("limits-2", { created_at: "2026-11-20T09:00:00Z" })];
  const res = await ingestRoute(ingestRequest("garnet", JSON.stringify(events), { token: t.agentToken }), routeParams({ format: "garnet" }));
  expect(res.status).toBe(200);
  const ids = await pool().query("SELECT id FROM events WHERE tenant_id = $1 AND event_key = 'garnet:id:limits-1'", [t.tenant.id]);
  eventId = String(ids.rows[0].id);
});

async function answer(res: Response) {
  return { status: res.status, type: res.headers.get("content-type"), json: await res.json() };
}

const get = async (route: typeof simpleSearchRoute, path: string, params: Record<string, string> = {}) =>
  answer(await route(new NextRequest(`http://vigil.test${path}`, { headers: { authorization: `Bearer ${key}` } }), routeParams(params)));

function post(route: typeof searchRoute, body: unknown) {
  const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
  return route(new NextRequest("http://vigil.test/api/v1/events/search", { method: "POST", headers, body: JSON.stringify(body) }), routeParams({}));
}

/** The problem+json 400 and the field it names (top-level, or the first of zod's `errors`). */
function expectProblem(a: { status: number; type: string | null; json: { field?: string; errors?: { field: string }[] } }, field: string) {
  expect(a.status, JSON.stringify(a.json)).toBe(400);
  expect(a.type).toBe("application/problem+json");
  expect(a.json.field ?? a.json.errors?.[0].field).toBe(field);
}

const cursor = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString("base64url");

describe("GET /api/v1/events", () => {
  it.each([
    ["q=a%00b", "query"],
    ["exe=a%00b", "filters.0.values.0"],
    ["pid=9999999999", "filters.0.values"],
    ["port=-2147483649", "filters.0.values"],
    ["id=99999999999999999999", "filters.0.values"],
    [`cursor=${cursor(["-time", null, "2026-12-01T00:00:00Z", "9999999999999999999"])}`, "cursor"],
    [`cursor=${cursor(["-time", null, "2026-12-01T00:00:00Z", "0"])}`, "cursor"],
    [`cursor=${cursor(["-time", null, "1", "5"])}`, "cursor"],
    [`cursor=${cursor(["-time", null, "+275760-09-13T00:00:00.000Z", "5"])}`, "cursor"],
    [`cursor=${cursor(["-time", null, "2026-02-30T00:00:00Z", "5"])}`, "cursor"],
    [`sort=-severity&cursor=${cursor(["-severity", 1e300, "2026-12-01T00:00:00Z", "5"])}`, "cursor"],
    [`sort=-severity&cursor=${cursor(["-severity", 99999, "2026-12-01T00:00:00Z", "5"])}`, "cursor"],
  ])("400 for ?%s naming %s", async (query, field) => {
    expectProblem(await get(simpleSearchRoute, `/api/v1/events?${RANGE}&${query}`), field);
  });

  it("filters the bigint id beyond int32, and int columns to their bounds", async () => {
    const none = await get(simpleSearchRoute, `/api/v1/events?${RANGE}&id=3000000000&id=9223372036854775807`);
    expect(none).toMatchObject({ status: 200, json: { total: 0 } });
    const one = await get(simpleSearchRoute, `/api/v1/events?${RANGE}&id=3000000000&id=${eventId}&pid=2147483647&pid=4242`);
    expect(one).toMatchObject({ status: 200, json: { total: 1, data: [{ id: eventId }] } });
  });

  it("accepts the cursors it hands out, and any within the columns' ranges", async () => {
    const first = await get(simpleSearchRoute, `/api/v1/events?${RANGE}&limit=1&sort=-severity`);
    expect(first).toMatchObject({ status: 200, json: { data: [{ id: eventId }], nextCursor: expect.any(String) } });
    const second = await get(simpleSearchRoute, `/api/v1/events?${RANGE}&sort=-severity&cursor=${first.json.nextCursor}`);
    expect(second).toMatchObject({ status: 200, json: { data: [{ occurredAt: "2026-11-20T09:00:00.000Z" }], nextCursor: null } });
    const max = cursor(["-severity", 3, "2026-11-20T10:00:00.000Z", "9223372036854775807"]);
    expect((await get(simpleSearchRoute, `/api/v1/events?${RANGE}&sort=-severity&cursor=${max}`)).json.data).toHaveLength(2);
  });
});

describe("POST /api/v1/events/search and /export", () => {
  it.each([
    [{ query: "\u0000" }, "query"],
    [{ query: 'exe:"/tmp/\u0000"' }, "query"],
    [{ filters: [{ field: "exe", values: ["a\u0000"] }] }, "filters.0.values.0"],
    [{ filters: [{ field: "pid", values: ["9999999999"] }] }, "filters.0.values"],
    [{ filters: [{ field: "kind", values: ["flows"] }, { field: "ppid", values: ["1", "-9999999999"] }] }, "filters.1.values"],
    [{ query: "pid:>2147483648" }, "query"],
  ])("400 for %j naming %s", async (body, field) => {
    expectProblem(await answer(await post(searchRoute, body)), field);
    expectProblem(await answer(await post(exportRoute, { format: "csv", ...body })), field);
  });

  it("compares the bigint id beyond int32 in the query language", async () => {
    const above = await answer(await post(searchRoute, { query: "id:>2147483647" }));
    expect(above).toMatchObject({ status: 200, json: { total: 0 } });
    const exact = await answer(await post(searchRoute, { from: "2026-11-20T00:00:00Z", to: "2026-11-21T00:00:00Z", query: `id:${eventId} id:<9223372036854775807` }));
    expect(exact).toMatchObject({ status: 200, json: { total: 1 } });
  });
});

describe("GET /api/v1/events/values and /{id}/lineage", () => {
  it("400 for a NUL in the autocomplete prefix", async () => {
    expectProblem(await get(valuesRoute, "/api/v1/events/values?field=processExe&prefix=%2Fusr%00"), "prefix");
  });

  it("400 for a lineage cursor past bigint, and an empty page at its maximum", async () => {
    const path = `/api/v1/events/${eventId}/lineage`;
    expectProblem(await get(lineageRoute, `${path}?cursor=9999999999999999999`, { id: eventId }), "cursor");
    expect(await get(lineageRoute, `${path}?cursor=9223372036854775807`, { id: eventId })).toMatchObject({ status: 200, json: { data: [] } });
  });
});
