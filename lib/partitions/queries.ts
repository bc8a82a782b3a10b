import type { Pool, PoolClient } from "pg";
import { pool } from "@/lib/db";

// The partitions of `events` as PostgreSQL knows them (weekly ranges of occurred_at and the
// default partition; docs/partitioning.md). Bounds are read back as timestamps, whatever the
// session's time zone.

export interface EventPartition {
  name: string;
  /** Null for the default partition. */
  from: Date | null;
  to: Date | null;
  /** The planner's row count (kept by ANALYZE): an estimate. */
  approximateRows: number;
  /** Table, indexes and TOAST. */
  bytes: number;
}

interface PartitionRow {
  name: string;
  from: Date | null;
  to: Date | null;
  rows: string;
  bytes: string;
}

/** Every partition of events, range partitions oldest first, the default one last. */
export async function listEventPartitions(db: Pool | PoolClient = pool()): Promise<EventPartition[]> {
  const res = await db.query<PartitionRow>(
    `SELECT c.relname AS name,
            (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \\(''([^'']+)''\\)'))[1]::timestamptz AS "from",
            (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \\(''([^'']+)''\\)'))[1]::timestamptz AS "to",
            greatest(c.reltuples, 0)::bigint AS rows, pg_total_relation_size(c.oid) AS bytes
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'events'::regclass
      ORDER BY 2 NULLS LAST`,
  );
  return res.rows.map((r) => ({ name: r.name, from: r.from, to: r.to, approximateRows: Number(r.rows), bytes: Number(r.bytes) }));
}

/** Events in the default partition: exact (it holds only times no weekly partition covers, so few). */
export async function countDefaultPartition(db: Pool | PoolClient = pool()): Promise<{ events: number; oldest: Date | null; newest: Date | null }> {
  const res = await db.query<{ n: string; oldest: Date | null; newest: Date | null }>(
    `SELECT count(*) AS n, min(occurred_at) AS oldest, max(occurred_at) AS newest FROM events_default`,
  );
  return { events: Number(res.rows[0].n), oldest: res.rows[0].oldest, newest: res.rows[0].newest };
}
