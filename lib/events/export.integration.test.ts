import { randomBytes } from "node:crypto";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { POST as ingest } from "../../app/api/v1/ingest/[format]/route";
import { POST as exportRoute } from "../../app/api/v1/events/export/route";
import { createApiKey } from "../admin/accounts";
import { withTestDatabase } from "../../test-support/test-db";
import { garnetEvent, ingestRequest, makeTenantWithCredentials, routeParams } from "../../test-support/ingest-fixtures";

import { searchEvents } from "./search";

withTestDatabase();

// The real search engine, watched: the tests count the pages an export asks for.
vi.mock("./search", async (importOriginal) => {
  const real = await importOriginal<typeof import("./search")>();
  return { ...real, searchEvents: vi.fn(real.searchEvents) };
});

const EVENTS = 2500;
const BASE = Date.parse("2026-11-20T00:00:00Z");
const RANGE = { from: "2026-11-17T00:00:00Z", to: "2026-11-21T00:00:00Z" };

let acme: Awaited<ReturnType<typeof makeTenantWithCredentials>>;
let globex: Awaited<ReturnType<typeof makeTenantWithCredentials>>;
let manager = "";

async function ingestGarnet(token: string, events: unknown[]) {
  const res = await ingest(ingestRequest("garnet", JSON.stringify(events), { token }), routeParams({ format: "garnet" }));
  expect(res.status).toBe(200);
}

