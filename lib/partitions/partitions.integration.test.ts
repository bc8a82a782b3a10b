import { describe, expect, it } from "vitest";
import { POST } from "../../app/api/v1/ingest/[format]/route";
import { garnetEvent, ingestRequest, makeTenantWithCredentials, routeParams } from "../../test-support/ingest-fixtures";
import { rollupDiff } from "../../test-support/rollup-diff";
import { withTestDatabase } from "../../test-support/test-db";
import { pool } from "../db";
import { ensureEventPartitions, PARTITION_LOCK } from "./ensure";
import { listEventPartitions } from "./queries";

// Weekly partitions of events against PostgreSQL: created ahead and once across connections, an
// event at any time stored (the default partition, and moved out of it when its week is
// created), and identity exact across partitions: a resend is unchanged, a changed resend that
// moves to another week is updated in place of the old row, also with 16 clients at once.

withTestDatabase();

const WEEK = 7 * 86_400_000;

async function post(token: string, items: unknown[]) {
  const res = await POST(ingestRequest("garnet", JSON.stringify(items), { token }), routeParams({ format: "garnet" }));
  return { status: res.status, json: await res.json() };
}

async function one<T>(sql: string, params: unknown[] = []): Promise<T> {
  return (await pool().query(sql, params)).rows[0] as T;
}

/** Where each of the tenant's events is stored: key → partition, time, id. */
async function placement(tenantId: string) {
  const res = await pool().query<{ event_key: string; part: string; occurred_at: Date; id: string }>(
    `SELECT event_key, tableoid::regclass::text AS part, occurred_at, id FROM events WHERE tenant_id = $1 ORDER BY event_key`,
    [tenantId],
  );
  return res.rows;
}

/** Rollup rows that differ from the tenant's raw counts, identities without their event and the reverse. */
async function inconsistencies(tenantId: string) {
  const rollups = await rollupDiff(tenantId);
  const ids = await one<{ identities: number; events: number; payloads: number }>(
    `SELECT (SELECT count(*) FROM event_identities i WHERE i.tenant_id = $1
               AND NOT EXISTS (SELECT 1 FROM events e WHERE e.id = i.id AND e.occurred_at = i.occurred_at AND e.event_key = i.event_key))::int AS identities,
            (SELECT count(*) FROM events e WHERE e.tenant_id = $1
               AND NOT EXISTS (SELECT 1 FROM event_identities i WHERE i.id = e.id))::int AS events,
            (SELECT count(*) FROM events e WHERE e.tenant_id = $1
               AND NOT EXISTS (SELECT 1 FROM event_payloads p WHERE p.event_id = e.id))::int AS payloads`,
    [tenantId],
  );
  return { rollups, ...ids };
}

const weekOf = (t: string) => {
  const d = new Date(t);
  const monday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - ((d.getUTCDay() + 6) % 7) * 86_400_000;
  return `events_p${new Date(monday).toISOString().slice(0, 10).replaceAll("-", "")}`;
};

