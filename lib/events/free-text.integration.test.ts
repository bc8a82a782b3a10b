import { beforeAll, describe, expect, it } from "vitest";
import { loadGeneratedEvents } from "../../scripts/lib/load-events";
import { withTestDatabase } from "../../test-support/test-db";
import { callerIn, makeTenantWithCredentials } from "../../test-support/ingest-fixtures";
import type { CallerContext } from "../auth/context";
import { pool } from "../db";
import { Params, SEARCH_TEXT_SQL } from "./compile";
import { FREE_TEXT_FIELDS } from "./fields";
import { compileSearch, matchingEventsSql, searchEvents } from "./search";

// Free text reaches events through a trigram index over their joined searchable text
// (migration 20261205110000_free_text_index). The index may only make it faster: every term
// must match exactly the events that a column-by-column ILIKE matches, with the index, without
// it, and whatever plan the database picks.

withTestDatabase();

const NOW = new Date("2026-11-20T12:00:00Z");
const FROM = new Date(NOW.getTime() - 2 * 86400_000).toISOString();
const TO = NOW.toISOString();
const INDEX = "events_search_text_trgm_idx";

let ctx: CallerContext;

/** The oracle: events whose free-text columns contain `term`, ignoring case, counted one by one. */
async function oracle(term: string): Promise<string[]> {
  const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const res = await pool().query<{ id: string }>(
    `SELECT id FROM events WHERE tenant_id = $1 AND occurred_at >= $2 AND occurred_at < $3
        AND (${FREE_TEXT_FIELDS.map((f) => `${f.column} ILIKE $4`).join(" OR ")}) ORDER BY id`,
    [ctx.tenantId, FROM, TO, like],
  );
  return res.rows.map((r) => r.id);
}

/** The search's own SQL for `query`, run on one connection after `setup` (inside a rolled-back transaction). */
async function matchedWith(query: string, setup: string[]): Promise<{ ids: string[]; plan: string }> {
  const client = await pool().connect();
  try {
    await client.query("BEGIN");
    for (const statement of setup) await client.query(statement);
    const params = new Params();
    params.add(ctx.tenantId);
    const sql = `${matchingEventsSql(compileSearch(ctx.tenantId, { query, from: FROM, to: TO }), params)} ORDER BY id`;
    const plan = (await client.query<{ "QUERY PLAN": string }>(`EXPLAIN ${sql}`, params.values)).rows.map((r) => r["QUERY PLAN"]).join("\n");
    const ids = (await client.query<{ id: string }>(sql, params.values)).rows.map((r) => String(r.id));
    return { ids, plan };
  } finally {
    await client.query("ROLLBACK");
    client.release();
  }
}

// With the other indexes on events dropped (in the rolled-back transaction) and scans of the
// table off, the trigram index is the planner's only way to the events it can serve.
const FORCE_INDEX = [
  `DO $$ DECLARE i record; BEGIN
     FOR i IN SELECT c.relname FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid
               WHERE x.indrelid = 'events'::regclass AND NOT x.indisprimary AND c.relname <> '${INDEX}'
     LOOP EXECUTE format('DROP INDEX %I', i.relname); END LOOP;
   END $$`,
  // The partitioned table's key (id, occurred_at) reaches a time window too (docs/partitioning.md).
  `ALTER TABLE events DROP CONSTRAINT IF EXISTS events_pkey`,
  "SET LOCAL enable_seqscan = off",
  "SET LOCAL enable_indexscan = off",
];
const WITHOUT_INDEX = [`DROP INDEX ${INDEX}`];

/** The trigram index and its partitions' copies. */
let indexNames: string[] = [];

