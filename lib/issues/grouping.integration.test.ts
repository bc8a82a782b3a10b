import { describe, expect, it } from "vitest";
import { POST } from "../../app/api/v1/ingest/[format]/route";
import { pool } from "../db";
import { withTestDatabase } from "../../test-support/test-db";
import { callerIn, garnetEvent, ingestRequest, makeTenantWithCredentials, routeParams } from "../../test-support/ingest-fixtures";
import { updateTenantSettings } from "../admin/tenant-settings";
import { listIssueEvents } from "./queries";
import { backfillIssues } from "./drain";

withTestDatabase();

async function ingest(token: string, items: unknown[], format = "garnet") {
  const res = await POST(ingestRequest(format, JSON.stringify(items), { token }), routeParams({ format }));
  expect(res.status).toBe(200);
  return res.json();
}

async function issuesOf(tenantId: string) {
  const res = await pool().query(
    `SELECT id::text, type, title, status, event_severity, severity, event_count::int, agent_count, first_seen_at, last_seen_at,
            accepts_events, where_kind, destination, destination_kind, flags
       FROM issues WHERE tenant_id = $1 ORDER BY id`,
    [tenantId],
  );
  return res.rows;
}

const at = (iso: string) => ({ created_at: iso, updated_at: iso });

function detection(id: string, name: string, iso: string, extra: Record<string, unknown> = {}) {
  return garnetEvent(id, { ...at(iso), data: { head: { name, importance: "high" }, process: { exe: "/tmp/xmrig", pid: 42 }, ...extra } });
}

