import type { PoolClient } from "pg";
import { lineageInsertFrom } from "@/lib/lineage/write";
import { deservesIssue, fingerprintOf, severityRank, type GroupableEvent } from "./fingerprint";
import { planGrouping, type Candidate, type CurrentIssue, type GroupingPlan } from "./plan-grouping";

// Grouping a set of stored events into issues, set-based: three to four statements whatever
// their number. The drainer (lib/issues/drain.ts) runs it on queued events. A transaction-level
// advisory lock per fingerprint, taken in one order, serialises it against anything else that
// changes which issue of a fingerprint takes events (reopening one).

export interface GroupingBatch {
  tenantId: string;
  actor: string;
  now: string;
}

/** What grouping needs of an event that deserves an issue, before it has an id. */
export type PendingCandidate = Omit<Candidate, "eventId" | "agentId">;

/** The issue part of an event, or null when it does not deserve one (see deservesIssue). */
export function pendingCandidateOf(e: GroupableEvent & { occurredAt: string }, agentKey: string): PendingCandidate | null {
  if (!deservesIssue(e)) return null;
  return { ...fingerprintOf(e, agentKey), occurredAt: e.occurredAt, severityRank: severityRank(e.severity), type: e.type, kind: e.kind };
}

/**
 * Groups stored events into issues. An event already in an issue (an update queued again, a
 * backfill racing an ingest) is skipped, so no event ever counts twice.
 */
export async function groupEvents(client: PoolClient, batch: GroupingBatch, all: Candidate[]): Promise<GroupingPlan | null> {
  if (all.length === 0) return null;
  const linked = await client.query<{ event_id: string }>(`SELECT event_id FROM issue_events WHERE event_id = ANY($1::bigint[])`, [
    all.map((c) => c.eventId),
  ]);
  const already = new Set(linked.rows.map((r) => String(r.event_id)));
  const candidates = all.filter((c) => !already.has(c.eventId));
  if (candidates.length === 0) return null;

  const fingerprints = [...new Set(candidates.map((c) => c.fingerprint))].sort();
  const locked = await client.query<{ window_minutes: number }>(
    `SELECT (SELECT grouping_window_minutes FROM tenants WHERE id = $1) AS window_minutes,
            count(pg_advisory_xact_lock(hashtextextended($1::text || k, 7))) FROM unnest($2::text[]) AS k`,
    [batch.tenantId, fingerprints],
  );
  // A new statement, so a new snapshot: it sees what batches that held these locks committed.
  const current = await client.query<{ id: string; fingerprint: string; last_seen_at: Date }>(
    `SELECT id, fingerprint, last_seen_at FROM issues WHERE tenant_id = $1 AND accepts_events AND fingerprint = ANY($2::text[])`,
    [batch.tenantId, fingerprints],
  );
  const plan = planGrouping(
    candidates,
    current.rows.map((r): CurrentIssue => ({ id: String(r.id), fingerprint: r.fingerprint, lastSeenAt: r.last_seen_at.toISOString() })),
    (locked.rows[0]?.window_minutes ?? 1440) * 60_000,
  );
  if (plan.superseded.length > 0) {
    await client.query(`UPDATE issues SET accepts_events = false WHERE tenant_id = $1 AND id = ANY($2::bigint[])`, [batch.tenantId, plan.superseded]);
  }
  await client.query(WRITE_GROUPING_SQL, [
    batch.tenantId,
    JSON.stringify(plan.newIssues.map(newIssueRow)),
    JSON.stringify(plan.links),
    JSON.stringify(plan.existing),
    batch.now,
    batch.actor,
  ]);
  return plan;
}

function newIssueRow(p: GroupingPlan["newIssues"][number]) {
  const c = p.candidate;
  const w = c.where;
  return {
    fingerprint: c.fingerprint,
    acceptsEvents: p.acceptsEvents,
    type: c.type,
    kind: c.kind,
    title: c.title,
    whereKind: w.kind,
    agentId: w.kind === "agent" ? c.agentId : null,
    cluster: w.kind === "workload" ? w.cluster : null,
    namespace: w.kind === "workload" ? w.namespace : null,
    workload: w.kind === "workload" ? w.workload : null,
    repository: w.kind === "cicd" ? w.repository : null,
    workflow: w.kind === "cicd" ? w.workflow : null,
    destination: c.destination?.value ?? null,
    destinationKind: c.destination?.kind ?? null,
    eventSeverity: p.severity,
    firstSeenAt: p.firstSeenAt,
    lastSeenAt: p.lastSeenAt,
    eventCount: p.eventCount,
    agentCount: p.agentIds.length,
    firstEventId: p.openerId,
  };
}

