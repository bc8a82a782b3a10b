import "server-only";
import type { PoolClient } from "pg";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { pool, prisma } from "@/lib/db";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { Params } from "@/lib/events/compile";
import { requireEventId } from "@/lib/events/event-detail";
import { parseOrThrow } from "@/lib/events/schemas";
import { decodeCursor, encodeCursor } from "@/lib/events/cursor";
import { LIST_COLUMNS, toListItem, type ListRow } from "@/lib/events/list-item";
import { withPrimaryReads } from "@/lib/db/replica";
import { searchEvents } from "@/lib/events/search";
import type { EventListItem, Severity } from "@/lib/events/types";
import { listLineage } from "@/lib/lineage/queries";
import type { LineagePage } from "@/lib/lineage/format-entry";
import type { LineagePageInput } from "@/lib/lineage/schemas";
import { issueConditions } from "./conditions";
import { decodeIssueCursor, encodeIssueCursor, sortSpec } from "./cursor";
import { requireIssueRow } from "./internal";
import { ISSUE_FROM, ISSUE_SELECT, toIssueItem, type IssueRow } from "./issue-row";
import { IssueEventsInput, IssueSearchInput } from "./schemas";
import { ISSUE_STATUSES, type EventAssessmentView, type IssueDetail, type IssueFlag, type IssueListResponse, type IssueSort, type IssueStatus } from "./types";

// Reads of the triage side: the queue, one issue, its events and lineage, an event's assessment.

const DEFAULT_LIMIT = 50;

function requireRead(ctx: CallerContext) {
  if (!roleCan(ctx.role, "read")) throw new ForbiddenError();
}

export async function listIssues({ ctx, input }: { ctx: CallerContext; input: unknown }): Promise<IssueListResponse> {
  requireRead(ctx);
  const s = parseOrThrow(IssueSearchInput, input);
  const sort: IssueSort = s.sort ?? "-lastSeen";
  const spec = sortSpec(sort);
  const limit = s.limit ?? DEFAULT_LIMIT;

  const page = new Params();
  page.add(ctx.tenantId);
  const conds = issueConditions(ctx, s, page);
  if (s.cursor) {
    const values = decodeIssueCursor(s.cursor, sort);
    const types = [spec.keyType, ...(values.length === 3 ? ["timestamptz"] : []), "bigint"];
    conds.push(`${spec.keyset} ${spec.comparator} (${values.map((v, i) => `${page.add(v)}::${types[i]}`).join(", ")})`);
  }
  const counts = new Params();
  counts.add(ctx.tenantId);
  const countConds = issueConditions(ctx, s, counts, true);

  const [rows, statusRows] = await Promise.all([
    pool().query<IssueRow>(
      `SELECT ${ISSUE_SELECT} FROM ${ISSUE_FROM} WHERE ${conds.join(" AND ")} ORDER BY ${spec.order} LIMIT ${page.add(limit + 1)}`,
      page.values,
    ),
    pool().query<{ status: IssueStatus; n: string }>(
      `SELECT i.status, count(*) AS n FROM issues i WHERE ${countConds.join(" AND ")} GROUP BY i.status`,
      counts.values,
    ),
  ]);
  const data = rows.rows.slice(0, limit);
  const last = data[data.length - 1];
  const statusCounts = Object.fromEntries(ISSUE_STATUSES.map((st) => [st, 0])) as Record<IssueStatus, number>;
  for (const r of statusRows.rows) statusCounts[r.status] = Number(r.n);
  const wanted: readonly IssueStatus[] = s.status?.length ? [...new Set(s.status)] : ISSUE_STATUSES;
  return {
    data: data.map(toIssueItem),
    nextCursor: rows.rows.length > limit && last ? encodeIssueCursor(sort, cursorValues(last, spec.keyColumn)) : null,
    total: wanted.reduce((sum, st) => sum + statusCounts[st], 0),
    statusCounts,
  };
}

function cursorValues(r: IssueRow, keyColumn: string): string[] {
  const id = String(r.id);
  switch (keyColumn) {
    case "severity_rank":
      return [String(r.severity_rank), r.last_seen_at.toISOString(), id];
    case "event_count":
      return [String(r.event_count), id];
    case "first_seen_at":
      return [r.first_seen_at.toISOString(), id];
    default:
      return [r.last_seen_at.toISOString(), id];
  }
}

