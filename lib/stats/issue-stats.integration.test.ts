import { beforeAll, describe, expect, it } from "vitest";
import { POST as statsRoute } from "../../app/api/v1/issues/stats/route";
import { loadGeneratedEvents } from "../../scripts/lib/load-events";
import { callerIn, makeTenantWithCredentials } from "../../test-support/ingest-fixtures";
import { callRoute } from "../../test-support/route-call";
import { withTestDatabase } from "../../test-support/test-db";
import { createUser } from "../admin/accounts";
import type { CallerContext } from "../auth/context";
import { pool } from "../db";
import { issueStats } from "./issue-stats";
import type { StatsBucket } from "./types";

withTestDatabase();

// POST /api/v1/issues/stats against hand-written SQL over the issues table.

const NOW = new Date("2026-11-20T12:00:00Z");

let a: Awaited<ReturnType<typeof makeTenantWithCredentials>>;
let b: Awaited<ReturnType<typeof makeTenantWithCredentials>>;
let ctx: CallerContext;
let ana: { id: string; name: string };

async function rawBy(expr: string, where = "true", tenantId = a.tenant.id): Promise<Map<string | null, number>> {
  const { rows } = await pool().query<{ v: string | null; n: string }>(
    `SELECT (${expr})::text AS v, count(*) AS n FROM issues i WHERE tenant_id = $1 AND (${where}) GROUP BY 1`,
    [tenantId],
  );
  return new Map(rows.map((r) => [r.v, Number(r.n)]));
}

const asMap = (buckets: StatsBucket[]) => new Map(buckets.map((x) => [x.key, x.count]));
const known = (m: Map<string | null, number>) => new Map([...m].filter(([k]) => k !== null));

beforeAll(async () => {
  a = await makeTenantWithCredentials("issue-stats-a");
  b = await makeTenantWithCredentials("issue-stats-b");
  ctx = callerIn(a.tenant.id, "manager");
  await loadGeneratedEvents({ tenantId: a.tenant.id, count: 2000, days: 3, seed: 42, now: NOW });
  await loadGeneratedEvents({ tenantId: b.tenant.id, count: 200, days: 3, seed: 7, now: NOW });
  const user = await createUser({ email: `ana-${Date.now()}@example.test`, password: "test-passphrase-123", name: "Ana Analyst", tenant: a.tenant.slug, role: "analyst" });
  ana = { id: user.id, name: "Ana Analyst" };
  // Some triage: assigned, flagged, resolved as false positives.
  await pool().query("UPDATE issues SET assignee_id = $2, status = 'in_progress' WHERE tenant_id = $1 AND id % 3 = 0", [a.tenant.id, ana.id]);
  await pool().query("UPDATE issues SET flags = ARRAY['falsePositive', 'acknowledged'] WHERE tenant_id = $1 AND id % 4 = 0", [a.tenant.id]);
  await pool().query("UPDATE issues SET status = 'resolved', close_reason = 'false_positive' WHERE tenant_id = $1 AND id % 4 = 0", [a.tenant.id]);
}, 120_000);