describe("event partitions", () => {
  it("are created ahead, every week without a gap, once across connections", async () => {
    const now = new Date();
    const [first, second] = await Promise.all([ensureEventPartitions({ now, weeksAhead: 6 }), ensureEventPartitions({ now, weeksAhead: 6 })]);
    // Either both ran one after the other (the second found nothing to do) or one found the lock taken.
    expect([first.created, second.created].filter((n) => n > 0).length).toBeLessThanOrEqual(1);
    const weekly = (await listEventPartitions()).filter((p) => p.from && p.to);
    expect(weekly.at(-1)!.to!.getTime()).toBeGreaterThanOrEqual(now.getTime() + 6 * WEEK);
    expect(weekly[0].from!.getTime()).toBeLessThanOrEqual(now.getTime() - WEEK);
    for (let i = 1; i < weekly.length; i++) expect(weekly[i].from).toEqual(weekly[i - 1].to);
    for (const p of weekly) {
      expect(p.from!.getUTCDay()).toBe(1);
      expect(p.from!.toISOString()).toMatch(/T00:00:00\.000Z$/);
    }
    expect((await ensureEventPartitions({ now, weeksAhead: 6 })).created).toBe(0);

    // While another session holds the maintenance lock, a run does nothing and says so.
    const holder = await pool().connect();
    try {
      await holder.query(`SELECT pg_advisory_lock($1)`, [PARTITION_LOCK]);
      expect(await ensureEventPartitions({ now, weeksAhead: 10 })).toMatchObject({ ran: false, created: 0 });
    } finally {
      await holder.query(`SELECT pg_advisory_unlock($1)`, [PARTITION_LOCK]);
      holder.release();
    }
  });

  it("store an event at any time: years off into the default partition, moved to its week once that exists", async () => {
    const t = await makeTenantWithCredentials("odd-clocks");
    const res = await post(t.agentToken, [
      garnetEvent("y2001", { created_at: "2001-03-04T05:06:07Z" }),
      garnetEvent("y2090", { created_at: "2090-06-01T10:00:00Z" }),
      garnetEvent("now", { created_at: new Date().toISOString() }),
    ]);
    expect(res.json).toMatchObject({ accepted: 3, created: 3, rejected: [] });
    const before = await placement(t.tenant.id);
    expect(before.map((r) => [r.event_key, r.part])).toEqual([
      ["garnet:id:now", weekOf(new Date().toISOString())],
      ["garnet:id:y2001", "events_default"],
      ["garnet:id:y2090", "events_default"],
    ]);
    // A resend of either is unchanged, in the default partition as elsewhere.
    const again = await post(t.agentToken, [garnetEvent("y2001", { created_at: "2001-03-04T05:06:07Z" }), garnetEvent("y2090", { created_at: "2090-06-01T10:00:00Z" })]);
    expect(again.json).toMatchObject({ created: 0, updated: 0, unchanged: 2 });

    // The week of 2090-06-01 gets its partition: the row moves there, with the same id.
    expect((await one<{ n: number }>(`SELECT ensure_event_partitions('2090-06-01', '2090-06-02') AS n`)).n).toBe(1);
    const after = await placement(t.tenant.id);
    const moved = after.find((r) => r.event_key === "garnet:id:y2090")!;
    expect(moved.part).toBe(weekOf("2090-06-01T10:00:00Z"));
    expect(moved.id).toBe(before.find((r) => r.event_key === "garnet:id:y2090")!.id);
    expect(await inconsistencies(t.tenant.id)).toEqual({ rollups: 0, identities: 0, events: 0, payloads: 0 });
    const resent = await post(t.agentToken, [garnetEvent("y2090", { created_at: "2090-06-01T10:00:00Z" })]);
    expect(resent.json).toMatchObject({ created: 0, unchanged: 1 });
  });

  it("keep identity across partitions: a changed resend that moves week is updated, never duplicated", async () => {
    const t = await makeTenantWithCredentials("moving");
    const now = Date.now();
    const thisWeek = new Date(now).toISOString();
    const lastWeek = new Date(now - WEEK).toISOString();
    const original = garnetEvent("mv-1", { created_at: thisWeek });
    expect((await post(t.agentToken, [original])).json).toMatchObject({ created: 1 });
    const [stored] = await placement(t.tenant.id);
    expect((await post(t.agentToken, [original])).json).toMatchObject({ created: 0, updated: 0, unchanged: 1 });

    // Same id, changed content, a week earlier: another partition.
    const moved = garnetEvent("mv-1", { created_at: lastWeek, data: { head: { name: "crypto_miner_execution", importance: "critical" }, process: { exe: "/tmp/xmrig2", pid: 4242 } } });
    expect((await post(t.agentToken, [moved])).json).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    let rows = await placement(t.tenant.id);
    expect(rows).toEqual([{ event_key: "garnet:id:mv-1", part: weekOf(lastWeek), occurred_at: new Date(lastWeek), id: stored.id }]);
    expect(rows[0].part).not.toBe(stored.part);
    const body = await one<{ body: string }>(`SELECT body FROM event_payloads WHERE event_id = $1`, [stored.id]);
    expect(body.body).toBe(JSON.stringify(moved));
    const lineage = await pool().query<{ action: string; details: { changed?: string[] } }>(
      `SELECT action, details FROM lineage_entries WHERE subject_type = 'event' AND subject_id = $1 ORDER BY id`,
      [stored.id],
    );
    expect(lineage.rows.map((r) => r.action)).toEqual(["created", "updated"]);
    expect(lineage.rows[1].details.changed).toEqual(expect.arrayContaining(["occurredAt", "severity", "processExe"]));
    expect((await post(t.agentToken, [moved])).json).toMatchObject({ unchanged: 1 });

    // And on to the default partition (a clock years off), and back.
    const offClock = { ...moved, created_at: "2001-01-01T00:00:00Z" };
    expect((await post(t.agentToken, [offClock])).json).toMatchObject({ updated: 1 });
    expect((await placement(t.tenant.id)).map((r) => [r.part, r.id])).toEqual([["events_default", stored.id]]);
    expect((await post(t.agentToken, [original])).json).toMatchObject({ updated: 1 });
    rows = await placement(t.tenant.id);
    expect(rows.map((r) => [r.part, r.id])).toEqual([[stored.part, stored.id]]);
    expect(await inconsistencies(t.tenant.id)).toEqual({ rollups: 0, identities: 0, events: 0, payloads: 0 });
  });

  it("stay exact when 16 clients send the same events, some of them moving week, at once", async () => {
    const t = await makeTenantWithCredentials("race-partitions");
    const now = Date.now();
    const timeOf = (i: number, shift: number) => (i % 10 === 0 ? "2001-01-01T00:00:00Z" : new Date(now - ((i + shift) % 3) * WEEK - i * 1000).toISOString());
    const v1 = Array.from({ length: 300 }, (_, i) => garnetEvent(`race-${i}`, { created_at: timeOf(i, 0) }));
    // The same ids, every third one changed and a week later or earlier.
    const v2 = v1.map((e, i) => (i % 3 === 0 ? { ...e, created_at: timeOf(i, 1) } : e));
    const sends = Array.from({ length: 16 * 2 }, (_, n) => post(t.agentToken, n < 16 ? v1 : v2));
    const results = await Promise.all(sends);
    expect(results.filter((r) => r.status !== 200).map((r) => JSON.stringify(r.json).slice(0, 300))).toEqual([]);
    const created = results.reduce((s, r) => s + r.json.created, 0);
    const total = results.reduce((s, r) => s + r.json.created + r.json.updated + r.json.unchanged, 0);
    expect(created).toBe(300);
    expect(total).toBe(32 * 300);
    const stored = await one<{ events: number; keys: number; identities: number; payloads: number; created: number }>(
      `SELECT (SELECT count(*) FROM events WHERE tenant_id = $1)::int AS events,
              (SELECT count(DISTINCT event_key) FROM events WHERE tenant_id = $1)::int AS keys,
              (SELECT count(*) FROM event_identities WHERE tenant_id = $1)::int AS identities,
              (SELECT count(*) FROM event_payloads WHERE tenant_id = $1)::int AS payloads,
              (SELECT count(*) FROM lineage_entries WHERE tenant_id = $1 AND subject_type = 'event' AND action = 'created')::int AS created`,
      [t.tenant.id],
    );
    expect(stored).toEqual({ events: 300, keys: 300, identities: 300, payloads: 300, created: 300 });
    expect(await inconsistencies(t.tenant.id)).toEqual({ rollups: 0, identities: 0, events: 0, payloads: 0 });
    // Every event is whichever version was written last, wholly: its row, its identity and its payload agree.
    const mismatched = await one<{ n: number }>(
      `SELECT count(*)::int AS n FROM events e JOIN event_payloads p ON p.event_id = e.id
        WHERE e.tenant_id = $1 AND (p.body::jsonb ->> 'created_at')::timestamptz <> e.occurred_at`,
      [t.tenant.id],
    );
    expect(mismatched.n).toBe(0);
  }, 180_000);
});
