import { pool } from "@/lib/db";
import { listEventPartitions, type EventPartition } from "@/lib/partitions/queries";

// Retention by whole weeks: a weekly partition of events whose upper bound is at or before every
// tenant's cutoff is dropped instead of deleted row by row. A drop fires no trigger, so this does
// by hand what the batched delete (./expire.ts) and its triggers do:
//  1. In batches, while the week is still attached: the identity rows of its events (and with
//     them their rule_hits, by foreign key), payloads, issue memberships and assessments. An
//     identity is taken only while it still points into the week: a changed resend that moved
//     its event to another week keeps it. A resend of a gone identity meanwhile makes a new event
//     in the same week, which step 2 takes.
//  2. In one short transaction holding events in ACCESS EXCLUSIVE mode (under a lock timeout:
//     a busy table makes the drop wait for the next run): what arrived since step 1, the
//     partition itself, and the rollup rows of its hours and days. Partitions are bounded at
//     UTC midnights, so those rollup rows count exactly the partition's events.
// Lineage, issues, comments and the rest outlive their events as with the delete
// (docs/retention.md); process nodes are swept by the run afterwards.

const DROP_BATCH = 5000;

export interface DroppedPartition {
  name: string;
  from: Date;
  to: Date;
  /** Events it held, per tenant id (from the rollups it took along). */
  eventsByTenant: Map<string, number>;
  seconds: number;
  /** Of `seconds`, how long events was locked (step 2): ingest and searches waited that long. */
  lockedSeconds: number;
}

/** Dependent rows of the partition's events with id > $1 (at most $4 of them), while their identity points into [$2, $3). */
const releaseSql = (partition: string, limited: boolean) => `
  WITH ids AS (
    SELECT id FROM "${partition}" WHERE id > $1 ORDER BY id ${limited ? "LIMIT $4" : ""}
  ), gone AS (
    DELETE FROM event_identities i USING ids WHERE i.id = ids.id AND i.occurred_at >= $2 AND i.occurred_at < $3 RETURNING i.id
  ), arr AS (
    SELECT array_agg(id) AS ids FROM gone
  ), payloads AS (
    DELETE FROM event_payloads p WHERE p.event_id = ANY((SELECT ids FROM arr)::bigint[])
  ), memberships AS (
    DELETE FROM issue_events ie WHERE ie.event_id = ANY((SELECT ids FROM arr)::bigint[])
  ), assessments AS (
    DELETE FROM event_assessments a WHERE a.event_id = ANY((SELECT ids FROM arr)::bigint[])
  ), queued AS (
    DELETE FROM grouping_queue q WHERE q.event_id = ANY((SELECT ids FROM arr)::bigint[])
  )
  SELECT count(*)::int AS n, max(id)::text AS last FROM ids`;

const PARTITION_NAME = /^events_p\d{8}$/;

/** Drops one weekly partition as described above; null when its table was busy (the next run retries). */
export async function dropEventPartition(p: EventPartition, batchSize = DROP_BATCH): Promise<DroppedPartition | null> {
  if (!p.from || !p.to || !PARTITION_NAME.test(p.name)) throw new Error(`${p.name} is not a weekly partition of events`);
  const started = performance.now();
  // Events still queued for grouping wait for the drainer, as in the batched delete.
  const queued = await pool().query(`SELECT 1 FROM grouping_queue q JOIN "${p.name}" e ON e.id = q.event_id LIMIT 1`);
  if (queued.rowCount) return null;
  let last = "0";
  for (;;) {
    const res = await pool().query<{ n: number; last: string | null }>(releaseSql(p.name, true), [last, p.from, p.to, batchSize]);
    if (res.rows[0].n === 0 || res.rows[0].last === null) break;
    last = res.rows[0].last;
  }
  const client = await pool().connect();
  try {
    await client.query("BEGIN");
    await client.query("SET LOCAL lock_timeout = '5s'");
    const lockedAt = performance.now();
    try {
      await client.query(`LOCK TABLE events IN ACCESS EXCLUSIVE MODE`);
    } catch (err) {
      await client.query("ROLLBACK");
      if ((err as { code?: string }).code === "55P03") return null;
      throw err;
    }
    await client.query(releaseSql(p.name, false), [last, p.from, p.to]);
    await client.query(`DROP TABLE "${p.name}"`);
    await client.query(`DELETE FROM event_rollups_hourly WHERE hour >= $1 AND hour < $2`, [p.from, p.to]);
    const daily = await client.query<{ tenant_id: string; n: string }>(
      `WITH gone AS (DELETE FROM event_rollups_daily WHERE day >= $1 AND day < $2 RETURNING tenant_id, count)
       SELECT tenant_id, sum(count) AS n FROM gone GROUP BY tenant_id`,
      [p.from, p.to],
    );
    await client.query("COMMIT");
    const secondsSince = (t: number) => Math.round((performance.now() - t) / 10) / 100;
    return {
      name: p.name,
      from: p.from,
      to: p.to,
      eventsByTenant: new Map(daily.rows.map((r) => [r.tenant_id, Number(r.n)])),
      seconds: secondsSince(started),
      lockedSeconds: secondsSince(lockedAt),
    };
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** The weekly partitions wholly before `before` (every tenant's earliest cutoff), oldest first. */
export async function expiredPartitions(before: Date): Promise<EventPartition[]> {
  return (await listEventPartitions()).filter((p) => p.to !== null && p.to.getTime() <= before.getTime());
}

/** Drops every weekly partition wholly before `before`; answers those dropped. */
export async function dropExpiredPartitions(before: Date, batchSize?: number): Promise<DroppedPartition[]> {
  const dropped: DroppedPartition[] = [];
  for (const p of await expiredPartitions(before)) {
    const d = await dropEventPartition(p, batchSize);
    if (d) dropped.push(d);
  }
  return dropped;
}
