import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadGeneratedEvents } from "../../scripts/lib/load-events";
import { callerIn, garnetEvent, makeTenantWithCredentials } from "../../test-support/ingest-fixtures";
import { withTestDatabase } from "../../test-support/test-db";
import { closeDb, pool } from "../db";
import { ingestItems } from "../ingest/pipeline";
import { importRuleSets } from "../rules/import-rule-sets";
import { migrate } from "./migrate";

// The migration to partitioned events, on a database of the previous layout: filled with events
// written by the real ingest (into a database of the current layout, then copied row for row into
// one migrated up to the migration before, whose own triggers build its rollups), snapshotted,
// migrated, and compared: every event row, every payload byte, every row that names an event, the
// rollups, the indexes and triggers; then ingest goes on where it was.

const MIGRATION = "20261206000000_events_partitioned";
const source = withTestDatabase();
const oldName = `vigil_test_old_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
let oldUrl = "";

function serverClient(): Client {
  return new Client({ connectionString: process.env.VIGIL_TEST_SERVER_URL });
}

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Copies a table's rows (its non-generated columns) from the source database into the old one. */
async function copyTable(from: Client, to: Client, table: string) {
  const cols = await to.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
    [table],
  );
  const list = cols.rows.map((r) => `"${r.column_name}"`).join(", ");
  const rows = await from.query<{ j: unknown }>(`SELECT coalesce(jsonb_agg(to_jsonb(t)), '[]') AS j FROM "${table}" t`);
  await to.query(`INSERT INTO "${table}" (${list}) SELECT ${list} FROM jsonb_populate_recordset(null::"${table}", $1::jsonb)`, [JSON.stringify(rows.rows[0].j)]);
  // Identity columns go on from where the source's are, as they would after the same ingest.
  if (cols.rows.some((r) => r.column_name === "id")) {
    const seq = (await to.query<{ s: string | null }>(`SELECT pg_get_serial_sequence($1, 'id') AS s`, [table])).rows[0].s;
    if (seq) await to.query(`SELECT setval($1, (SELECT max(id) FROM "${table}")) WHERE EXISTS (SELECT 1 FROM "${table}")`, [seq]);
  }
}

/** Everything the migration must keep, as comparable values. */
async function snapshot(c: Client) {
  const q = async (sql: string) => (await c.query<{ v: string }>(sql)).rows[0].v;
  return {
    events: await q(`SELECT count(*) || ':' || md5(string_agg(e::text, '|' ORDER BY id)) AS v FROM events e`),
    payloads: (await c.query<{ event_id: string; tenant_id: string; format: string; body: string }>(`SELECT * FROM event_payloads ORDER BY event_id`)).rows,
    ruleHits: await q(`SELECT count(*) || ':' || md5(string_agg(h::text, '|' ORDER BY event_id, rule_id)) AS v FROM rule_hits h`),
    issueEvents: await q(`SELECT count(*) || ':' || md5(string_agg(x::text, '|' ORDER BY event_id)) AS v FROM issue_events x`),
    assessments: await q(`SELECT count(*) || ':' || md5(string_agg(x::text, '|' ORDER BY event_id)) AS v FROM event_assessments x`),
    hourly: await q(`SELECT count(*) || ':' || md5(string_agg(r::text, '|' ORDER BY tenant_id, hour, dims_key)) AS v FROM event_rollups_hourly r`),
    daily: await q(`SELECT count(*) || ':' || md5(string_agg(r::text, '|' ORDER BY tenant_id, day, dims_key)) AS v FROM event_rollups_daily r`),
  };
}

/** Index definitions and triggers on events (table name taken out), and foreign keys to it. */
async function definitions(c: Client, table: string) {
  const idx = await c.query<{ name: string; def: string }>(
    `SELECT c.relname AS name, regexp_replace(pg_get_indexdef(i.indexrelid), ' ON (ONLY )?public\\.\\w+ ', ' ON t ') AS def
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = $1::regclass ORDER BY 1`,
    [table],
  );
  const trg = await c.query<{ name: string; def: string }>(
    `SELECT tgname AS name, regexp_replace(pg_get_triggerdef(oid), ' ON public\\.\\w+ ', ' ON t ') AS def FROM pg_trigger WHERE tgrelid = $1::regclass AND NOT tgisinternal ORDER BY 1`,
    [table],
  );
  return { indexes: idx.rows, triggers: trg.rows };
}

beforeAll(async () => {
  // The source: events from the real ingest, with rule hits, assessments, issues, odd clocks and an update.
  const t = await makeTenantWithCredentials("migrated");
  await importRuleSets({
    ctx: callerIn(t.tenant.id, "admin"),
    input: { text: JSON.stringify({ rule_sets: [{ ruleset_id: "m/all", rules: [{ rule_id: "every_exec", event_type: "process_exec", condition: "true", action: "collect" }] }] }), format: "json" },
  });
  await loadGeneratedEvents({ tenantId: t.tenant.id, count: 2500, days: 30, seed: 21 });
  const other = await makeTenantWithCredentials("migrated-other");
  await loadGeneratedEvents({ tenantId: other.tenant.id, count: 500, days: 3, seed: 22 });
  const odd = [garnetEvent("m-2001", { created_at: "2001-01-01T00:00:00Z" }), garnetEvent("m-2090", { created_at: "2090-01-01T00:00:00Z" }),
    garnetEvent("m-tabs", { created_at: new Date().toISOString(), note: "tab\there \"quoted\" \\ back ☃ \u2028" })];
  await ingestItems({ tenantId: t.tenant.id, actor: "test" }, "garnet", odd.map((value, index) => ({ index, raw: JSON.stringify(value, null, 1), value })));
  await pool().query(`INSERT INTO event_assessments (event_id, tenant_id, flags, assessed_at, assessed_by)
                      SELECT id, tenant_id, '{followup}', now(), 'test' FROM events WHERE id % 30 = 0`);

  // The old layout, filled with the same rows.
  const admin = serverClient();
  await admin.connect();
  await admin.query(`CREATE DATABASE "${oldName}"`);
  await admin.end();
  const u = new URL(process.env.VIGIL_TEST_SERVER_URL!);
  u.pathname = `/${oldName}`;
  oldUrl = u.toString();
  const before = await migrate(oldUrl, undefined, { before: MIGRATION });
  expect(before.applied).not.toContain(MIGRATION);
  await withClient(source.url(), (from) =>
    withClient(oldUrl, async (to) => {
      for (const table of ["tenants", "agents", "rule_sets", "detection_rules", "events", "event_payloads", "rule_hits", "issues", "issue_events", "issue_agents", "event_assessments", "grouping_queue", "lineage_entries"]) {
        await copyTable(from, to, table);
      }
    }),
  );
}, 300_000);

afterAll(async () => {
  const admin = serverClient();
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${oldName}" WITH (FORCE)`);
  await admin.end();
});

