import type { Pool, PoolClient } from "pg";
import { deservesIssue, type GroupableEvent } from "@/lib/issues/fingerprint";
import { writeLineage } from "@/lib/lineage/write";
import { applyMatches, type RuleMatch } from "./engine";
import type { RuleEventType } from "./event-model";
import { ruleEventTypeCandidatesSql } from "./map-event";
import { recordRuleHits } from "./record-hits";
import { ANCESTRY_COLUMNS, type AncestrySubject } from "./process-ancestry";
import { RULE_SOURCE_COLUMNS } from "./stored-events";

// The SQL of a retro-hunt: the window read in keyset pages, newest first (the order of the
// events_tenant_id_occurred_at_id_idx index), only the rows that can be of the rule's event type
// and only the columns lib/rules/map-event.ts reads;
// and what a page's matches do to their events, exactly what ingest does to a new event
// (applyMatches), set-based, in the page's transaction.

type Queryable = Pick<Pool, "query"> | PoolClient;

/** A stored event as the mapping reads it, with its place in the scan. */
export type ScannedEvent = AncestrySubject & { id: string; occurredAt: Date };

export interface ScanCursor {
  occurredAt: Date;
  id: string;
}

/**
 * One page of the window [from, to) of a tenant, newer first, strictly after the cursor (where the
 * previous page ended), of the events that can be of the rule's event type. The tenant is hidden
 * from the planner, as ingest does it (see lib/ingest/write-events.ts): a tenant newer than the
 * statistics must still get the range scan.
 */
function scanSql(eventType: RuleEventType): string {
  return `SELECT e.id::text AS id, e.occurred_at AS "occurredAt", ${RULE_SOURCE_COLUMNS}, ${ANCESTRY_COLUMNS}
  FROM events e
 WHERE e.tenant_id = (SELECT $1::uuid) AND e.occurred_at >= $2 AND (e.occurred_at, e.id) < ($3::timestamptz, $4::bigint)
   AND (${ruleEventTypeCandidatesSql(eventType)})
 ORDER BY e.occurred_at DESC, e.id DESC
 LIMIT $5`;
}

export interface HuntWindow {
  tenantId: string;
  from: Date;
  to: Date;
  eventType: RuleEventType;
}

export async function scanPage(db: Queryable, window: HuntWindow, cursor: ScanCursor | null, limit: number): Promise<ScannedEvent[]> {
  // No cursor yet: everything before `to` (ids are positive).
  const res = await db.query<ScannedEvent>(scanSql(window.eventType), [window.tenantId, window.from, cursor?.occurredAt ?? window.to, cursor?.id ?? "0", limit]);
  return res.rows;
}

/** Events in the window: what the progress counts against. */
export async function countWindow(client: PoolClient, window: Omit<HuntWindow, "eventType">): Promise<number> {
  const res = await client.query<{ n: string }>(
    `SELECT count(*) AS n FROM events WHERE tenant_id = (SELECT $1::uuid) AND occurred_at >= $2 AND occurred_at < $3`,
    [window.tenantId, window.from, window.to],
  );
  return Number(res.rows[0].n);
}

type LockedEvent = GroupableEvent & { id: string };

const LOCK_SQL = `SELECT id::text AS id, kind, type, severity, source_format AS "sourceFormat", policy_name AS "policyName", flags, cluster,
       namespace, pod, repository, workflow, domain, dns_names AS "dnsNames", remote_address AS "remoteAddress",
       remote_name AS "remoteName", file_path AS "filePath", process_exe AS "processExe"
  FROM events WHERE tenant_id = $1 AND id = ANY($2::bigint[]) ORDER BY id FOR UPDATE`;

const UPDATE_SQL = `UPDATE events e SET kind = u.kind, severity = u.severity, flags = u.flags, updated_at = $3
  FROM jsonb_to_recordset($2::jsonb) AS u(id bigint, kind text, severity text, flags text[])
 WHERE e.tenant_id = $1 AND e.id = u.id`;

