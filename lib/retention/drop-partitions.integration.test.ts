import { beforeAll, describe, expect, it } from "vitest";
import { loadGeneratedEvents } from "../../scripts/lib/load-events";
import { callerIn, garnetEvent, makeTenantWithCredentials } from "../../test-support/ingest-fixtures";
import { rollupDiff } from "../../test-support/rollup-diff";
import { withTestDatabase } from "../../test-support/test-db";
import { updateTenantSettings } from "../admin/tenant-settings";
import { pool } from "../db";
import { ingestItems } from "../ingest/pipeline";
import { listEventPartitions } from "../partitions/queries";
import { importRuleSets } from "../rules/import-rule-sets";
import { dropEventPartition } from "./drop-partitions";
import { runRetention } from "./runner";

// Retention by dropping weeks: a run drops exactly the weekly partitions wholly past every
// tenant's cutoff, deletes by batches what each tenant has past its cutoff outside the week the
// horizon cuts through (left for next week's drop), and leaves every table consistent: no
// identity, payload, membership, assessment or rule hit of a gone event, rollups equal to the raw
// counts, lineage and issues kept.

withTestDatabase();

const DAY = 86_400_000;
// A Wednesday noon: A keeps 14 days (cutoff Wed 7 Oct), B 21 (cutoff Wed 30 Sep, the horizon).
const NOW = new Date("2026-10-21T12:00:00Z");
const WEEKS = ["20260914", "20260921", "20260928", "20261005", "20261012", "20261019"];

type Tenant = Awaited<ReturnType<typeof makeTenantWithCredentials>>;
let a: Tenant;
let b: Tenant;

async function one<T>(sql: string, params: unknown[] = []): Promise<T> {
  return (await pool().query(sql, params)).rows[0] as T;
}

/** Rows keyed by an event id whose event is gone. */
async function orphans() {
  const gone = (table: string, col = "event_id") => `(SELECT count(*) FROM ${table} x WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id = x.${col}))::int`;
  return one<Record<string, number>>(
    `SELECT ${gone("event_identities", "id")} AS identities, ${gone("event_payloads")} AS payloads, ${gone("issue_events")} AS issue_events,
            ${gone("event_assessments")} AS assessments, ${gone("grouping_queue")} AS queued, ${gone("rule_hits")} AS rule_hits`,
  );
}

/** The tenant's event ids and times. */
async function eventsOf(tenantId: string) {
  const res = await pool().query<{ id: string; occurred_at: Date }>(`SELECT id, occurred_at FROM events WHERE tenant_id = $1 ORDER BY id`, [tenantId]);
  return res.rows;
}

async function setRetention(tenantId: string, days: number) {
  await updateTenantSettings({ ctx: callerIn(tenantId, "admin"), input: { retentionDays: days } });
}

beforeAll(async () => {
  await pool().query(`SELECT ensure_event_partitions('2026-09-14', '2026-10-26')`);
  a = await makeTenantWithCredentials("drop-a");
  b = await makeTenantWithCredentials("drop-b");
  await importRuleSets({
    ctx: callerIn(a.tenant.id, "admin"),
    input: { text: JSON.stringify({ rule_sets: [{ ruleset_id: "drop/all", rules: [{ rule_id: "every_exec", event_type: "process_exec", condition: "true", action: "collect" }] }] }), format: "json" },
  });
  // 36 days back from NOW: from Tuesday 15 September, in the first week.
  await loadGeneratedEvents({ tenantId: a.tenant.id, count: 3000, days: 36, seed: 3, now: NOW });
  await loadGeneratedEvents({ tenantId: b.tenant.id, count: 1500, days: 36, seed: 4, now: NOW });
  // A clock years off, both ways: the default partition, one long expired and one not due.
  const odd = [garnetEvent("y2001", { created_at: "2001-01-01T00:00:00Z" }), garnetEvent("y2090", { created_at: "2090-01-01T00:00:00Z" })];
  await ingestItems({ tenantId: a.tenant.id, actor: "test" }, "garnet", odd.map((value, index) => ({ index, raw: JSON.stringify(value), value })));
  await pool().query(
    `INSERT INTO event_assessments (event_id, tenant_id, flags, assessed_at, assessed_by)
     SELECT id, tenant_id, '{followup}', now(), 'test' FROM events WHERE id % 40 = 0`,
  );
  await setRetention(a.tenant.id, 14);
  await setRetention(b.tenant.id, 21);
}, 300_000);