describe("issue statistics", () => {
  it("group by status, severity and assignee, with names and an Unassigned bucket", async () => {
    expect((await rawBy("1")).get("1")).toBeGreaterThan(20);
    const r = await issueStats({ ctx, now: NOW, input: { groupBy: [{ field: "status" }, { field: "severity" }, { field: "assignee", missing: true }] } });
    expect([r.from, r.to]).toEqual([null, null]);
    expect(r.count).toBe((await rawBy("1")).get("1"));
    expect(asMap(r.buckets)).toEqual(known(await rawBy("status")));
    expect(r.buckets.find((x) => x.key === "in_progress")?.metadata).toEqual({ identifier: "in_progress", name: "In progress", type: "status" });
    for (const status of r.buckets) {
      expect(asMap(status.buckets)).toEqual(known(await rawBy("severity", `status = '${status.key}'`)));
      for (const severity of status.buckets) {
        const raw = await rawBy("assignee_id", `status = '${status.key}' AND severity = '${severity.key}'`);
        expect(asMap(severity.buckets)).toEqual(raw);
        for (const x of severity.buckets) {
          expect(x.metadata).toEqual(x.key === null ? { identifier: null, name: "Unassigned", type: "assignee" } : { identifier: ana.id, name: ana.name, type: "assignee" });
        }
      }
    }
  });

  it("count an issue once per flag and per agent, and name close reasons", async () => {
    const r = await issueStats({ ctx, now: NOW, input: { groupBy: [{ field: "flags", missing: true }, { field: "closeReason", missing: true }] } });
    const flags = await pool().query<{ v: string; n: string }>("SELECT f AS v, count(*) AS n FROM issues, unnest(flags) f WHERE tenant_id = $1 GROUP BY 1", [a.tenant.id]);
    const none = (await rawBy("1", "cardinality(flags) = 0")).get("1");
    expect(asMap(r.buckets)).toEqual(new Map<string | null, number>([...flags.rows.map((x) => [x.v, Number(x.n)] as [string, number]), [null, none!]]));
    const fp = r.buckets.find((x) => x.key === "falsePositive")!;
    expect(fp.metadata.name).toBe("False positive");
    expect(fp.buckets.map((x) => [x.key, x.metadata.name, x.count])).toEqual([["false_positive", "False positive", fp.count]]);
    expect(r.buckets.find((x) => x.key === null)?.buckets.map((x) => x.metadata.name)).toEqual(["Not closed"]);

    const agents = await issueStats({ ctx, now: NOW, input: { groupBy: [{ field: "agent", limit: 100 }] } });
    const raw = await pool().query<{ v: string; name: string; n: string }>(
      "SELECT ia.agent_id::text AS v, ag.name, count(*) AS n FROM issue_agents ia JOIN issues i ON i.id = ia.issue_id JOIN agents ag ON ag.id = ia.agent_id WHERE i.tenant_id = $1 GROUP BY 1, 2",
      [a.tenant.id],
    );
    expect(asMap(agents.buckets)).toEqual(new Map(raw.rows.map((x) => [x.v, Number(x.n)])));
    expect(agents.buckets.every((x) => x.metadata.name === raw.rows.find((y) => y.v === x.key)?.name)).toBe(true);

    // Two lists in one tree: issues per agent, then per flag of those issues.
    const both = await issueStats({ ctx, now: NOW, input: { groupBy: [{ field: "agent", limit: 3 }, { field: "flags", limit: 10 }] } });
    expect(both.count).toBe((await rawBy("1")).get("1"));
    for (const agent of both.buckets) {
      expect(agent.count).toBe(Number(raw.rows.find((y) => y.v === agent.key)?.n));
      const perFlag = await pool().query<{ v: string; n: string }>(
        "SELECT f AS v, count(*) AS n FROM issues i JOIN issue_agents ia ON ia.issue_id = i.id, unnest(i.flags) f WHERE i.tenant_id = $1 AND ia.agent_id = $2 GROUP BY 1",
        [a.tenant.id, agent.key],
      );
      expect(asMap(agent.buckets)).toEqual(new Map(perFlag.rows.map((x) => [x.v, Number(x.n)])));
    }
  });

  it("apply the queue's filters, from/to as issues seen in the window, and named ranges likewise", async () => {
    const r = await issueStats({
      ctx,
      now: NOW,
      input: {
        severity: ["high", "critical"],
        from: "2026-11-19T00:00:00Z",
        groupBy: [{ field: "type", limit: 3 }],
        timeRangeMetrics: [{ name: "last12h", from: "-12h" }, { name: "before", from: "2026-11-17T00:00:00Z", to: "2026-11-18T00:00:00Z" }],
      },
    });
    const severe = "severity IN ('high', 'critical')";
    const seen = (from: string, to: string) => `last_seen_at >= '${from}' AND first_seen_at < '${to}'`;
    const inWindow = `${severe} AND ${seen("2026-11-19T00:00:00Z", NOW.toISOString())}`;
    expect([r.from, r.to]).toEqual(["2026-11-19T00:00:00.000Z", null]);
    expect(r.count).toBe((await rawBy("1", inWindow)).get("1"));
    const byType = await rawBy("type", inWindow);
    expect(r.buckets).toHaveLength(Math.min(3, byType.size));
    for (const x of r.buckets) expect(x.count).toBe(byType.get(x.key));
    expect(r.other).toBe([...byType.values()].reduce((s, n) => s + n, 0) - r.buckets.reduce((s, x) => s + x.count, 0));
    const last12h = await rawBy("type", `${severe} AND ${seen("2026-11-20T00:00:00Z", NOW.toISOString())}`);
    const before = await rawBy("type", `${severe} AND ${seen("2026-11-17T00:00:00Z", "2026-11-18T00:00:00Z")}`);
    for (const x of r.buckets) expect(x.timeRangeMetrics).toEqual({ last12h: last12h.get(x.key) ?? 0, before: before.get(x.key) ?? 0 });
  });
});

describe("POST /api/v1/issues/stats", () => {
  const post = (body: unknown, token = a.analystKey) => callRoute(statsRoute, "POST", "/issues/stats", { token, body });

  it("answers the tree of the caller's tenant only, checked against the OpenAPI document", async () => {
    const res = await post({ status: ["open", "in_progress", "resolved"], groupBy: [{ field: "severity" }, { field: "type", limit: 2 }] });
    expect(res.status).toBe(200);
    expect(res.body.count).toBe((await rawBy("1", "status IN ('open', 'in_progress', 'resolved')")).get("1"));
    const inB = await post({ groupBy: [{ field: "assignee", missing: true }] }, b.analystKey);
    expect(inB.body.count).toBe((await rawBy("1", "true", b.tenant.id)).get("1"));
    expect(inB.body.buckets.map((x: StatsBucket) => x.key)).toEqual([null]);
  });

  it("400s name every unknown field and more than 3 levels", async () => {
    const res = await post({ groupBy: [{ field: "hostname" }, { field: "status" }, { field: "domain" }] });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(["groupBy.0.field", "groupBy.2.field"]);
    const deep = await post({ groupBy: ["status", "severity", "type", "agent"].map((field) => ({ field })) });
    expect([deep.status, deep.body.field]).toEqual([400, "groupBy"]);
    expect((await post({ groupBy: [{ field: "status" }] }, a.agentToken)).status).toBe(403);
  });
});
