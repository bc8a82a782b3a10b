import { pool } from "@/lib/db";
import { withTransaction } from "@/lib/db/transaction";
import { groupEvents, pendingCandidateOf } from "./group-events";
import type { GroupableEvent } from "./fingerprint";
import type { Candidate } from "./plan-grouping";

// The drainer: groups the events ingest queued (grouping_queue) into issues, in transactions of
// its own, one drainer at a time per database, so concurrent ingest batches never wait on each
// other's grouping. Queue rows are deleted in the transaction that groups them: an event leaves
// the queue only in its issue. Run after every ingest batch, and by `issues backfill`.

/** Key of the transaction-level advisory lock that lets one drainer run at a time. */
const DRAIN_LOCK = 7_310_420_612;
const BATCH = 5000;

/** A queued event as grouping reads it: the columns a GroupableEvent names (null when the event is gone). */
type QueuedRow = GroupableEvent & { eventId: string; tenantId: string; actor: string; occurredAt: Date | null; agentId: string | null; agentKey: string | null };

/** A stored event as grouping sees it, or null when it does not (or no longer) deserve an issue. */
function candidateOf(r: QueuedRow): Candidate | null {
  if (!r.occurredAt) return null;
  const c = pendingCandidateOf({ ...r, occurredAt: r.occurredAt.toISOString() }, r.agentKey ?? "");
  return c ? { ...c, eventId: String(r.eventId), agentId: r.agentId } : null;
}

/** Drains the queue; answers how many queued events it took (grouped, or found not to need it). */
export async function drainGroupingQueue(): Promise<number> {
  let taken = 0;
  for (;;) {
    const n = await withTransaction(async (client) => {
      await client.query(`SELECT pg_advisory_xact_lock($1)`, [DRAIN_LOCK]);
      const res = await client.query<QueuedRow>(
        `SELECT q.event_id AS "eventId", q.tenant_id AS "tenantId", q.actor, e.occurred_at AS "occurredAt", e.kind, e.type,
                e.severity, e.source_format AS "sourceFormat", e.policy_name AS "policyName", e.flags, e.cluster, e.namespace,
                e.pod, e.repository, e.workflow, e.domain, e.dns_names AS "dnsNames", e.remote_address AS "remoteAddress", e.remote_name AS "remoteName",
                e.file_path AS "filePath", e.process_exe AS "processExe", e.agent_id AS "agentId", a.external_key AS "agentKey"
           FROM (SELECT * FROM grouping_queue ORDER BY event_id LIMIT ${BATCH}) q
           LEFT JOIN events e ON e.id = q.event_id
           LEFT JOIN agents a ON a.id = e.agent_id`,
      );
      if (res.rows.length === 0) return 0;
      const now = new Date().toISOString();
      const groups = new Map<string, { tenantId: string; actor: string; candidates: Candidate[] }>();
      for (const r of res.rows) {
        const c = candidateOf(r);
        if (!c) continue;
        const key = `${r.tenantId}\u0000${r.actor}`;
        const g = groups.get(key) ?? { tenantId: r.tenantId, actor: r.actor, candidates: [] };
        g.candidates.push(c);
        groups.set(key, g);
      }
      for (const g of groups.values()) {
        await groupEvents(client, { tenantId: g.tenantId, actor: g.actor, now }, g.candidates);
      }
      await client.query(`DELETE FROM grouping_queue WHERE event_id = ANY($1::bigint[])`, [res.rows.map((r) => r.eventId)]);
      return res.rows.length;
    });
    taken += n;
    if (n < BATCH) return taken;
  }
}

let running: Promise<number> | null = null;
let again = false;

/**
 * Drains the queue for a batch that just committed. Batches of this process share one drain
 * loop: a batch that arrives while it runs makes it go round once more (so its events are
 * grouped when the promise settles) instead of queueing for the lock behind it.
 */
export function drainSoon(): Promise<number> {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    let taken = 0;
    try {
      do {
        again = false;
        taken += await drainGroupingQueue();
      } while (again);
      return taken;
    } finally {
      running = null;
    }
  })();
  return running;
}

/**
 * One-off: queues the stored events that are in no issue yet (events ingested with
 * VIGIL_GROUP_AT_INGEST=false, or before grouping existed) and drains the queue. Idempotent.
 */
export async function backfillIssues(opts: { tenantId?: string } = {}): Promise<{ queued: number; grouped: number }> {
  const queued = await pool().query(
    `INSERT INTO grouping_queue (event_id, tenant_id, actor)
     SELECT e.id, e.tenant_id, 'system:backfill' FROM events e
      WHERE ($1::uuid IS NULL OR e.tenant_id = $1)
        AND NOT EXISTS (SELECT 1 FROM issue_events ie WHERE ie.event_id = e.id)
     ORDER BY e.occurred_at, e.id
     ON CONFLICT (event_id) DO NOTHING`,
    [opts.tenantId ?? null],
  );
  const before = await linkedCount(opts.tenantId);
  await drainGroupingQueue();
  return { queued: queued.rowCount ?? 0, grouped: (await linkedCount(opts.tenantId)) - before };
}

async function linkedCount(tenantId: string | undefined): Promise<number> {
  const res = await pool().query<{ n: string }>(`SELECT count(*) AS n FROM issue_events WHERE $1::uuid IS NULL OR tenant_id = $1`, [tenantId ?? null]);
  return Number(res.rows[0].n);
}
