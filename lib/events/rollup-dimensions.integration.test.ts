import { describe, expect, it } from "vitest";
import { withTestDatabase } from "../../test-support/test-db";
import { pool } from "../db";
import { ROLLUP_COLUMNS } from "./rollups";

withTestDatabase();

// fields.ts (`rollup: true`) is the one list of rollup dimensions, in the order of the rollup key.
// The trigger functions that maintain the rollups repeat it in SQL, migration after migration:
// this reads the functions as the migrations left them and compares every list in them with it.

async function functionSource(name: string): Promise<string> {
  const { rows } = await pool().query<{ src: string }>("SELECT pg_get_functiondef($1::regproc) AS src", [name]);
  return rows[0].src;
}

const list = (text: string, prefix: string | RegExp = "") =>
  text.split(",").map((c) => c.trim().replace(prefix, "")).filter(Boolean);

/** The columns between `dims_key,` and `, count` of an INSERT INTO `table` (…) column list. */
function insertColumns(src: string, table: string): string[][] {
  const re = new RegExp(`INSERT INTO ${table}(?: AS r)? \\(tenant_id, (?:hour|day|%1\\$s), dims_key, ([^)]*?),\\s*count\\)`, "g");
  return [...src.matchAll(re)].map((m) => list(m[1]));
}

describe("rollup dimensions", () => {
  it("the insert trigger keys, groups and writes exactly the dimensions of fields.ts, in order", async () => {
    const src = await functionSource("events_rollup_insert_apply");
    const key = /md5\(ROW\(([^)]*)\)::text\)::uuid/.exec(src);
    expect(key && list(key[1], /^n\./)).toEqual([...ROLLUP_COLUMNS]);
    const groupBy = /GROUP BY tenant_id, 2, 3, ([^)]*?)\s*\), hourly/s.exec(src);
    expect(groupBy && list(groupBy[1])).toEqual([...ROLLUP_COLUMNS]);
    expect(insertColumns(src, "event_rollups_hourly")).toEqual([[...ROLLUP_COLUMNS]]);
    expect(insertColumns(src, "event_rollups_daily")).toEqual([[...ROLLUP_COLUMNS]]);
  });

  it("the update and delete trigger keys and moves exactly the same dimensions", async () => {
    const src = await functionSource("events_rollup_apply");
    const key = /key_of text := 'md5\(ROW\(([^)]*)\)::text\)::uuid'/.exec(src);
    expect(key && list(key[1], /^%1\$s\./)).toEqual([...ROLLUP_COLUMNS]);
    const dims = /dims text := '([^']*)'/.exec(src);
    expect(dims && list(dims[1])).toEqual([...ROLLUP_COLUMNS]);
  });

  it("the triggers on events call those functions", async () => {
    const { rows } = await pool().query<{ tgname: string; fn: string }>(
      `SELECT t.tgname, p.proname AS fn FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
        WHERE t.tgrelid = 'events'::regclass AND t.tgname LIKE 'events_rollup_%' ORDER BY 1`,
    );
    expect(rows).toEqual([
      { tgname: "events_rollup_delete", fn: "events_rollup_apply" },
      { tgname: "events_rollup_insert", fn: "events_rollup_insert_apply" },
      { tgname: "events_rollup_update", fn: "events_rollup_apply" },
    ]);
  });

  it("both rollup tables have a column for each, of the events column's type, and no other dimension", async () => {
    const { rows } = await pool().query<{ table_name: string; column_name: string; data_type: string }>(
      `SELECT table_name, column_name, data_type FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name IN ('events', 'event_rollups_hourly', 'event_rollups_daily')`,
    );
    const typeOf = (table: string, column: string) => rows.find((r) => r.table_name === table && r.column_name === column)?.data_type;
    for (const table of ["event_rollups_hourly", "event_rollups_daily"]) {
      const dims = rows.filter((r) => r.table_name === table && !["tenant_id", "hour", "day", "dims_key", "count"].includes(r.column_name));
      expect(dims.map((r) => r.column_name).sort()).toEqual([...ROLLUP_COLUMNS].sort());
      for (const c of ROLLUP_COLUMNS) expect(typeOf(table, c), `${table}.${c}`).toBe(typeOf("events", c));
    }
  });
});
