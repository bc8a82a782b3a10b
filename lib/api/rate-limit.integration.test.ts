import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as ingestRoute } from "../../app/api/v1/ingest/[format]/route";
import { GET as issuesRoute } from "../../app/api/v1/issues/route";
import { callRoute, type Handler } from "../../test-support/route-call";
import { garnetEvent, ingestRequest, makeTenantWithCredentials, routeParams } from "../../test-support/ingest-fixtures";
import { withTestDatabase } from "../../test-support/test-db";
import { makeLimiter } from "./rate-limit";

withTestDatabase();

// Rate limits per credential: a steady rate and a burst, a 429 with Retry-After past them, other
// credentials untouched, and the PostgreSQL store shared by several limiters (app processes).

const saved = { ...process.env };

beforeAll(() => {
  Object.assign(process.env, {
    VIGIL_RATE_LIMIT: "on", VIGIL_INGEST_RATE_PER_SECOND: "2", VIGIL_INGEST_BURST: "3", VIGIL_API_RATE_PER_SECOND: "1", VIGIL_API_BURST: "1",
  });
});
afterAll(() => {
  process.env = saved;
});

async function ingestOnce(token: string, id: string) {
  const res = await ingestRoute(ingestRequest("garnet", JSON.stringify([garnetEvent(id)]), { token }), routeParams({ format: "garnet" }));
  return { status: res.status, retryAfter: res.headers.get("retry-after"), type: res.headers.get("content-type"), body: await res.json() };
}

describe("rate limits", () => {
  it("lets an agent send its rate plus its burst, then answers 429 with Retry-After; others are not affected", async () => {
    const a = await makeTenantWithCredentials("rl-a");
    const b = await makeTenantWithCredentials("rl-b");
    // Until the first 429: at least the rate plus the burst get through (more if a second passes meanwhile).
    let sent = 0;
    let limited: Awaited<ReturnType<typeof ingestOnce>> | null = null;
    while (sent < 60 && !limited) {
      const res = await ingestOnce(a.agentToken, `rl-${sent}`);
      if (res.status === 429) limited = res;
      else expect(res.status).toBe(200);
      sent++;
    }
    expect(limited, "no 429 within 60 requests").not.toBeNull();
    expect(sent - 1).toBeGreaterThanOrEqual(5);
    expect(limited!.type).toBe("application/problem+json");
    expect(Number(limited!.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(limited!.body).toMatchObject({ status: 429, retryAfter: Number(limited!.retryAfter) });
    expect(limited!.body.detail).toMatch(/at most 2 a second, bursts of 3/);
    expect((await ingestOnce(b.agentToken, "rl-other")).status).toBe(200);

    // Nothing is lost: the refused event arrives when the agent retries after Retry-After.
    await new Promise((r) => setTimeout(r, Number(limited!.retryAfter) * 1000 + 100));
    expect((await ingestOnce(a.agentToken, `rl-${sent - 1}`)).body).toMatchObject({ created: 1 });
  });

  it("limits other API calls per key, apart from ingest", async () => {
    const t = await makeTenantWithCredentials("rl-api");
    const get = () => callRoute(issuesRoute as unknown as Handler, "GET", "/issues", { token: t.analystKey });
    const statuses: number[] = [];
    while (statuses.length < 30 && !statuses.includes(429)) statuses.push((await get()).status);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(2);
    expect(statuses.at(-1)).toBe(429);
    expect((await ingestOnce(t.agentToken, "rl-api-1")).status).toBe(200);
  });

  it("shares counts across processes through PostgreSQL", async () => {
    const limits = { perSecond: 2, burst: 1, store: "postgres" as const };
    const one = makeLimiter("ingest", limits);
    const two = makeLimiter("ingest", limits);
    const key = `shared-${Date.now()}`;
    await one.consume(key);
    await two.consume(key);
    await one.consume(key); // the burst
    await expect(two.consume(key)).rejects.toMatchObject({ msBeforeNext: expect.any(Number) });
  });
});