describe("a retention run over weekly partitions", () => {
  it("drops the weeks past every cutoff, deletes the rest past each cutoff but the week the horizon cuts, and nothing else", async () => {
    const horizon = new Date(NOW.getTime() - 21 * DAY);
    const cutoffA = new Date(NOW.getTime() - 14 * DAY);
    const leaveFrom = new Date("2026-09-28T00:00:00Z");
    const leaveTo = new Date("2026-10-05T00:00:00Z");
    const beforeA = await eventsOf(a.tenant.id);
    const beforeB = await eventsOf(b.tenant.id);
    const hits = await one<{ n: number }>(`SELECT count(*)::int AS n FROM rule_hits h JOIN events e ON e.id = h.event_id WHERE e.occurred_at < $1`, [leaveFrom]);
    expect(hits.n).toBeGreaterThan(0);
    const inDropped = (r: { occurred_at: Date }) => r.occurred_at >= new Date("2026-09-14T00:00:00Z") && r.occurred_at < leaveFrom;
    expect(beforeA.filter(inDropped).length).toBeGreaterThan(100);
    expect(beforeB.filter(inDropped).length).toBeGreaterThan(100);
    const lineage = await one<{ n: number }>(`SELECT count(*)::int AS n FROM lineage_entries`);
    const issues = await one<{ n: string }>(`SELECT md5(string_agg(id || ':' || event_count || ':' || last_seen_at, ',' ORDER BY id)) AS n FROM issues`);

    const run = await runRetention({ now: NOW, batchSize: 400 });

    expect(run.ran).toBe(true);
    expect(run.partitions.map((p) => p.name)).toEqual(["events_p20260914", "events_p20260921"]);
    const names = (await listEventPartitions()).map((p) => p.name);
    for (const w of WEEKS.slice(2)) expect(names).toContain(`events_p${w}`);
    expect(names).not.toContain("events_p20260914");
    expect(names).not.toContain("events_p20260921");
    expect(horizon > new Date("2026-09-28T00:00:00Z")).toBe(true);

    // A keeps the week the horizon cuts through (it goes whole next week) and what is within its 14 days.
    const keptA = beforeA.filter((r) => (r.occurred_at >= leaveFrom && r.occurred_at < leaveTo) || r.occurred_at >= cutoffA).map((r) => r.id);
    expect((await eventsOf(a.tenant.id)).map((r) => r.id)).toEqual(keptA);
    expect(keptA.length).toBeLessThan(beforeA.length - beforeA.filter(inDropped).length);
    // B, whose cutoff is the horizon, loses exactly the dropped weeks (and nothing is in the default partition for it).
    expect((await eventsOf(b.tenant.id)).map((r) => r.id)).toEqual(beforeB.filter((r) => r.occurred_at >= leaveFrom).map((r) => r.id));
    const ra = run.tenants.find((t) => t.tenantId === a.tenant.id)!;
    const rb = run.tenants.find((t) => t.tenantId === b.tenant.id)!;
    expect(ra.events).toBe(beforeA.length - keptA.length);
    expect(ra.dropped).toBe(beforeA.filter(inDropped).length);
    expect(rb).toMatchObject({ events: beforeB.filter(inDropped).length, dropped: beforeB.filter(inDropped).length, batches: 0 });
    // The 2001 event went by the batched delete; the 2090 one stays.
    const odd = await pool().query<{ event_key: string }>(`SELECT event_key FROM events_default WHERE tenant_id = $1 ORDER BY 1`, [a.tenant.id]);
    expect(odd.rows.map((r) => r.event_key)).toEqual(["garnet:id:y2090"]);

    expect(await orphans()).toEqual({ identities: 0, payloads: 0, issue_events: 0, assessments: 0, queued: 0, rule_hits: 0 });
    expect(await rollupDiff(a.tenant.id)).toBe(0);
    expect(await rollupDiff(b.tenant.id)).toBe(0);
    expect((await one<{ n: number }>(`SELECT count(*)::int AS n FROM lineage_entries`)).n).toBeGreaterThanOrEqual(lineage.n);
    expect((await one<{ n: string }>(`SELECT md5(string_agg(id || ':' || event_count || ':' || last_seen_at, ',' ORDER BY id)) AS n FROM issues`)).n).toBe(issues.n);
    // Process nodes that only gone events named are gone; those the kept week names stay.
    const nodes = await one<{ old: number }>(`SELECT count(*)::int AS old FROM process_nodes WHERE last_seen_at < $1`, [leaveFrom]);
    expect(nodes.old).toBe(0);

    // A second run drops nothing more and removes nothing.
    const again = await runRetention({ now: NOW });
    expect(again.partitions).toEqual([]);
    expect(again.tenants.map((t) => t.events)).toEqual([0, 0]);

    // A week later the horizon passes the kept week: it is dropped whole.
    const later = await runRetention({ now: new Date(NOW.getTime() + 7 * DAY) });
    expect(later.partitions.map((p) => p.name)).toEqual(["events_p20260928"]);
    expect(await orphans()).toEqual({ identities: 0, payloads: 0, issue_events: 0, assessments: 0, queued: 0, rule_hits: 0 });
    expect(await rollupDiff(a.tenant.id)).toBe(0);
    expect(await rollupDiff(b.tenant.id)).toBe(0);
  }, 300_000);

  it("stays consistent when events of the week are resent, moved and added while it is dropped", async () => {
    const week = (await listEventPartitions()).find((p) => p.name === "events_p20261005")!;
    const inWeek = (i: number) => new Date(Date.UTC(2026, 9, 5, 1) + i * 60_000).toISOString();
    const first = Array.from({ length: 600 }, (_, i) => garnetEvent(`wk-${i}`, { created_at: inWeek(i) }));
    const items = (events: object[]) => events.map((value, index) => ({ index, raw: JSON.stringify(value), value }));
    await ingestItems({ tenantId: b.tenant.id, actor: "test" }, "garnet", items(first));
    // Every third changed in its week, every third moved a week on, and new ones in the week.
    const second = first.map((e, i) => (i % 3 === 0 ? { ...e, created_at: inWeek(i + 1) } : i % 3 === 1 ? { ...e, created_at: "2026-10-13T10:00:00Z" } : e));
    const fresh = Array.from({ length: 200 }, (_, i) => garnetEvent(`wk-new-${i}`, { created_at: inWeek(i) }));
    const batches = [...Array.from({ length: 6 }, (_, i) => second.slice(i * 100, (i + 1) * 100)), fresh.slice(0, 100), fresh.slice(100)];
    const [dropped, ...ingested] = await Promise.all([
      dropEventPartition(week, 50),
      ...batches.map((batch) => ingestItems({ tenantId: b.tenant.id, actor: "test" }, "garnet", items(batch))),
    ]);
    expect(ingested.every((r) => r.rejected.length === 0)).toBe(true);
    // Whatever the interleaving: no orphan, no duplicate key, each identity names its event, rollups exact.
    expect(await orphans()).toEqual({ identities: 0, payloads: 0, issue_events: 0, assessments: 0, queued: 0, rule_hits: 0 });
    const dup = await one<{ n: number; mismatched: number }>(
      `SELECT (SELECT count(*) - count(DISTINCT (tenant_id, event_key)) FROM events)::int AS n,
              (SELECT count(*) FROM events e JOIN event_identities i ON i.id = e.id
                WHERE (i.tenant_id, i.event_key, i.occurred_at) IS DISTINCT FROM (e.tenant_id, e.event_key, e.occurred_at))::int AS mismatched`,
    );
    expect(dup).toEqual({ n: 0, mismatched: 0 });
    expect(await rollupDiff(b.tenant.id)).toBe(0);
    if (dropped) {
      expect((await listEventPartitions()).map((p) => p.name)).not.toContain("events_p20261005");
      // What survives moved a week on before its identity was taken, or arrived after the drop
      // (into the default partition, as any time without a week; the next run's delete takes it).
      const elsewhere = await one<{ n: number }>(
        `SELECT count(*)::int AS n FROM events WHERE tenant_id = $1 AND event_key LIKE 'garnet:id:wk-%'
            AND tableoid::regclass::text NOT IN ('events_p20261012', 'events_default')`,
        [b.tenant.id],
      );
      expect(elsewhere.n).toBe(0);
    }
  }, 120_000);

  it("makes an expired event anew when it is sent again", async () => {
    const old = garnetEvent("resent-after-drop", { created_at: "2001-06-01T00:00:00Z" });
    const item = [{ index: 0, raw: JSON.stringify(old), value: old }];
    expect(await ingestItems({ tenantId: b.tenant.id, actor: "test" }, "garnet", item)).toMatchObject({ created: 1 });
    await runRetention({ now: NOW });
    expect(await ingestItems({ tenantId: b.tenant.id, actor: "test" }, "garnet", item)).toMatchObject({ created: 1, unchanged: 0 });
    expect(await orphans()).toEqual({ identities: 0, payloads: 0, issue_events: 0, assessments: 0, queued: 0, rule_hits: 0 });
  });
});
