import { pool } from "@/lib/db";
import { listEventPartitions, type EventPartition } from "@/lib/partitions/queries";

// Retention by whole weeks: a weekly partition of events whose upper bound is at or before every
// tenant's cutoff is dropped instead of deleted row by row. A drop fires no trigger, so this does
// by hand what the batched delete (./expire.ts) and its triggers do:
//  1. In batches, while the week is still attached: the identity rows of its events (and with
//     them their rule_hits, by foreign key), payloads, issue memberships and assessments. An
//     identity is taken only while it still points into the week: a changed resend that moved
//     its event to another week keeps it. An identity an ingest holds is skipped, not waited for
//     (it locks identities in key order, this in id order), and so is an event waiting in the
//     grouping queue (the drainer could link it to an issue after this): both are left to step 2. A resend of a
//     gone identity meanwhile makes a new event in the same week, which step 2 takes too.
//  2. In one short transaction holding events in ACCESS EXCLUSIVE mode (under a lock timeout:
//     a busy table makes the drop wait for the next run; no ingest or drainer is midway then, as
//     both lock events before the rest): what step 1 skipped or arrived since, the
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

/**
 * Dependent rows of the partition's events with id > $1 (at most $4 of them; null: all) or in $5, while
 * their identity points into [$2, $3). In step 1 identities another transaction holds (an ingest
 * resending the event) are skipped, not waited for, and named in `missed` for step 2, which
 * holds events exclusively and so waits for no ingest.
 */
const releaseSql = (partition: string, step: 1 | 2) => `
  WITH ids AS (
    SELECT id FROM "${partition}" WHERE id > $1 OR id = ANY($5::bigint[]) ORDER BY id LIMIT $4
  ), locked AS (
    SELECT i.id FROM event_identities i JOIN ids ON ids.id = i.id
     WHERE i.occurred_at >= $2 AND i.occurred_at < $3
       ${step === 1 ? "AND NOT EXISTS (SELECT 1 FROM grouping_queue q WHERE q.event_id = i.id)" : ""}
     ORDER BY i.id FOR UPDATE OF i ${step === 1 ? "SKIP LOCKED" : ""}
  ), gone AS (
    DELETE FROM event_identities i USING locked WHERE i.id = locked.id RETURNING i.id
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
  SELECT count(*)::int AS n, max(id)::text AS last,
         coalesce(array_agg(id::text) FILTER (WHERE id NOT IN (SELECT id FROM gone)), '{}') AS missed
    FROM ids`;

const PARTITION_NAME = /^events_p\d{8}$/;

/** Drops one weekly partition as described above; null when its table was busy (the next run retries). */
export async function dropEventPartition(p: EventPartition, batchSize = DROP_BATCH): Promise<DroppedPartition | null> {
  if (!p.from || !p.to || !PARTITION_NAME.test(p.name)) throw new Error(`${p.name} is not a weekly partition of events`);
  const started = performance.now();
  let last = "0";
  const missed: string[] = [];
  for (;;) {
    const res = await pool().query<{ n: number; last: string | null; missed: string[] }>(releaseSql(p.name, 1), [last, p.from, p.to, batchSize, []]);
    if (res.rows[0].n === 0 || res.rows[0].last === null) break;
    last = res.rows[0].last;
    missed.push(...res.rows[0].missed);
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
    await client.query(releaseSql(p.name, 2), [last, p.from, p.to, null, missed]);
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