const QUEUE_SQL = `INSERT INTO grouping_queue (event_id, tenant_id, actor)
SELECT q.id, $1, $3 FROM unnest($2::bigint[]) AS q(id)
 WHERE NOT EXISTS (SELECT 1 FROM issue_events ie WHERE ie.event_id = q.id)
 ORDER BY q.id
ON CONFLICT (event_id) DO NOTHING`;

export interface AppliedPage {
  /** Events whose flags, kind or severity the match changed. */
  tagged: number;
  /** Events queued for grouping into issues (detections now, in no issue yet). */
  queued: number;
}

/**
 * Applies one rule's match to matched events of a page, inside the caller's transaction: each
 * event re-read under a row lock (ingest or triage may have changed it since the scan), changed
 * as applyMatches says, with an "updated" lineage entry; its hit recorded (an event hit at
 * ingest already has its row: ON CONFLICT keeps it from counting twice); and, when ingest
 * groups events into issues, a new detection queued for grouping as ingest queues it.
 */
export async function applyRuleMatch(
  client: PoolClient,
  hunt: { tenantId: string; id: string; actor: string; groupIntoIssues: boolean },
  match: RuleMatch,
  eventIds: string[],
  now: string,
): Promise<AppliedPage> {
  if (eventIds.length === 0) return { tagged: 0, queued: 0 };
  const locked = await client.query<LockedEvent>(LOCK_SQL, [hunt.tenantId, eventIds]);
  const changed: { before: LockedEvent; after: LockedEvent }[] = [];
  for (const row of locked.rows) {
    const after = applyMatches(row, [match]);
    // applyMatches only adds flags: the same length is the same set.
    if (after.kind !== row.kind || after.severity !== row.severity || after.flags.length !== row.flags.length) changed.push({ before: row, after });
  }
  if (changed.length > 0) {
    await client.query(UPDATE_SQL, [
      hunt.tenantId,
      JSON.stringify(changed.map(({ after }) => ({ id: after.id, kind: after.kind, severity: after.severity, flags: after.flags }))),
      now,
    ]);
    await writeLineage(
      client,
      hunt.tenantId,
      changed.map(({ before, after }) => {
        const fields = (["kind", "severity", "flags"] as const).filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]));
        const pick = (e: LockedEvent) => Object.fromEntries(fields.map((f) => [f, e[f]]));
        return {
          subjectType: "event",
          subjectId: after.id,
          action: "updated",
          actor: hunt.actor,
          details: { changed: fields, before: pick(before), after: pick(after), cause: "retro-hunt", retroHuntId: hunt.id, ruleId: match.id },
        };
      }),
    );
  }
  await recordRuleHits(client, hunt.tenantId, now, locked.rows.map((r) => ({ eventId: r.id, ruleId: match.id, action: match.action })));
  const toGroup = hunt.groupIntoIssues ? changed.filter(({ after }) => deservesIssue(after)).map(({ after }) => after.id) : [];
  const queued = toGroup.length > 0 ? ((await client.query(QUEUE_SQL, [hunt.tenantId, toGroup, hunt.actor])).rowCount ?? 0) : 0;
  return { tagged: changed.length, queued };
}

/**
 * Events of the window the scan has passed from `upper` (exclusive; null: the window's end) down
 * to `lower` (inclusive; null: the window's start), whatever their type: the progress, counted on
 * the index alone.
 */
export async function countPassed(client: PoolClient, window: HuntWindow, upper: ScanCursor | null, lower: ScanCursor | null): Promise<number> {
  // Two statements rather than an OR, so that both bounds are index conditions.
  const bottom = lower ? "(occurred_at, id) >= ($5::timestamptz, $6::bigint)" : "occurred_at >= $2";
  const values = [window.tenantId, window.from, upper?.occurredAt ?? window.to, upper?.id ?? "0", ...(lower ? [lower.occurredAt, lower.id] : [])];
  const res = await client.query<{ n: string }>(
    `SELECT count(*) AS n FROM events
      WHERE tenant_id = (SELECT $1::uuid) AND occurred_at >= $2 AND (occurred_at, id) < ($3::timestamptz, $4::bigint) AND ${bottom}`,
    values,
  );
  return Number(res.rows[0].n);
}