describe(`migration ${MIGRATION}`, () => {
  it("keeps every event, payload byte, reference, rollup, index and trigger of the old layout, and ingest carries on", async () => {
    const { snap, defs, hits } = await withClient(oldUrl, async (c) => ({
      snap: await snapshot(c),
      defs: await definitions(c, "events"),
      hits: (await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM rule_hits`)).rows[0].n,
    }));
    expect(snap.payloads.length).toBeGreaterThan(2500);
    expect(hits).toBeGreaterThan(0);
    expect(Number(snap.issueEvents.split(":")[0])).toBeGreaterThan(0);

    const applied = await migrate(oldUrl);
    expect(applied.applied[0]).toBe(MIGRATION);

    await withClient(oldUrl, async (c) => {
      const after = await snapshot(c);
      expect(after.events).toBe(snap.events);
      expect(after.payloads.length).toBe(snap.payloads.length);
      for (let i = 0; i < snap.payloads.length; i++) {
        if (after.payloads[i].body !== snap.payloads[i].body || after.payloads[i].event_id !== snap.payloads[i].event_id) {
          expect(after.payloads[i]).toEqual(snap.payloads[i]);
        }
      }
      expect({ ...after, payloads: null }).toEqual({ ...snap, payloads: null });

      // Partitioned, every row in its week or the default partition.
      expect((await c.query(`SELECT 1 FROM pg_partitioned_table WHERE partrelid = 'events'::regclass`)).rowCount).toBe(1);
      const misplaced = await c.query(
        `SELECT e.id FROM events e JOIN pg_class p ON p.oid = e.tableoid
          WHERE p.relname <> 'events_default' AND p.relname <> 'events_p' || to_char(event_partition_start(e.occurred_at) AT TIME ZONE 'UTC', 'YYYYMMDD')`,
      );
      expect(misplaced.rowCount).toBe(0);
      const odd = await c.query<{ event_key: string }>(`SELECT event_key FROM events_default ORDER BY 1`);
      expect(odd.rows.map((r) => r.event_key)).toEqual(["garnet:id:m-2001", "garnet:id:m-2090"]);

      // One identity per event, with its id, key, time and hashes.
      const identity = await c.query(
        `SELECT e.id FROM events e FULL JOIN event_identities i ON i.id = e.id
          WHERE i.id IS NULL OR e.id IS NULL OR (i.tenant_id, i.event_key, i.occurred_at, i.content_hash, i.source_format) IS DISTINCT FROM
                (e.tenant_id, e.event_key, e.occurred_at, e.content_hash, e.source_format) OR i.raw_hash IS DISTINCT FROM e.raw_hash`,
      );
      expect(identity.rowCount).toBe(0);

      // Every index and trigger came along, but the two lookups that moved to event_identities.
      const now = await definitions(c, "events");
      const moved = ["events_tenant_id_event_key_key", "events_tenant_id_raw_hash_idx", "events_pkey"];
      expect(now.indexes.filter((i) => i.name !== "events_pkey")).toEqual(defs.indexes.filter((i) => !moved.includes(i.name)));
      expect(now.triggers).toEqual(defs.triggers);
      const fk = await c.query<{ tbl: string; confdeltype: string }>(
        `SELECT conrelid::regclass::text AS tbl, confdeltype FROM pg_constraint WHERE contype = 'f' AND confrelid = 'event_identities'::regclass`,
      );
      expect(fk.rows).toEqual([{ tbl: "rule_hits", confdeltype: "c" }]);
    });

    // Ingest carries on in the migrated database: a resend is unchanged, a new event takes a new id.
    await closeDb();
    const sourceUrl = process.env.DATABASE_URL;
    process.env.DATABASE_URL = oldUrl;
    try {
      const tenant = (await pool().query<{ id: string }>(`SELECT tenant_id AS id FROM events WHERE event_key = 'garnet:id:m-2090'`)).rows[0].id;
      const maxId = (await pool().query<{ m: string }>(`SELECT max(id) AS m FROM events`)).rows[0].m;
      const resend = garnetEvent("m-2090", { created_at: "2090-01-01T00:00:00Z" });
      const raw = JSON.stringify(resend, null, 1);
      expect(await ingestItems({ tenantId: tenant, actor: "test" }, "garnet", [{ index: 0, raw, value: resend }])).toMatchObject({ unchanged: 1, created: 0 });
      const fresh = garnetEvent("m-new", { created_at: new Date().toISOString() });
      expect(await ingestItems({ tenantId: tenant, actor: "test" }, "garnet", [{ index: 0, raw: JSON.stringify(fresh), value: fresh }])).toMatchObject({ created: 1 });
      const id = (await pool().query<{ id: string }>(`SELECT id FROM events WHERE event_key = 'garnet:id:m-new'`)).rows[0].id;
      expect(BigInt(id)).toBeGreaterThan(BigInt(maxId));
    } finally {
      await closeDb();
      process.env.DATABASE_URL = sourceUrl;
    }
  }, 300_000);
});