beforeAll(async () => {
  indexNames = [
    INDEX,
    ...(await pool().query<{ relname: string }>(
      `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = $1::regclass`,
      [INDEX],
    )).rows.map((r) => r.relname),
  ];
  const t = await makeTenantWithCredentials("free-text");
  ctx = callerIn(t.tenant.id);
  await loadGeneratedEvents({ tenantId: t.tenant.id, count: 1500, days: 2, seed: 17, now: NOW });
  // Values the generator does not make: mixed case, LIKE wildcards, non-ASCII, and two columns
  // whose joined text would read "qqzab" + newline + "cdqqz" (a term across the boundary).
  const some = await pool().query<{ id: string }>("SELECT id FROM events WHERE tenant_id = $1 ORDER BY id LIMIT 4", [ctx.tenantId]);
  const [e1, e2, e3, e4] = some.rows.map((r) => r.id);
  await pool().query("UPDATE events SET process_args = 'python3 -c Import_Os; 50%_done' WHERE id = $1", [e1]);
  await pool().query("UPDATE events SET file_path = '/tmp/Überwachung/ÄÖÜ.log' WHERE id = $1", [e2]);
  await pool().query("UPDATE events SET process_exe = '/opt/qqzab', process_args = 'cdqqz --run', file_path = NULL WHERE id = $1", [e3]);
  await pool().query("UPDATE events SET domain = 'XMRIG.pool.example', remote_address = '203.0.113.77' WHERE id = $1", [e4]);
  await pool().query("ANALYZE events");
}, 120_000);

describe("free text through the trigram index", () => {
  const terms = [
    "curl", "CURL", "/bin/", "shadow", "xmrig", "203.0.113.77", "import_os", "50%_", "%", "_",
    "überwachung", "äöü", "sh", "py", "qqzab", "cdqqz", "zzzz-not-there",
  ];

  it.each(terms)("%s: the search's count equals a column-by-column ILIKE", async (term) => {
    const expected = await oracle(term);
    const r = await searchEvents({ ctx, input: { query: JSON.stringify(term), from: FROM, to: TO, limit: 1 } });
    expect(r.total).toBe(expected.length);
  });

  it.each(terms)("%s: the same events with the index forced and with the index dropped", async (term) => {
    const expected = await oracle(term);
    const forced = await matchedWith(JSON.stringify(term), FORCE_INDEX);
    const without = await matchedWith(JSON.stringify(term), WITHOUT_INDEX);
    expect(forced.ids).toEqual(expected);
    expect(without.ids).toEqual(expected);
    expect(without.plan).not.toContain(INDEX);
    // Terms of three characters or more can use the index; shorter ones have no trigram to look up.
    // events is partitioned (docs/partitioning.md): the plan names the index of each partition.
    if ([...term].length >= 3) expect(indexNames.some((n) => forced.plan.includes(n))).toBe(true);
    else expect(forced.plan).not.toContain("events_search_text");
  });

  it("finds the generator's common terms at all (the comparison is not over empty sets)", async () => {
    expect((await oracle("curl")).length).toBeGreaterThan(0);
    expect((await oracle("/bin/")).length).toBeGreaterThan(10);
    expect(await oracle("überwachung")).toHaveLength(1);
    expect(await oracle("import_os")).toHaveLength(1);
  });

  const ACROSS_BOUNDARY = '"qqzab\ncdqqz"';

  it("never matches a term across two columns' boundary, though the joined text contains it", async () => {
    const joined = await pool().query<{ n: string }>(
      `SELECT count(*) AS n FROM events WHERE tenant_id = $1 AND ${SEARCH_TEXT_SQL} LIKE '%qqzab' || E'\\n' || 'cdqqz%'`,
      [ctx.tenantId],
    );
    expect(Number(joined.rows[0].n)).toBe(1);
    const r = await searchEvents({ ctx, input: { query: ACROSS_BOUNDARY, from: FROM, to: TO } });
    expect(r.total).toBe(0);
    expect((await matchedWith(ACROSS_BOUNDARY, FORCE_INDEX)).ids).toEqual([]);
  });

  it("combines terms with OR, AND and NOT as without the index", async () => {
    for (const query of ["xmrig OR curl", "curl /bin/", "curl -shadow", "-curl"]) {
      const forced = await matchedWith(query, FORCE_INDEX);
      const without = await matchedWith(query, WITHOUT_INDEX);
      expect(forced.ids).toEqual(without.ids);
    }
  });

  it("indexes the free-text columns in FREE_TEXT_FIELDS order", async () => {
    const def = await pool().query<{ def: string }>("SELECT pg_get_indexdef($1::regclass) AS def", [INDEX]);
    expect(def.rows[0].def).toContain(SEARCH_TEXT_SQL);
    expect(def.rows[0].def).toContain("gin_trgm_ops");
  });
});
