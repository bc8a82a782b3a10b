import { beforeAll, describe, expect, it } from "vitest";
import { POST as ingestRoute } from "../../app/api/v1/ingest/[format]/route";
import { withTestDatabase } from "../../test-support/test-db";
import { callerIn, garnetEvent, ingestRequest, makeTenantWithCredentials, routeParams } from "../../test-support/ingest-fixtures";
import { listAgents, recentWindowStart } from "./queries";

withTestDatabase();

type Tenant = Awaited<ReturnType<typeof makeTenantWithCredentials>>;

const NOW = new Date("2026-11-20T12:30:00Z");
const at = (hoursAgo: number) => new Date(NOW.getTime() - hoursAgo * 3600_000).toISOString();

async function ingest(t: Tenant, items: unknown[]) {
  const res = await ingestRoute(ingestRequest("garnet", JSON.stringify(items), { token: t.agentToken }), routeParams({ format: "garnet" }));
  expect((await res.json()).rejected).toEqual([]);
}

const event = (id: string, agent: string, hoursAgo: number) =>
  garnetEvent(id, { created_at: at(hoursAgo), agent: { id: agent, hostname: `${agent}.internal` } });

describe("listAgents", () => {
  let acme: Tenant;
  let globex: Tenant;

  beforeAll(async () => {
    acme = await makeTenantWithCredentials("agents-acme");
    globex = await makeTenantWithCredentials("agents-globex");
    await ingest(acme, [
      // runner-a: three events in the window (the oldest at its first hour), one just before it.
      event("a1", "runner-a", 0.1),
      event("a2", "runner-a", 5),
      event("a3", "runner-a", 23.5),
      event("a4", "runner-a", 24),
      // runner-b: only old events.
      event("b1", "runner-b", 30),
    ]);
    await ingest(globex, [event("g1", "runner-a", 1), event("g2", "runner-a", 2)]);
  });

  it("counts each agent's events since the hour that began 23 hours before the current one", async () => {
    expect(recentWindowStart(NOW).toISOString()).toBe("2026-11-19T13:00:00.000Z");
    const list = await listAgents({ ctx: callerIn(acme.tenant.id), now: NOW });
    expect(list.total).toBe(2);
    expect(list.eventsSince).toBe("2026-11-19T13:00:00.000Z");
    const byName = new Map(list.agents.map((a) => [a.name, a]));
    expect(byName.get("runner-a.internal")?.recentEvents).toBe(3);
    expect(byName.get("runner-b.internal")?.recentEvents).toBe(0);
    // Most recently seen first.
    expect(list.agents.map((a) => a.name)).toEqual(["runner-a.internal", "runner-b.internal"]);
  });

  it("says how many agents there are when the list is cut", async () => {
    const list = await listAgents({ ctx: callerIn(acme.tenant.id, "manager"), now: NOW, limit: 1 });
    expect(list.agents).toHaveLength(1);
    expect(list.total).toBe(2);
  });

  it("sees only the caller's tenant", async () => {
    const list = await listAgents({ ctx: callerIn(globex.tenant.id), now: NOW });
    expect(list.total).toBe(1);
    expect(list.agents[0].recentEvents).toBe(2);
  });
});
