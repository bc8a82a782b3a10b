import { pool } from "@/lib/db";

// Expiry of one tenant's events older than its retention, in bounded batches: each batch takes
// the oldest EXPIRE_BATCH events past the cutoff (by occurred_at, then id, off the tenant's time
// index) and removes them with what belongs to them alone, in one statement and so one
// transaction. What outlives an event (lineage, issues and their counts, comments, rule hit
// counts per day, ids kept as labels) is listed in docs/retention.md.
//
// Events are partitioned by week (docs/partitioning.md): a week wholly past every tenant's cutoff
// is dropped whole (./drop-partitions.ts), and this delete leaves alone the weeks that such a drop
// will take (`leave`), so that their rows are not deleted one by one first.

/** Events per batch: one statement, one transaction, a few hundred ms of locks at most. */
export const EXPIRE_BATCH = 5000;
/** Process node ids per sweep statement (a range of the primary key). */
export const NODE_SWEEP_RANGE = 50_000;

// The tenant's events in [from, to), oldest first. Each event's identity row is locked first, and
// rows another transaction holds (an ingest re-sending an old event, which takes the identity and
// then the event) are skipped, not waited for, so the two cannot deadlock; so are events still
// waiting in the grouping queue: the drainer could otherwise link one to its issue after it is
// gone. Both are taken by a later batch or run. rule_hits go by their foreign key to
// event_identities (ON DELETE CASCADE); the rollups by the events' statement-level delete
// trigger, in this same statement. The other tables are probed by primary key with `= ANY(ids)`:
// a join with the CTE was planned as a sequential scan of issue_events (190 ms of a 920 ms
// batch on 1M events).
const EXPIRE_BATCH_SQL = `
  WITH candidates AS (
    SELECT e.id, e.occurred_at FROM events e
     WHERE e.tenant_id = $1 AND e.occurred_at >= $2 AND e.occurred_at < $3
       AND NOT EXISTS (SELECT 1 FROM grouping_queue q WHERE q.event_id = e.id)
     ORDER BY e.occurred_at, e.id
     LIMIT $4
  ), batch AS (
    SELECT c.id, c.occurred_at FROM candidates c JOIN event_identities i ON i.id = c.id AND i.tenant_id = $1
       FOR UPDATE OF i SKIP LOCKED
  ), gone AS (
    DELETE FROM events e USING batch b
     WHERE e.id = b.id AND e.occurred_at = b.occurred_at AND e.tenant_id = $1 RETURNING e.id, e.occurred_at
  ), ids AS (
    SELECT array_agg(id) AS ids FROM gone
  ), identities AS (
    DELETE FROM event_identities i WHERE i.id = ANY((SELECT ids FROM ids)::bigint[]) AND i.tenant_id = $1
  ), payloads AS (
    DELETE FROM event_payloads p WHERE p.event_id = ANY((SELECT ids FROM ids)::bigint[]) AND p.tenant_id = $1
  ), memberships AS (
    DELETE FROM issue_events ie WHERE ie.event_id = ANY((SELECT ids FROM ids)::bigint[]) AND ie.tenant_id = $1
  ), assessments AS (
    DELETE FROM event_assessments a WHERE a.event_id = ANY((SELECT ids FROM ids)::bigint[]) AND a.tenant_id = $1
  )
  SELECT count(*)::int AS n, max(occurred_at) AS newest FROM gone`;

/** A range of occurred_at; `from` null: from the beginning of time. */
export interface TimeRange {
  from: Date | null;
  to: Date;
}

const isRetryable = (err: unknown) => ["40P01", "40001"].includes((err as { code?: string }).code ?? "");

export interface BatchResult {
  /** Events removed by the batch. */
  removed: number;
  /** The newest occurred_at among them (null when none). */
  newest: Date | null;
}

