import { pool } from "@/lib/db";
import { withSessionLock } from "@/lib/db/session-lock";
import { listEventPartitions } from "./queries";

// Partition maintenance: the weekly partitions of events are created ahead of time, at start-up
// and on the hourly maintenance schedule (lib/retention/schedule.ts), once across processes. The
// SQL function ensure_event_partitions (migration 20261206000000_events_partitioned) builds each
// missing week apart, moves that week's rows out of the default partition, and attaches it.

/** Key of the session-level advisory lock one partition maintenance run holds. */
export const PARTITION_LOCK = 7_310_420_621;
/** Weeks created ahead of the current one. */
export const WEEKS_AHEAD = 4;
const WEEK_MS = 7 * 86_400_000;

export interface EnsureResult {
  /** False when another process was doing it: this call did nothing. */
  ran: boolean;
  /** Partitions created. */
  created: number;
  from: Date;
  to: Date;
}

/**
 * Makes sure every week from the oldest weekly partition (or last week, on a database without
 * one) through `weeksAhead` weeks after `now` has its partition.
 */
export async function ensureEventPartitions(opts: { now?: Date; weeksAhead?: number } = {}): Promise<EnsureResult> {
  const now = opts.now ?? new Date();
  const to = new Date(now.getTime() + (opts.weeksAhead ?? WEEKS_AHEAD) * WEEK_MS);
  const run = await withSessionLock(PARTITION_LOCK, async () => {
    const oldest = (await listEventPartitions()).find((p) => p.from !== null)?.from;
    const weekAgo = new Date(now.getTime() - WEEK_MS);
    const from = oldest && oldest < weekAgo ? oldest : weekAgo;
    const client = await pool().connect();
    try {
      // Attaching waits for no reader or writer of events, but it does wait for DDL; never queue behind it for long.
      await client.query("BEGIN");
      await client.query("SET LOCAL lock_timeout = '10s'");
      const res = await client.query<{ n: number }>(`SELECT ensure_event_partitions($1, $2) AS n`, [from, to]);
      await client.query("COMMIT");
      return { created: res.rows[0].n, from };
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  });
  return run.ran ? { ran: true, created: run.value.created, from: run.value.from, to } : { ran: false, created: 0, from: now, to };
}