const SPARK_BUCKETS = 30;

export async function getIssue({ ctx, input }: { ctx: CallerContext; input: { id: string } }): Promise<IssueDetail> {
  requireRead(ctx);
  const row = await requireIssueRow(ctx, input.id);
  return issueDetailOf(row);
}

/** The issue page's whole header: the row, its latest event and its sparkline. */
export async function issueDetailOf(row: IssueRow): Promise<IssueDetail> {
  const first = row.first_seen_at.getTime();
  const bucketMs = Math.max(60_000, Math.ceil((row.last_seen_at.getTime() - first + 1) / SPARK_BUCKETS));
  const [latest, spark] = await Promise.all([
    pool().query<{ event_id: string }>(
      `SELECT event_id FROM issue_events WHERE issue_id = $1 ORDER BY occurred_at DESC, event_id DESC LIMIT 1`,
      [row.id],
    ),
    pool().query<{ b: number; n: string }>(
      `SELECT floor(extract(epoch FROM occurred_at - $2::timestamptz) * 1000 / $3)::int AS b, count(*) AS n
         FROM issue_events WHERE issue_id = $1 GROUP BY 1 ORDER BY 1`,
      [row.id, row.first_seen_at, bucketMs],
    ),
  ]);
  const buckets = Math.max(1, Math.min(SPARK_BUCKETS, Math.ceil((row.last_seen_at.getTime() - first + 1) / bucketMs)));
  const counts = new Array<number>(buckets).fill(0);
  for (const r of spark.rows) counts[Math.min(Math.max(r.b, 0), buckets - 1)] += Number(r.n);
  return {
    ...toIssueItem(row),
    eventSeverity: row.event_severity,
    firstEventId: String(row.first_event_id),
    latestEventId: latest.rows[0] ? String(latest.rows[0].event_id) : null,
    acknowledgedAt: row.acknowledged_at?.toISOString() ?? null,
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    acceptsEvents: row.accepts_events,
    sparkline: counts.map((count, i) => ({ t: new Date(first + i * bucketMs).toISOString(), count })),
  };
}

/** The members an issue may be assigned to: the tenant's analysts and admins who can sign in. */
export async function listAssignableMembers({ ctx }: { ctx: CallerContext }): Promise<{ id: string; name: string; email: string }[]> {
  requireRead(ctx);
  const rows = await prisma.membership.findMany({
    where: { tenantId: ctx.tenantId, role: { in: ["analyst", "admin"] }, user: { disabledAt: null } },
    select: { user: { select: { id: true, name: true, email: true } } },
  });
  return rows.map((r) => r.user).sort((a, b) => a.name.localeCompare(b.name));
}

/** The issue's events, newest first, through the event search engine (its query language too). */
export async function listIssueEvents({
  ctx,
  input,
}: {
  ctx: CallerContext;
  input: { id: string } & Record<string, unknown>;
}): Promise<{ data: EventListItem[]; nextCursor: string | null; total: number }> {
  requireRead(ctx);
  const { id, ...rest } = input;
  const issue = await requireIssueRow(ctx, id);
  const q = parseOrThrow(IssueEventsInput, rest);
  const narrowed = (q.q?.trim() ?? "") !== "";
  if (!narrowed && (q.sort ?? "-time").endsWith("time")) return issueEventsByTime(issue, q.sort === "time" ? "time" : "-time", q.limit ?? 50, q.cursor);
  // The issue is a filter, not query text: the analyst's query can only narrow it.
  // On the primary: the page shows an association or assessment the analyst just made.
  const res = await withPrimaryReads(() => searchEvents({
    ctx,
    input: {
      query: q.q,
      filters: [{ field: "issue", values: [String(issue.id)] }],
      from: issue.first_seen_at.toISOString(),
      to: new Date(issue.last_seen_at.getTime() + 1).toISOString(),
      sort: q.sort,
      limit: q.limit ?? 50,
      cursor: q.cursor,
      // Without a query the issue's own count is exact; counting its events again cost 90 ms
      // for an issue of 6,500 events over 30 days.
      total: narrowed,
    },
  }));
  return { data: res.data, nextCursor: res.nextCursor, total: narrowed ? res.total : Number(issue.event_count) };
}