/** Removes one batch of the tenant's events in `range`, in its own transaction; a deadlock with ingest is retried. */
export async function expireBatch(tenantId: string, range: TimeRange, limit = EXPIRE_BATCH): Promise<BatchResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await pool().query<{ n: number; newest: Date | null }>(EXPIRE_BATCH_SQL, [tenantId, range.from ?? "-infinity", range.to, limit]);
      return { removed: res.rows[0].n, newest: res.rows[0].newest };
    } catch (err) {
      if (isRetryable(err) && attempt < 4) continue;
      throw err;
    }
  }
}

export interface TenantExpiry {
  removed: number;
  batches: number;
}

/**
 * The ranges a tenant's expiry deletes: everything before `cutoff`, except `leave` (the weeks
 * that partition drops will take).
 */
export function expiryRanges(cutoff: Date, leave: TimeRange | null): TimeRange[] {
  if (!leave || leave.from === null) return [{ from: null, to: cutoff }];
  const ranges: TimeRange[] = [{ from: null, to: cutoff < leave.from ? cutoff : leave.from }];
  if (cutoff > leave.to) ranges.push({ from: leave.to, to: cutoff });
  return ranges;
}

/**
 * Expires the tenant's events before `cutoff` (but those in `leave`), batch after batch, until a
 * batch comes back short (nothing left, or only rows that are busy now). `afterBatch` runs after
 * each committed batch.
 */
export async function expireTenantEvents(
  tenantId: string,
  cutoff: Date,
  opts: { batchSize?: number; leave?: TimeRange | null; afterBatch?: (batch: BatchResult) => Promise<void> | void } = {},
): Promise<TenantExpiry> {
  const limit = opts.batchSize ?? EXPIRE_BATCH;
  const out: TenantExpiry = { removed: 0, batches: 0 };
  for (const range of expiryRanges(cutoff, opts.leave ?? null)) {
    for (;;) {
      const batch = await expireBatch(tenantId, range, limit);
      if (batch.removed === 0) break;
      out.removed += batch.removed;
      out.batches += 1;
      await opts.afterBatch?.(batch);
      if (batch.removed < limit) break;
    }
  }
  return out;
}

/**
 * Removes the process nodes that no remaining event names: a node's last_seen_at is the newest
 * occurred_at of the events that named it (itself, parent or ancestor), so a node last seen
 * before its tenant's cutoff was named only by expired events. One pass over the table for every
 * tenant of the run, by ranges of its primary key (no index on last_seen_at: ingest updates it on
 * every event and an index would cost those updates their HOT path). Answers how many went.
 */
export async function sweepProcessNodes(cutoffs: { tenantId: string; cutoff: Date }[], range = NODE_SWEEP_RANGE): Promise<number> {
  if (cutoffs.length === 0) return 0;
  const bounds = await pool().query<{ lo: string | null; hi: string | null }>(`SELECT min(id)::text AS lo, max(id)::text AS hi FROM process_nodes`);
  if (bounds.rows[0].lo === null || bounds.rows[0].hi === null) return 0;
  const hi = BigInt(bounds.rows[0].hi);
  let removed = 0;
  for (let lo = BigInt(bounds.rows[0].lo); lo <= hi; lo += BigInt(range)) {
    const res = await pool().query(
      `DELETE FROM process_nodes p
        USING unnest($1::uuid[], $2::timestamptz[]) AS c(tenant_id, cutoff)
        WHERE p.id >= $3 AND p.id < $4 AND p.tenant_id = c.tenant_id AND p.last_seen_at < c.cutoff`,
      [cutoffs.map((c) => c.tenantId), cutoffs.map((c) => c.cutoff), lo.toString(), (lo + BigInt(range)).toString()],
    );
    removed += res.rowCount ?? 0;
  }
  return removed;
}

/** How many of the tenant's events are before `cutoff` (a dry run's answer; exact, off the time index). */
export async function countExpired(tenantId: string, cutoff: Date): Promise<number> {
  const res = await pool().query<{ n: string }>(`SELECT count(*) AS n FROM events WHERE tenant_id = $1 AND occurred_at < $2`, [tenantId, cutoff]);
  return Number(res.rows[0].n);
}
