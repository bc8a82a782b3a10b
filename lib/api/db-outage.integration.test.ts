import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey, createTenant } from "../admin/accounts";
import { closeDb } from "../db";
import { startEmbeddedPostgres, type EmbeddedDb } from "../db/embedded";
import { migrate } from "../db/migrate";
import { GET as healthRoute } from "../../app/api/health/route";
import { GET as issuesRoute } from "../../app/api/v1/issues/route";
import { POST as ingestRoute } from "../../app/api/v1/ingest/[format]/route";
import { callRoute, type Handler } from "../../test-support/route-call";
import { garnetEvent, routeParams } from "../../test-support/ingest-fixtures";
import { NextRequest } from "next/server";

// PostgreSQL stopped while requests flow: every request answers a 503 problem+json with
// Retry-After within a bound (never a hang, never a 500), health says so, and the app recovers
// by itself when the database is back. A server of its own, so stopping it disturbs no other test.

const PORT = 54361;
const DIR = path.join(process.cwd(), ".data", `outage-${randomBytes(3).toString("hex")}`);
let server: EmbeddedDb;
let key: string;
let agentKey: string;

beforeAll(async () => {
  server = await startEmbeddedPostgres(DIR, PORT);
  const url = server.url("postgres");
  await migrate(url);
  await closeDb();
  process.env.DATABASE_URL = url;
  // The bound the assertions below hold requests to (30 s by default, for bursts of ingest).
  process.env.VIGIL_DB_CONNECT_TIMEOUT_MS = "5000";
  const tenant = await createTenant({ slug: `outage-${randomBytes(2).toString("hex")}`, name: "Outage" });
  key = (await createApiKey({ tenant: tenant.slug, role: "analyst", name: "outage analyst" })).secret;
  agentKey = (await createApiKey({ tenant: tenant.slug, role: "admin", name: "outage ingest" })).secret;
}, 120_000);

afterAll(async () => {
  await closeDb();
  await server?.stop().catch(() => undefined);
  await rm(DIR, { recursive: true, force: true });
});

const issues = () => callRoute(issuesRoute as unknown as Handler, "GET", "/issues", { token: key });
const health = async () => {
  const res = await (healthRoute as unknown as Handler)(new NextRequest("http://vigil.test/api/health"), routeParams({}));
  return { status: res.status, retryAfter: res.headers.get("retry-after") };
};
const ingest = async (id: string) => {
  const req = new NextRequest("http://vigil.test/api/v1/ingest/garnet", {
    method: "POST", headers: { authorization: `Bearer ${agentKey}`, "content-type": "application/json" }, body: JSON.stringify([garnetEvent(id)]),
  });
  const res = await (ingestRoute as unknown as Handler)(req, routeParams({ format: "garnet" }));
  return { status: res.status, type: res.headers.get("content-type"), retryAfter: res.headers.get("retry-after"), body: await res.json() };
};

describe("the database goes away and comes back", () => {
  it("answers 503 with Retry-After while it is down, and recovers without a restart", async () => {
    expect((await issues()).status).toBe(200);
    expect((await ingest("before")).status).toBe(200);
    expect((await health()).status).toBe(200);

    await server.stop();
    for (const call of [issues, () => ingest("during")]) {
      const t0 = Date.now();
      const res = await call();
      expect(Date.now() - t0, "answered within the connection timeout").toBeLessThan(10_000);
      expect(res.status).toBe(503);
      expect(res.type).toBe("application/problem+json");
      expect(res.body).toMatchObject({ status: 503, retryAfter: 5 });
    }
    expect(await health()).toEqual({ status: 503, retryAfter: "5" });

    server = await startEmbeddedPostgres(DIR, PORT);
    let back = 0;
    for (let i = 0; i < 20 && back !== 200; i++) {
      back = (await issues()).status;
      if (back !== 200) await new Promise((r) => setTimeout(r, 500));
    }
    expect(back).toBe(200);
    expect((await health()).status).toBe(200);
    // The batch refused during the outage is stored when the agent retries, exactly once.
    expect((await ingest("during")).body).toMatchObject({ created: 1 });
    expect((await ingest("during")).body).toMatchObject({ unchanged: 1 });
  }, 120_000);
});
