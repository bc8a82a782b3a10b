import "server-only";
import type { PoolClient } from "pg";
import type { CallerContext } from "@/lib/auth/context";
import { ValidationError } from "@/lib/errors";
import { Params } from "@/lib/events/compile";
import { lineageInsertFrom, writeLineage } from "@/lib/lineage/write";
import { assessFlagsArgs } from "./assessment";
import type { AssessmentInput } from "./schemas";

// Assessment of one event or every event of a search, set-based: assess_flags() on
// event_assessments, then moving the events into (associateIssue) or out of (disassociateIssue)
// an issue, with the issues they left and joined recounted. Each event gets one lineage entry
// per kind of change, each issue one.

export interface EventSelection {
  /** SQL selecting event ids from `events e` ($1 is the tenant), and its parameters. */
  idsSql: string;
  params: Params;
}

export interface EventAssessmentResult {
  successes: number;
  failures: { id: string; reason: string }[];
}

function changesFlags(a: AssessmentInput): boolean {
  const [enable, disable, handled, severityChange, commented] = assessFlagsArgs(a);
  return enable.length > 0 || disable.length > 0 || handled || severityChange !== null || commented;
}

export async function assessEventsWhere(
  client: PoolClient,
  ctx: CallerContext,
  selection: EventSelection,
  a: AssessmentInput,
  now: string,
): Promise<EventAssessmentResult> {
  // The issue the events join must be the tenant's; the selection is resolved once, to ids.
  const target = a.associateIssue ?? a.disassociateIssue;
  if (target) {
    const found = await client.query(`SELECT 1 FROM issues WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, [ctx.tenantId, target]);
    const field = a.associateIssue ? "associateIssue" : "disassociateIssue";
    if (found.rowCount === 0) throw new ValidationError(`${field}: there is no issue ${target}`, { field });
  }
  const ids = await client.query<{ id: string }>(`CREATE TEMP TABLE assess_targets ON COMMIT DROP AS ${selection.idsSql}`, selection.params.values)
    .then(() => client.query<{ id: string }>(`SELECT count(*) AS id FROM assess_targets`));
  const total = Number(ids.rows[0].id);
  const failures: EventAssessmentResult["failures"] = [];

  if (changesFlags(a)) await upsertAssessments(client, ctx, a, now);
  if (a.associateIssue) await associate(client, ctx, a.associateIssue, now);
  if (a.disassociateIssue) failures.push(...(await disassociate(client, ctx, a.disassociateIssue, now)));
  return { successes: total - failures.length, failures };
}

async function upsertAssessments(client: PoolClient, ctx: CallerContext, a: AssessmentInput, now: string) {
  const [enable, disable, handled, severityChange, commented] = assessFlagsArgs(a);
  const details = {
    enableFlags: enable,
    disableFlags: disable,
    ...(a.newSeverity !== undefined && { newSeverity: a.newSeverity }),
    ...(a.comment?.trim() && { comment: a.comment.trim() }),
    ...(handled && { handledByAnalyst: true }),
  };
  await client.query(
    `WITH upserted AS (
       INSERT INTO event_assessments AS ea (event_id, tenant_id, flags, severity, assessed_at, assessed_by)
       SELECT t.id, $1, assess_flags('{}', $2::text[], $3::text[], $4::boolean, $5::text, $6::boolean),
              CASE $5::text WHEN 'set' THEN $7::text END, $8::timestamptz, $9
         FROM assess_targets t ORDER BY t.id
       ON CONFLICT (event_id) DO UPDATE SET
         flags = assess_flags(ea.flags, $2::text[], $3::text[], $4::boolean, $5::text, $6::boolean),
         severity = CASE $5::text WHEN 'set' THEN $7::text WHEN 'clear' THEN NULL ELSE ea.severity END,
         assessed_at = EXCLUDED.assessed_at, assessed_by = EXCLUDED.assessed_by, version = ea.version + 1
       RETURNING event_id
     )
     ${lineageInsertFrom(`SELECT $1, 'event', u.event_id::text, 'assessed', $9, $10::jsonb FROM upserted u ORDER BY u.event_id`)}`,
    [ctx.tenantId, enable, disable, handled, severityChange, commented, a.newSeverity ?? null, now, ctx.actor, JSON.stringify(details)],
  );
}

/** Locks the issues, then recounts them from their events (see the note on concurrent ingest in the docs). */
export async function recountIssues(client: PoolClient, tenantId: string, issueIds: string[], now: string) {
  if (issueIds.length === 0) return;
  const sorted = [...new Set(issueIds)].sort();
  // Locked first, so the recount's next statement sees every batch that added to them before.
  await client.query(`SELECT 1 FROM issues WHERE tenant_id = $1 AND id = ANY($2::bigint[]) ORDER BY id FOR UPDATE`, [tenantId, sorted]);
  await client.query(`DELETE FROM issue_agents WHERE issue_id = ANY($1::bigint[])`, [sorted]);
  await client.query(
    `INSERT INTO issue_agents (issue_id, agent_id)
     SELECT DISTINCT issue_id, agent_id FROM issue_events WHERE issue_id = ANY($1::bigint[]) AND agent_id IS NOT NULL ORDER BY 1, 2`,
    [sorted],
  );
  await client.query(
    `UPDATE issues i SET event_count = s.n, first_seen_at = coalesce(s.first_at, i.first_seen_at),
            last_seen_at = coalesce(s.last_at, i.last_seen_at),
            event_severity = coalesce((ARRAY['low', 'medium', 'high', 'critical'])[s.rank], i.event_severity),
            agent_count = s.agents, updated_at = $3::timestamptz
       FROM (SELECT x.id, count(ie.event_id) AS n, min(ie.occurred_at) AS first_at, max(ie.occurred_at) AS last_at,
                    max(ie.severity_rank) AS rank, count(DISTINCT ie.agent_id) AS agents
               FROM unnest($2::bigint[]) AS x(id) LEFT JOIN issue_events ie ON ie.issue_id = x.id GROUP BY x.id) s
      WHERE i.id = s.id AND i.tenant_id = $1`,
    [tenantId, sorted, now],
  );
}

async function associate(client: PoolClient, ctx: CallerContext, issueId: string, now: string) {
  const left = await client.query<{ issue_id: string }>(
    `SELECT DISTINCT ie.issue_id FROM issue_events ie JOIN assess_targets t ON t.id = ie.event_id WHERE ie.issue_id <> $1`,
    [issueId],
  );
  const moved = await client.query<{ n: string }>(
    `WITH moved AS (
       INSERT INTO issue_events (event_id, tenant_id, issue_id, occurred_at, severity_rank, agent_id)
       SELECT e.id, $1, $2, e.occurred_at, severity_rank(e.severity), e.agent_id
         FROM events e JOIN assess_targets t ON t.id = e.id WHERE e.tenant_id = $1 ORDER BY e.id
       ON CONFLICT (event_id) DO UPDATE SET issue_id = EXCLUDED.issue_id WHERE issue_events.issue_id <> EXCLUDED.issue_id
       RETURNING event_id
     ), logged AS (
       ${lineageInsertFrom(`SELECT $1, 'event', m.event_id::text, 'associated', $3, jsonb_build_object('issueId', $2::text) FROM moved m ORDER BY m.event_id`)}
     )
     SELECT count(*) AS n FROM moved`,
    [ctx.tenantId, issueId, ctx.actor],
  );
  const n = Number(moved.rows[0].n);
  if (n === 0) return;
  await recountIssues(client, ctx.tenantId, [issueId, ...left.rows.map((r) => String(r.issue_id))], now);
  await writeLineage(client, ctx.tenantId, [
    { subjectType: "issue", subjectId: issueId, action: "associated", actor: ctx.actor, details: { eventCount: n } },
    ...left.rows.map((r) => ({
      subjectType: "issue" as const, subjectId: String(r.issue_id), action: "disassociated", actor: ctx.actor,
      details: { reason: `events moved to issue ${issueId}` },
    })),
  ]);
}

async function disassociate(client: PoolClient, ctx: CallerContext, issueId: string, now: string) {
  const res = await client.query<{ id: string; removed: boolean }>(
    `WITH removed AS (
       DELETE FROM issue_events ie USING assess_targets t
        WHERE ie.event_id = t.id AND ie.issue_id = $2 AND ie.tenant_id = $1
       RETURNING ie.event_id
     ), logged AS (
       ${lineageInsertFrom(`SELECT $1, 'event', r.event_id::text, 'disassociated', $3, jsonb_build_object('issueId', $2::text) FROM removed r ORDER BY r.event_id`)}
     )
     SELECT t.id, r.event_id IS NOT NULL AS removed FROM assess_targets t LEFT JOIN removed r ON r.event_id = t.id`,
    [ctx.tenantId, issueId, ctx.actor],
  );
  const removed = res.rows.filter((r) => r.removed).length;
  if (removed > 0) {
    await recountIssues(client, ctx.tenantId, [issueId], now);
    await writeLineage(client, ctx.tenantId, [
      { subjectType: "issue", subjectId: issueId, action: "disassociated", actor: ctx.actor, details: { eventCount: removed } },
    ]);
  }
  return res.rows.filter((r) => !r.removed).map((r) => ({ id: String(r.id), reason: `not an event of issue ${issueId}` }));
}
