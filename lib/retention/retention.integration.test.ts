import { Client } from "pg";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadGeneratedEvents } from "../../scripts/lib/load-events";
import { callerIn, makeTenantWithCredentials } from "../../test-support/ingest-fixtures";
import { rollupDiff } from "../../test-support/rollup-diff";
import { withTestDatabase } from "../../test-support/test-db";
import { updateTenantSettings } from "../admin/tenant-settings";
import { pool } from "../db";
import { ValidationError } from "../errors";
import { importRuleSets } from "../rules/import-rule-sets";
import { getRetention } from "./queries";
import { runTenantRetention } from "./run-now";
import { RETENTION_LOCK, runRetention } from "./runner";

const db = withTestDatabase();

// Retention against PostgreSQL: the runner removes exactly the events past each tenant's
// retention (by occurred_at, across batch boundaries) with what belongs only to them, keeps the
// rollups equal to the raw counts, leaves lineage, issues and other tenants alone, applies the
// server's cap, and runs once at a time across connections (as across processes).

const DAY = 86_400_000;
const NOW = new Date("2026-11-20T12:00:00Z");
type Tenant = Awaited<ReturnType<typeof makeTenantWithCredentials>>;
let a: Tenant;
let b: Tenant;

async function one<T>(sql: string, params: unknown[] = []): Promise<T> {
  return (await pool().query(sql, params)).rows[0] as T;
}

/** Rows of tables keyed by event id whose event is gone. */
async function orphans(tenantId: string) {
  return one<Record<string, number>>(
    `SELECT (SELECT count(*) FROM event_payloads p WHERE p.tenant_id = $1 AND NOT EXISTS (SELECT 1 FROM events e WHERE e.id = p.event_id))::int AS payloads,
            (SELECT count(*) FROM issue_events x WHERE x.tenant_id = $1 AND NOT EXISTS (SELECT 1 FROM events e WHERE e.id = x.event_id))::int AS issue_events,
            (SELECT count(*) FROM event_assessments x WHERE x.tenant_id = $1 AND NOT EXISTS (SELECT 1 FROM events e WHERE e.id = x.event_id))::int AS assessments,
            (SELECT count(*) FROM grouping_queue x WHERE x.tenant_id = $1 AND NOT EXISTS (SELECT 1 FROM events e WHERE e.id = x.event_id))::int AS queued,
            (SELECT count(*) FROM rule_hits x WHERE x.tenant_id = $1 AND NOT EXISTS (SELECT 1 FROM events e WHERE e.id = x.event_id))::int AS rule_hits`,
    [tenantId],
  );
}

/** What a tenant holds, to compare before and after a run. */
async function snapshot(tenantId: string) {
  return one<Record<string, unknown>>(
    `SELECT (SELECT count(*) FROM events WHERE tenant_id = $1)::int AS events,
            (SELECT md5(string_agg(id::text, ',' ORDER BY id)) FROM events WHERE tenant_id = $1) AS event_ids,
            (SELECT count(*) FROM event_payloads WHERE tenant_id = $1)::int AS payloads,
            (SELECT sum(count)::int FROM event_rollups_daily WHERE tenant_id = $1) AS rolled_up,
            (SELECT count(*) FROM lineage_entries WHERE tenant_id = $1)::int AS lineage,
            (SELECT md5(string_agg(id || ':' || event_count || ':' || agent_count || ':' || first_seen_at || ':' || last_seen_at, ',' ORDER BY id)) FROM issues WHERE tenant_id = $1) AS issues,
            (SELECT count(*) FROM process_nodes WHERE tenant_id = $1)::int AS nodes`,
    [tenantId],
  );
}

async function setRetention(tenantId: string, days: number) {
  await pool().query(`UPDATE tenants SET retention_days = $2 WHERE id = $1`, [tenantId, days]);
}

