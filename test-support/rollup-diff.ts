import { pool } from "../lib/db";
import { rollupKeySql } from "../lib/events/rollups";

/**
 * Rollup rows (hourly and daily, per hour or day and dimension key) whose count differs from the
 * tenant's raw events, or that exist on one side only: 0 when the rollups are exact.
 */
export async function rollupDiff(tenantId: string): Promise<number> {
  let diff = 0;
  for (const [table, unit] of [["event_rollups_hourly", "hour"], ["event_rollups_daily", "day"]] as const) {
    const { rows } = await pool().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (
         SELECT date_trunc('${unit}', occurred_at, 'UTC') AS t, ${rollupKeySql("e")} AS k, count(*) AS n FROM events e WHERE tenant_id = $1 GROUP BY 1, 2
       ) raw FULL JOIN (SELECT ${unit} AS t, dims_key AS k, count AS n FROM ${table} WHERE tenant_id = $1) r USING (t, k)
       WHERE raw.n IS DISTINCT FROM r.n`,
      [tenantId],
    );
    diff += rows[0].n;
  }
  return diff;
}