/**
 * An issue's events in time order straight from its index on issue_events: a page reads only
 * its own events (a search fetched every event of the issue to sort them: 185 ms cold for 558).
 * Its cursors are the search engine's, so pages of either kind follow each other.
 */
async function issueEventsByTime(issue: IssueRow, sort: "time" | "-time", limit: number, cursor: string | undefined) {
  const desc = sort === "-time";
  const params: unknown[] = [issue.id, limit + 1];
  let after = "";
  if (cursor) {
    const key = decodeCursor(cursor, sort);
    params.push(key.occurredAt, key.id);
    after = ` AND (occurred_at, event_id) ${desc ? "<" : ">"} ($3::timestamptz, $4::bigint)`;
  }
  const dir = desc ? "DESC" : "ASC";
  const res = await pool().query<ListRow>(
    `SELECT e.${LIST_COLUMNS.split(",").map((c) => c.trim()).join(", e.")}, a.name AS agent_name
       FROM (SELECT event_id, occurred_at FROM issue_events WHERE issue_id = $1${after}
              ORDER BY occurred_at ${dir}, event_id ${dir} LIMIT $2) ie
       JOIN events e ON e.id = ie.event_id
       LEFT JOIN agents a ON a.id = e.agent_id
      ORDER BY ie.occurred_at ${dir}, ie.event_id ${dir}`,
    params,
  );
  const rows = res.rows.slice(0, limit);
  const last = rows[rows.length - 1];
  return {
    data: rows.map(toListItem),
    nextCursor: res.rows.length > limit && last ? encodeCursor({ sort, rank: null, occurredAt: last.occurred_at.toISOString(), id: String(last.id) }) : null,
    total: Number(issue.event_count),
  };
}

export async function getIssueLineage({ ctx, input }: { ctx: CallerContext; input: { id: string } & LineagePageInput }): Promise<LineagePage> {
  requireRead(ctx);
  const issue = await requireIssueRow(ctx, input.id);
  return listLineage({ ctx, input: { subjectType: "issue", subjectId: String(issue.id), cursor: input.cursor, limit: input.limit } });
}

/** An event's own assessment and what its issue's assessment applies to it. */
export async function getEventAssessment({ ctx, input }: { ctx: CallerContext; input: { id: string } }): Promise<EventAssessmentView> {
  requireRead(ctx);
  const id = await requireEventId(ctx, input.id);
  return eventAssessmentOf(ctx, id);
}

export async function eventAssessmentOf(ctx: CallerContext, eventId: string, db: Pick<PoolClient, "query"> = pool()): Promise<EventAssessmentView> {
  const res = await db.query(
    `SELECT ea.flags, ea.severity, ea.version, i.id AS issue_id, i.title, i.status, i.severity AS issue_severity,
            i.flags AS issue_flags, i.version AS issue_version
       FROM (SELECT $2::bigint AS event_id) e
       LEFT JOIN event_assessments ea ON ea.event_id = e.event_id AND ea.tenant_id = $1
       LEFT JOIN issue_events ie ON ie.event_id = e.event_id AND ie.tenant_id = $1
       LEFT JOIN issues i ON i.id = ie.issue_id`,
    [ctx.tenantId, eventId],
  );
  const r = res.rows[0] as Record<string, unknown> | undefined;
  if (!r) throw new NotFoundError("Event");
  const issueFlags = (r.issue_flags as IssueFlag[] | null) ?? [];
  return {
    flags: (r.flags as string[] | null) ?? [],
    inheritedFlags: issueFlags,
    severity: (r.severity as Severity | null) ?? null,
    version: (r.version as number | null) ?? 0,
    issue: r.issue_id
      ? {
          id: String(r.issue_id),
          title: r.title as string,
          status: r.status as IssueStatus,
          severity: r.issue_severity as Severity,
          flags: issueFlags,
          version: r.issue_version as number,
        }
      : null,
  };
}