beforeAll(async () => {
  a = await makeTenantWithCredentials("retention-a");
  b = await makeTenantWithCredentials("retention-b");
  // A rule that matches every process execution, so that expired events have rule hits to take along.
  await importRuleSets({
    ctx: callerIn(a.tenant.id, "admin"),
    input: { text: JSON.stringify({ rule_sets: [{ ruleset_id: "retention/all", rules: [{ rule_id: "every_exec", event_type: "process_exec", condition: "true", action: "collect" }] }] }), format: "json" },
  });
  await loadGeneratedEvents({ tenantId: a.tenant.id, count: 3000, days: 4, seed: 42, now: NOW });
  await loadGeneratedEvents({ tenantId: b.tenant.id, count: 400, days: 4, seed: 7, now: NOW });
  // Assessments of a few events on both sides of A's cutoff.
  await pool().query(
    `INSERT INTO event_assessments (event_id, tenant_id, flags, assessed_at, assessed_by)
     SELECT id, tenant_id, '{followup}', now(), 'test' FROM events WHERE tenant_id = $1 AND id % 50 = 0`,
    [a.tenant.id],
  );
}, 180_000);

afterEach(() => {
  delete process.env.VIGIL_RETENTION_MAX_DAYS;
});

describe("a retention run", () => {
  it("removes a tenant's events past its retention with what belongs only to them, across batch boundaries", async () => {
    await setRetention(a.tenant.id, 2);
    const cutoff = new Date(NOW.getTime() - 2 * DAY);
    const before = await one<{ old: number; kept: string; hits: number; old_lineage: number; issues: number }>(
      `SELECT count(*) FILTER (WHERE occurred_at < $2)::int AS old,
              md5(string_agg(id::text, ',' ORDER BY id) FILTER (WHERE occurred_at >= $2)) AS kept,
              (SELECT count(*) FROM rule_hits h JOIN events e ON e.id = h.event_id WHERE h.tenant_id = $1 AND e.occurred_at < $2)::int AS hits,
              (SELECT count(*) FROM lineage_entries l JOIN events e ON l.subject_type = 'event' AND l.subject_id = e.id::text WHERE l.tenant_id = $1 AND e.occurred_at < $2)::int AS old_lineage,
              (SELECT count(*) FROM issues WHERE tenant_id = $1)::int AS issues
         FROM events WHERE tenant_id = $1`,
      [a.tenant.id, cutoff],
    );
    expect(before.old).toBeGreaterThan(1000);
    expect(before.hits).toBeGreaterThan(0);
    const issuesBefore = (await snapshot(a.tenant.id)).issues;
    const lineageBefore = (await snapshot(a.tenant.id)).lineage;
    const nodesBefore = await one<{ kept: string; old: number }>(
      `SELECT md5(string_agg(id::text, ',' ORDER BY id) FILTER (WHERE last_seen_at >= $2)) AS kept, count(*) FILTER (WHERE last_seen_at < $2)::int AS old
         FROM process_nodes WHERE tenant_id = $1`,
      [a.tenant.id, cutoff],
    );
    expect(nodesBefore.old).toBeGreaterThan(0);
    const otherBefore = await snapshot(b.tenant.id);

    const run = await runRetention({ now: NOW, batchSize: 250 });

    expect(run.ran).toBe(true);
    const mine = run.tenants.find((t) => t.tenantId === a.tenant.id)!;
    expect(mine).toMatchObject({ events: before.old, retentionDays: 2, cutoff });
    expect(mine.batches).toBe(Math.ceil(before.old / 250));
    expect(run.tenants.find((t) => t.tenantId === b.tenant.id)!.events).toBe(0);
    const after = await one<{ old: number; kept: string }>(
      `SELECT count(*) FILTER (WHERE occurred_at < $2)::int AS old, md5(string_agg(id::text, ',' ORDER BY id) FILTER (WHERE occurred_at >= $2)) AS kept
         FROM events WHERE tenant_id = $1`,
      [a.tenant.id, cutoff],
    );
    expect(after).toEqual({ old: 0, kept: before.kept });
    expect(await orphans(a.tenant.id)).toEqual({ payloads: 0, issue_events: 0, assessments: 0, queued: 0, rule_hits: 0 });
    const payloads = await one<{ n: number; e: number }>(
      `SELECT (SELECT count(*) FROM event_payloads WHERE tenant_id = $1)::int AS n, (SELECT count(*) FROM events WHERE tenant_id = $1)::int AS e`,
      [a.tenant.id],
    );
    expect(payloads.n).toBe(payloads.e);
    expect(await rollupDiff(a.tenant.id)).toBe(0);
    // Lineage and issues outlive their events: the expired events' lineage is all there, and
    // every issue keeps its counts and times.
    const kept = await snapshot(a.tenant.id);
    expect(kept.lineage).toBe(lineageBefore);
    expect(kept.issues).toBe(issuesBefore);
    expect((await one<{ n: number }>(`SELECT count(*)::int AS n FROM issues WHERE tenant_id = $1`, [a.tenant.id])).n).toBe(before.issues);
    // Process nodes go when no remaining event names them, and only then.
    const nodesAfter = await one<{ kept: string; old: number }>(
      `SELECT md5(string_agg(id::text, ',' ORDER BY id) FILTER (WHERE last_seen_at >= $2)) AS kept, count(*) FILTER (WHERE last_seen_at < $2)::int AS old
         FROM process_nodes WHERE tenant_id = $1`,
      [a.tenant.id, cutoff],
    );
    expect(nodesAfter).toEqual({ kept: nodesBefore.kept, old: 0 });
    expect(run.processNodes).toBe(nodesBefore.old);
    // The other tenant, with events just as old but the default 90 days, is untouched.
    expect(await snapshot(b.tenant.id)).toEqual(otherBefore);
    expect(await rollupDiff(b.tenant.id)).toBe(0);
  });

  it("keeps an event at the cutoff and removes one a millisecond older; a second run finds nothing", async () => {
    const cutoff = new Date(NOW.getTime() - 2 * DAY);
    const ids = await pool().query<{ id: string; occurred_at: Date }>(
      `WITH two AS (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM (SELECT id FROM events WHERE tenant_id = $1 ORDER BY occurred_at LIMIT 2) s)
       UPDATE events e SET occurred_at = CASE WHEN two.rn = 1 THEN $2::timestamptz ELSE $2::timestamptz - interval '1 millisecond' END
         FROM two WHERE e.id = two.id RETURNING e.id, e.occurred_at`,
      [a.tenant.id, cutoff],
    );
    expect(ids.rows).toHaveLength(2);
    const run = await runRetention({ now: NOW, tenantId: a.tenant.id });
    expect(run.tenants.map((t) => t.events)).toEqual([1]);
    const left = await pool().query(`SELECT id FROM events WHERE id = ANY($1::bigint[])`, [ids.rows.map((r) => r.id)]);
    expect(left.rows.map((r) => r.id)).toEqual(ids.rows.filter((r) => r.occurred_at.getTime() === cutoff.getTime()).map((r) => r.id));
    expect((await runRetention({ now: NOW, tenantId: a.tenant.id })).tenants[0].events).toBe(0);
    expect(await rollupDiff(a.tenant.id)).toBe(0);
  });

  it("counts without removing on a dry run", async () => {
    await setRetention(b.tenant.id, 1);
    const before = await snapshot(b.tenant.id);
    const run = await runRetention({ now: NOW, tenantId: b.tenant.id, dryRun: true });
    const expected = await one<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE tenant_id = $1 AND occurred_at < $2`, [b.tenant.id, new Date(NOW.getTime() - DAY)]);
    expect(run.tenants).toMatchObject([{ tenantId: b.tenant.id, events: expected.n, retentionDays: 1 }]);
    expect(expected.n).toBeGreaterThan(0);
    expect(await snapshot(b.tenant.id)).toEqual(before);
  });

  it("stays consistent while new events are ingested into the same tenant", async () => {
    await setRetention(b.tenant.id, 1);
    const [run] = await Promise.all([
      runRetention({ now: NOW, tenantId: b.tenant.id, batchSize: 20 }),
      loadGeneratedEvents({ tenantId: b.tenant.id, count: 400, days: 1, seed: 99, now: NOW, batchSize: 50 }),
    ]);
    expect(run.tenants[0].events).toBeGreaterThan(0);
    expect(await rollupDiff(b.tenant.id)).toBe(0);
    expect(await orphans(b.tenant.id)).toEqual({ payloads: 0, issue_events: 0, assessments: 0, queued: 0, rule_hits: 0 });
    await setRetention(b.tenant.id, 90);
  });
});

describe("the global maximum", () => {
  it("caps the setting: a larger value is a 400 naming retentionDays", async () => {
    process.env.VIGIL_RETENTION_MAX_DAYS = "30";
    const ctx = callerIn(b.tenant.id, "admin");
    const err = await updateTenantSettings({ ctx, input: { retentionDays: 31 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err).toMatchObject({ status: 400, extra: { field: "retentionDays" } });
    expect((err as Error).message).toMatch(/^retentionDays: at most 30 days/);
    for (const bad of [0, 2.5, "soon"]) {
      await expect(updateTenantSettings({ ctx, input: { retentionDays: bad } })).rejects.toMatchObject({ status: 400, extra: { field: "retentionDays" } });
    }
    await expect(updateTenantSettings({ ctx: callerIn(b.tenant.id, "analyst"), input: { retentionDays: 10 } })).rejects.toThrow(/role/);
    expect(await updateTenantSettings({ ctx, input: { retentionDays: 30 } })).toEqual({ groupingWindowMinutes: 1440, retentionDays: 30 });
    const audit = await one<{ before: unknown; after: unknown }>(
      `SELECT "before", "after" FROM audit_entries WHERE tenant_id = $1 AND action = 'tenant.settings.update' ORDER BY id DESC LIMIT 1`,
      [b.tenant.id],
    );
    expect(audit).toEqual({ before: { retentionDays: 90 }, after: { retentionDays: 30 } });
    // The grouping window alone leaves retention as it is.
    expect(await updateTenantSettings({ ctx, input: { groupingWindowMinutes: 60 } })).toEqual({ groupingWindowMinutes: 60, retentionDays: 30 });
    await setRetention(b.tenant.id, 90);
  });

  it("also caps a tenant set above it before the maximum was lowered", async () => {
    await setRetention(b.tenant.id, 300);
    process.env.VIGIL_RETENTION_MAX_DAYS = "3";
    const figures = await getRetention({ ctx: callerIn(b.tenant.id, "admin") });
    expect(figures).toMatchObject({ retentionDays: 300, maxRetentionDays: 3, appliedRetentionDays: 3 });
    const run = await runRetention({ now: NOW, tenantId: b.tenant.id, dryRun: true });
    expect(run.tenants[0].retentionDays).toBe(3);
    await setRetention(b.tenant.id, 90);
  });
});

describe("one run at a time", () => {
  it("does nothing while another connection holds the lock", async () => {
    await setRetention(b.tenant.id, 1);
    const other = new Client({ connectionString: db.url() });
    await other.connect();
    try {
      await other.query(`SELECT pg_advisory_lock($1)`, [RETENTION_LOCK]);
      const before = await snapshot(b.tenant.id);
      const run = await runRetention({ now: new Date(NOW.getTime() + 2 * DAY) });
      expect(run).toMatchObject({ ran: false, tenants: [] });
      expect(await snapshot(b.tenant.id)).toEqual(before);
      // An admin's run says so.
      await expect(runTenantRetention({ ctx: callerIn(b.tenant.id, "admin"), input: {} })).rejects.toMatchObject({ status: 409 });
    } finally {
      await other.end();
    }
  });

  it("expires once when two runners start together", async () => {
    const later = new Date(NOW.getTime() + 2 * DAY);
    const expected = (await one<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE tenant_id = $1 AND occurred_at < $2`, [b.tenant.id, new Date(later.getTime() - DAY)])).n;
    expect(expected).toBeGreaterThan(100);
    // The first runner stops after its first batch until the second has tried.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let firstBatch!: () => void;
    const holding = new Promise<void>((r) => (firstBatch = r));
    const first = runRetention({ now: later, tenantId: b.tenant.id, batchSize: 50, afterBatch: async () => { firstBatch(); await gate; } });
    await holding;
    const second = await runRetention({ now: later, tenantId: b.tenant.id, batchSize: 50 });
    release();
    const done = await first;
    expect(second.ran).toBe(false);
    expect(done.ran).toBe(true);
    expect(done.tenants[0].events).toBe(expected);
    expect(await rollupDiff(b.tenant.id)).toBe(0);
    // And the lock is free again afterwards.
    expect((await runRetention({ now: later, tenantId: b.tenant.id })).ran).toBe(true);
    await setRetention(b.tenant.id, 90);
  });
});