// New issues arrive with their final counts; existing ones add the batch's, and turn
// partiallyAcknowledged when an acknowledged issue receives events. Agents already counted for
// an issue are skipped by issue_agents' key.
const WRITE_GROUPING_SQL = `WITH new_issues AS (
    INSERT INTO issues (tenant_id, fingerprint, accepts_events, type, kind, title, where_kind, agent_id, cluster, namespace,
                        workload, repository, workflow, destination, destination_kind, event_severity, first_seen_at,
                        last_seen_at, event_count, agent_count, first_event_id, created_at, updated_at)
    SELECT $1, g.*, $5::timestamptz, $5::timestamptz
      FROM jsonb_to_recordset($2::jsonb) AS g("fingerprint" text, "acceptsEvents" boolean, "type" text, "kind" text, "title" text,
           "whereKind" text, "agentId" uuid, "cluster" text, "namespace" text, "workload" text, "repository" text, "workflow" text,
           "destination" text, "destinationKind" text, "eventSeverity" text, "firstSeenAt" timestamptz, "lastSeenAt" timestamptz,
           "eventCount" bigint, "agentCount" int, "firstEventId" bigint)
    RETURNING id, first_event_id, title, type, event_severity
  ), links AS (
    INSERT INTO issue_events (event_id, tenant_id, issue_id, occurred_at, severity_rank, agent_id)
    SELECT l."eventId", $1, coalesce(l."issueId", ni.id), l."occurredAt", l."severityRank", l."agentId"
      FROM jsonb_to_recordset($3::jsonb) AS l("eventId" bigint, "issueId" bigint, "openerId" bigint, "occurredAt" timestamptz,
           "severityRank" int, "agentId" uuid)
      LEFT JOIN new_issues ni ON ni.first_event_id = l."openerId"
     ORDER BY 1
    ON CONFLICT (event_id) DO NOTHING
    RETURNING issue_id, agent_id
  ), new_agents AS (
    INSERT INTO issue_agents (issue_id, agent_id)
    SELECT DISTINCT issue_id, agent_id FROM links WHERE agent_id IS NOT NULL ORDER BY 1, 2
    ON CONFLICT DO NOTHING
    RETURNING issue_id
  ), bumped AS (
    UPDATE issues i SET
      event_count = i.event_count + d."eventCount",
      first_seen_at = least(i.first_seen_at, d."firstSeenAt"),
      last_seen_at = greatest(i.last_seen_at, d."lastSeenAt"),
      event_severity = CASE WHEN d."severityRank" > severity_rank(i.event_severity)
                            THEN (ARRAY['low', 'medium', 'high', 'critical'])[d."severityRank"] ELSE i.event_severity END,
      agent_count = i.agent_count + (SELECT count(*) FROM new_agents na WHERE na.issue_id = i.id),
      flags = CASE WHEN i.flags @> '{acknowledged}' AND NOT i.flags @> '{partiallyAcknowledged}'
                   THEN ARRAY(SELECT f FROM unnest(array_append(i.flags, 'partiallyAcknowledged')) AS f ORDER BY f) ELSE i.flags END,
      updated_at = $5::timestamptz
      FROM jsonb_to_recordset($4::jsonb) AS d("issueId" bigint, "eventCount" bigint, "firstSeenAt" timestamptz,
           "lastSeenAt" timestamptz, "severityRank" int),
           issues prev
     WHERE i.id = d."issueId" AND i.tenant_id = $1 AND prev.id = i.id
    RETURNING i.id, i.flags @> '{partiallyAcknowledged}' AND NOT prev.flags @> '{partiallyAcknowledged}' AS turned_partial
  ), created AS (
    ${lineageInsertFrom(`SELECT $1, 'issue', ni.id::text, 'created', $6,
           jsonb_build_object('eventId', ni.first_event_id::text, 'title', ni.title, 'type', ni.type, 'severity', ni.event_severity)
      FROM new_issues ni ORDER BY ni.id`)}
  )
  ${lineageInsertFrom(`SELECT $1, 'issue', b.id::text, 'flagged', 'system',
         jsonb_build_object('enableFlags', jsonb_build_array('partiallyAcknowledged'), 'reason', 'events arrived after the acknowledgement')
    FROM bumped b WHERE b.turned_partial`)}`;