describe("grouping events into issues at ingest", () => {
  it("groups detections of one fingerprint into one issue, and tells fingerprints apart", async () => {
    const t = await makeTenantWithCredentials("grp");
    await ingest(t.agentToken, [
      detection("a1", "crypto_miner", "2026-11-20T10:00:00Z"),
      detection("a2", "crypto_miner", "2026-11-20T10:05:00Z"),
      detection("a3", "crypto_miner", "2026-11-20T11:00:00Z"),
      detection("b1", "reverse_shell", "2026-11-20T10:00:00Z"),
    ]);
    const issues = await issuesOf(t.tenant.id);
    expect(issues).toHaveLength(2);
    const miner = issues.find((i) => i.type === "crypto_miner")!;
    expect(miner).toMatchObject({ event_count: 3, agent_count: 1, status: "open", where_kind: "agent", destination: "/tmp/xmrig", destination_kind: "exe", accepts_events: true });
    expect(miner.title).toBe("Crypto miner: /tmp/xmrig");
    expect(miner.first_seen_at.toISOString()).toBe("2026-11-20T10:00:00.000Z");
    expect(miner.last_seen_at.toISOString()).toBe("2026-11-20T11:00:00.000Z");
    const created = await pool().query(`SELECT count(*)::int AS n FROM lineage_entries WHERE tenant_id = $1 AND subject_type = 'issue' AND action = 'created'`, [t.tenant.id]);
    expect(created.rows[0].n).toBe(2);
  });

  it("leaves low-severity non-detections out, and groups anything of severity medium or above", async () => {
    const t = await makeTenantWithCredentials("grp-sev");
    const flow = (id: string, importance: string) => ({
      id, kind: "flows", ...at("2026-11-20T10:00:00Z"), agent: { id: "agent-9", hostname: "h" },
      data: { head: { name: "flow", importance }, flow: { proto: "TCP", remote: { address: "203.0.113.9", port: 443 } } },
    });
    await ingest(t.agentToken, [flow("f-low", "low"), flow("f-med", "medium")]);
    const issues = await issuesOf(t.tenant.id);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ event_count: 1, destination: "203.0.113.9", destination_kind: "ip", event_severity: "medium" });
  });

  it("opens a new issue once the window after the last event has passed, and only then", async () => {
    const t = await makeTenantWithCredentials("grp-window");
    await expect(updateTenantSettings({ ctx: callerIn(t.tenant.id, "analyst"), input: { groupingWindowMinutes: 60 } })).rejects.toThrow(/role/);
    await updateTenantSettings({ ctx: callerIn(t.tenant.id, "admin"), input: { groupingWindowMinutes: 60 } });
    await ingest(t.agentToken, [detection("w1", "miner", "2026-11-20T10:00:00Z")]);
    await ingest(t.agentToken, [detection("w2", "miner", "2026-11-20T11:00:00Z")]); // exactly at the window's edge: joins
    await ingest(t.agentToken, [detection("w3", "miner", "2026-11-20T12:00:00.001Z")]); // past it: a new issue
    const issues = await issuesOf(t.tenant.id);
    expect(issues.map((i) => [i.event_count, i.accepts_events])).toEqual([[2, false], [1, true]]);
  });

  it("splits one batch that spans more than the window into consecutive issues", async () => {
    const t = await makeTenantWithCredentials("grp-split");
    await pool().query(`UPDATE tenants SET grouping_window_minutes = 30 WHERE id = $1`, [t.tenant.id]);
    await ingest(t.agentToken, [
      detection("s1", "miner", "2026-11-20T10:00:00Z"),
      detection("s2", "miner", "2026-11-20T10:20:00Z"),
      detection("s3", "miner", "2026-11-20T12:00:00Z"),
    ]);
    const issues = await issuesOf(t.tenant.id);
    expect(issues.map((i) => [i.event_count, i.accepts_events])).toEqual([[2, false], [1, true]]);
  });

  it("never counts a resent or updated event twice", async () => {
    const t = await makeTenantWithCredentials("grp-idem");
    const batch = [detection("i1", "miner", "2026-11-20T10:00:00Z"), detection("i2", "miner", "2026-11-20T10:01:00Z")];
    await ingest(t.agentToken, batch);
    await ingest(t.agentToken, batch);
    const changed = detection("i2", "miner", "2026-11-20T10:01:00Z", { head: { name: "miner", importance: "critical" } });
    expect(await ingest(t.agentToken, [changed])).toMatchObject({ updated: 1 });
    const [issue] = await issuesOf(t.tenant.id);
    expect(issue.event_count).toBe(2);
    const links = await pool().query(`SELECT count(*)::int AS n FROM issue_events WHERE tenant_id = $1`, [t.tenant.id]);
    expect(links.rows[0].n).toBe(2);
  });

  it("makes one open issue with the exact count when 16 clients ingest one fingerprint at once", async () => {
    const t = await makeTenantWithCredentials("grp-race");
    await Promise.all(
      Array.from({ length: 16 }, (_, c) =>
        ingest(t.agentToken, Array.from({ length: 25 }, (_, i) => detection(`race-${c}-${i}`, "miner", `2026-11-20T10:${String(i).padStart(2, "0")}:00Z`))),
      ),
    );
    const issues = await issuesOf(t.tenant.id);
    expect(issues).toHaveLength(1);
    expect(issues[0].event_count).toBe(400);
  });

  it("marks an acknowledged issue partiallyAcknowledged when events arrive after the acknowledgement", async () => {
    const t = await makeTenantWithCredentials("grp-ack");
    await ingest(t.agentToken, [detection("k1", "miner", "2026-11-20T10:00:00Z")]);
    await pool().query(`UPDATE issues SET flags = '{acknowledged}' WHERE tenant_id = $1`, [t.tenant.id]);
    await ingest(t.agentToken, [detection("k2", "miner", "2026-11-20T10:10:00Z")]);
    const [issue] = await issuesOf(t.tenant.id);
    expect(issue.flags).toEqual(["acknowledged", "partiallyAcknowledged"]);
    const flagged = await pool().query(`SELECT actor FROM lineage_entries WHERE tenant_id = $1 AND action = 'flagged'`, [t.tenant.id]);
    expect(flagged.rows).toEqual([{ actor: "system" }]);
  });

  it("backfills events stored before grouping existed, once", async () => {
    const t = await makeTenantWithCredentials("grp-backfill");
    await ingest(t.agentToken, [detection("bf1", "miner", "2026-11-20T10:00:00Z"), detection("bf2", "miner", "2026-11-20T10:02:00Z")]);
    await pool().query(`DELETE FROM issues WHERE tenant_id = $1`, [t.tenant.id]);
    expect(await issuesOf(t.tenant.id)).toHaveLength(0);
    expect(await backfillIssues({ tenantId: t.tenant.id })).toMatchObject({ grouped: 2 });
    expect(await backfillIssues({ tenantId: t.tenant.id })).toMatchObject({ grouped: 0 });
    const [issue] = await issuesOf(t.tenant.id);
    expect(issue.event_count).toBe(2);
  });
});

describe("an issue's events", () => {
  it("pages through every event once, in time order either way, and narrows by a query", async () => {
    const t = await makeTenantWithCredentials("grp-events");
    const items = Array.from({ length: 120 }, (_, i) =>
      detection(`ev-${i}`, "miner", new Date(Date.UTC(2026, 10, 20, 10, 0, i % 7 === 0 ? 0 : i)).toISOString()),
    );
    await ingest(t.agentToken, items);
    const [issue] = await issuesOf(t.tenant.id);
    const ctx = callerIn(t.tenant.id);
    for (const sort of ["-time", "time"] as const) {
      const seen: { id: string; at: string }[] = [];
      let cursor: string | undefined;
      do {
        const page = await listIssueEvents({ ctx, input: { id: issue.id, sort, limit: "50", ...(cursor && { cursor }) } });
        expect(page.total).toBe(120);
        seen.push(...page.data.map((e) => ({ id: e.id, at: e.occurredAt })));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(new Set(seen.map((s) => s.id)).size).toBe(120);
      const times = seen.map((s) => s.at);
      expect(times).toEqual([...times].sort((a, b) => (sort === "time" ? a.localeCompare(b) : b.localeCompare(a))));
    }
    const narrowed = await listIssueEvents({ ctx, input: { id: issue.id, q: "pid:42" } });
    expect(narrowed.total).toBe(120);
    const none = await listIssueEvents({ ctx, input: { id: issue.id, q: "pid:43" } });
    expect(none).toMatchObject({ total: 0, data: [] });
  });
});