describe("the figures", () => {
  it("answer the tenant's events, oldest event, retention and next expiry, to admins only", async () => {
    const raw = await one<{ n: number; oldest: Date; newest: Date }>(
      `SELECT count(*)::int AS n, min(occurred_at) AS oldest, max(occurred_at) AS newest FROM events WHERE tenant_id = $1`,
      [a.tenant.id],
    );
    const f = await getRetention({ ctx: callerIn(a.tenant.id, "admin") });
    expect(f).toMatchObject({
      tenant: a.tenant.slug,
      retentionDays: 2,
      maxRetentionDays: 365,
      appliedRetentionDays: 2,
      events: raw.n,
      oldestEventAt: raw.oldest.toISOString(),
      newestEventAt: raw.newest.toISOString(),
      nextExpiryAt: new Date(raw.oldest.getTime() + 2 * DAY).toISOString(),
    });
    expect(Date.parse(f.expiresBefore)).toBeGreaterThan(Date.now() - 2 * DAY - 60_000);
    const size = await one<{ bytes: string }>(`SELECT (SELECT sum(pg_total_relation_size(inhrelid)) FROM pg_inherits WHERE inhparent = 'events'::regclass)
              + pg_total_relation_size('event_payloads') + pg_total_relation_size('event_identities') AS bytes`);
    expect(f.approximateBytes).toBeGreaterThan(0);
    expect(f.approximateBytes).toBeLessThanOrEqual(Number(size.bytes));
    for (const role of ["analyst", "manager"] as const) {
      await expect(getRetention({ ctx: callerIn(a.tenant.id, role) })).rejects.toMatchObject({ status: 403 });
      await expect(runTenantRetention({ ctx: callerIn(a.tenant.id, role), input: {} })).rejects.toMatchObject({ status: 403 });
    }
  });

  it("of a tenant without events say so", async () => {
    const empty = await makeTenantWithCredentials("retention-empty");
    expect(await getRetention({ ctx: callerIn(empty.tenant.id, "admin") })).toMatchObject({ events: 0, approximateBytes: 0, oldestEventAt: null, newestEventAt: null, nextExpiryAt: null });
  });

  it("an admin's run expires only the caller's tenant and is audited", async () => {
    await loadGeneratedEvents({ tenantId: b.tenant.id, count: 100, days: 3, seed: 5, now: NOW });
    await setRetention(b.tenant.id, 1);
    await setRetention(a.tenant.id, 1);
    const aBefore = await snapshot(a.tenant.id);
    const dry = await runTenantRetention({ ctx: callerIn(b.tenant.id, "admin"), input: { dryRun: true } });
    expect(dry.dryRun).toBe(true);
    const res = await runTenantRetention({ ctx: callerIn(b.tenant.id, "admin"), input: {} });
    expect(res).toMatchObject({ dryRun: false, retentionDays: 1, events: dry.events });
    expect(res.events).toBe(100);
    expect(await snapshot(a.tenant.id)).toEqual(aBefore);
    const audit = await one<{ actor: string; after: Record<string, unknown> }>(
      `SELECT actor, "after" FROM audit_entries WHERE tenant_id = $1 AND action = 'retention.run' ORDER BY id DESC LIMIT 1`,
      [b.tenant.id],
    );
    expect(audit).toEqual({ actor: "test", after: { eventsRemoved: 100, occurredBefore: res.expiredBefore, retentionDays: 1 } });
    await expect(runTenantRetention({ ctx: callerIn(b.tenant.id, "admin"), input: { dryRun: "yes" } })).rejects.toMatchObject({ status: 400, extra: { field: "dryRun" } });
  });
});