function exportRequest(token: string, body: unknown) {
  return new NextRequest("http://vigil.test/api/v1/events/export", {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function exportText(token: string, body: unknown) {
  const res = await exportRoute(exportRequest(token, body), routeParams({}));
  return { res, text: await res.text() };
}

beforeAll(async () => {
  acme = await makeTenantWithCredentials("acme");
  globex = await makeTenantWithCredentials("globex");
  manager = (await createApiKey({ tenant: acme.tenant.slug, role: "manager", name: "reader" })).secret;
  // One event a minute going back from BASE; every tenth one runs curl instead of the miner.
  const events = Array.from({ length: EVENTS }, (_, i) => {
    const at = new Date(BASE - i * 60_000).toISOString();
    const process = i % 10 === 0
      ? { exe: "/usr/bin/curl", cmd: i === 0 ? "=cmd|' /C calc'!A0" : `curl -s https://x.test/${i}, "quoted"`, pid: 100 + i, ppid: 1, uid: 0 }
      : { exe: "/tmp/xmrig", cmd: "xmrig -o pool.minexmr.com:4444", pid: 100 + i, ppid: 1, uid: 1001 };
    return garnetEvent(`e-${i}`, { created_at: at, updated_at: at, data: { head: { name: "proc_exec", importance: "high" }, process } });
  });
  for (let i = 0; i < events.length; i += 1000) await ingestGarnet(acme.agentToken, events.slice(i, i + 1000));
  await ingestGarnet(globex.agentToken, [garnetEvent(`other-${randomBytes(3).toString("hex")}`, { created_at: "2026-11-19T12:00:00Z" })]);
}, 180_000);

function parseCsvLines(text: string): string[] {
  // Rows end in CRLF; a line break inside a quoted cell is a bare LF, so splitting on CRLF is exact.
  expect(text.endsWith("\r\n")).toBe(true);
  return text.slice(0, -2).split("\r\n");
}

describe("POST /api/v1/events/export", () => {
  it("streams every matching event of the caller's tenant as CSV, newest first, across pages", async () => {
    const { res, text } = await exportText(acme.analystKey, { ...RANGE, format: "csv" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="vigil-events-\d{8}-\d{6}\.csv"$/);
    const lines = parseCsvLines(text);
    expect(lines[0]).toMatch(/^id,occurredAt,severity,kind,type,sourceFormat,agent,hostname,/);
    expect(lines).toHaveLength(EVENTS + 1);
    const times = lines.slice(1).map((l) => l.split(",")[1]);
    expect(times[0]).toBe("2026-11-20T00:00:00.000Z");
    expect(times.at(-1)).toBe(new Date(BASE - (EVENTS - 1) * 60_000).toISOString());
    expect([...times].sort().reverse()).toEqual(times);
    expect(new Set(lines.slice(1).map((l) => l.split(",")[0])).size).toBe(EVENTS);
    expect(lines[1]).toContain(",'=cmd|' /C calc'!A0,");
    expect(text).toContain(`"curl -s https://x.test/10, ""quoted"""`);
  });

  it("streams NDJSON in the asked order, honours the limit and the query, and lets a manager export", async () => {
    const { res, text } = await exportText(manager, { ...RANGE, format: "ndjson", sort: "time", limit: 1500 });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/filename="vigil-events-\d{8}-\d{6}\.ndjson"/);
    const items = text.trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(items).toHaveLength(1500);
    expect(items[0].occurredAt).toBe(new Date(BASE - (EVENTS - 1) * 60_000).toISOString());
    for (let i = 1; i < items.length; i++) expect(items[i].occurredAt > items[i - 1].occurredAt).toBe(true);
    expect(items[0]).toMatchObject({ processExe: "/tmp/xmrig", agent: { name: expect.any(String) }, flags: expect.any(Array) });

    const curl = await exportText(acme.analystKey, { ...RANGE, format: "ndjson", query: "exe:/usr/bin/curl" });
    const curlItems = curl.text.trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(curlItems).toHaveLength(EVENTS / 10);
    expect(curlItems.every((e) => e.processExe === "/usr/bin/curl")).toBe(true);

    const filtered = await exportText(acme.analystKey, { ...RANGE, format: "csv", filters: [{ field: "exe", values: ["/usr/bin/curl"], exclude: true }] });
    expect(parseCsvLines(filtered.text)).toHaveLength(EVENTS - EVENTS / 10 + 1);
  });

  it("exports only the caller's tenant, and just the header when nothing matches", async () => {
    const { res, text } = await exportText(globex.analystKey, { ...RANGE, format: "csv", query: "exe:/tmp/xmrig OR exe:/usr/bin/curl" });
    expect(res.status).toBe(200);
    expect(parseCsvLines(text)).toHaveLength(2);
    expect(text).toContain("2026-11-19T12:00:00.000Z");
    const none = await exportText(acme.analystKey, { from: "2020-01-01T00:00:00Z", to: "2020-01-02T00:00:00Z", format: "csv" });
    expect(parseCsvLines(none.text)).toHaveLength(1);
  });

  it("answers problem+json 400s naming the field before streaming anything", async () => {
    const cases: [unknown, string][] = [
      [{}, "format"],
      [{ format: "xlsx" }, "format"],
      [{ format: "csv", limit: 100_001 }, "limit"],
      [{ format: "csv", limit: 0 }, "limit"],
      [{ format: "csv", sort: "-nothing" }, "sort"],
      [{ format: "csv", from: "yesterday" }, "from"],
      [{ format: "csv", cursor: "abc" }, "cursor"],
      [{ format: "csv", query: "nosuchfield:x" }, "query"],
      [{ format: "csv", filters: [{ field: "nosuchfield", values: ["x"] }] }, "filters.0.field"],
      ["{not json", "body"],
    ];
    for (const [body, field] of cases) {
      const res = await exportRoute(exportRequest(acme.analystKey, body), routeParams({}));
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      const problem = await res.json();
      expect(problem.field, JSON.stringify(problem)).toBe(field);
    }
    const res = await exportRoute(exportRequest(acme.analystKey, { format: "csv", query: "exe:/tmp (" }), routeParams({}));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ field: "query", position: expect.any(Number) });
  });

  it("refuses agent tokens", async () => {
    const res = await exportRoute(exportRequest(acme.agentToken, { format: "csv" }), routeParams({}));
    expect(res.status).toBe(403);
  });

  it("reads a page only when the client reads, and stops when it goes away", async () => {
    const search = vi.mocked(searchEvents);
    search.mockClear();
    const res = await exportRoute(exportRequest(acme.analystKey, { ...RANGE, format: "ndjson" }), routeParams({}));
    expect(res.status).toBe(200);
    expect(search).toHaveBeenCalledTimes(1);
    expect(search.mock.calls[0][0].input).toMatchObject({ limit: 1000, total: false });
    expect(search.mock.calls[0][0].input.facets).toBeUndefined();
    expect(search.mock.calls[0][0].input.histogram).toBeUndefined();

    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value).trimEnd().split("\n")).toHaveLength(1000);
    expect(search).toHaveBeenCalledTimes(1);
    await reader.read();
    expect(search).toHaveBeenCalledTimes(2);
    expect(search.mock.calls[1][0].input).toMatchObject({ cursor: expect.any(String), from: "2026-11-17T00:00:00.000Z", to: "2026-11-21T00:00:00.000Z" });
    await reader.cancel();
    await new Promise((r) => setTimeout(r, 50));
    expect(search).toHaveBeenCalledTimes(2);
  });
});
