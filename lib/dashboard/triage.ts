import "server-only";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { prisma } from "@/lib/db";
import { readQuery } from "@/lib/db/replica";
import { ForbiddenError } from "@/lib/errors";
import { SEVERITY_ORDER } from "@/lib/events/fields";
import type { Severity } from "@/lib/events/types";
import { AGE_THRESHOLDS_MS, mean, ratio } from "./metrics";
import { bucketMs, windowBuckets } from "./range";
import {
  ACKNOWLEDGED_FLAG, FALSE_POSITIVE_FLAG, FALSE_POSITIVE_REASON, PAST_OPEN, RESOLVED, UNRESOLVED, VERDICT_FLAGS,
} from "./triage-rules";
import type { BacklogRow, DashboardWindows, FalsePositiveRow, Figure, FlowPoint, TriageFigures, WorkloadRow } from "./types";

// Triage metrics from the issues and their lineage, in three set-based statements. The rules of
// what counts (an acknowledgement, a resolution, a false positive) are lib/dashboard/triage-rules.ts;
// their lists reach the SQL as parameters. Issues are opened when Vigil creates them (their
// "created" lineage entry, created_at): response times measure from what the SOC could see.

export const FP_TOP_N = 10;
const WORKLOAD_TOP_N = 12;

/** Each issue's status changes and acknowledgements up to `to` ($2), with the status lists as $3..$6. */
const MOVES = `
  moves AS (
    SELECT subject_id::bigint AS issue_id, at, id, actor,
           details->'before'->>'status' AS before_status, details->'after'->>'status' AS after_status,
           action = 'assessed' AND coalesce(details->'enableFlags' ? $3::text, false) AS ack_flag
      FROM lineage_entries
     WHERE tenant_id = $1 AND subject_type = 'issue' AND at < $2
       AND (details->'after' ? 'status' OR action = 'assessed')
  ),
  ack AS (
    SELECT DISTINCT ON (issue_id) issue_id, at FROM moves
     WHERE ack_flag OR (before_status = 'open' AND after_status = ANY($4::text[]))
     ORDER BY issue_id, at, id
  ),
  res AS (
    SELECT DISTINCT ON (issue_id) issue_id, at, actor FROM moves
     WHERE before_status = ANY($5::text[]) AND after_status = ANY($6::text[])
     ORDER BY issue_id, at, id
  )`;

function movesParams(tenantId: string, to: string): unknown[] {
  return [tenantId, to, ACKNOWLEDGED_FLAG, PAST_OPEN, UNRESOLVED, RESOLVED];
}

interface FlowRow {
  metric: "opened" | "acknowledged" | "resolved" | "resolved_by" | "assigned_to" | "open_assigned";
  current: boolean;
  t: Date | null;
  key: string | null;
  n: number;
  secs: number;
}

/** Opened, acknowledged and resolved issues per bucket and per period, and who did the work. */
async function readFlow(tenantId: string, w: DashboardWindows): Promise<FlowRow[]> {
  const values = [...movesParams(tenantId, w.current.to), w.previous.from, w.current.from, `${bucketMs(w.bucket) / 1000} seconds`];
  // $7 previous.from, $8 current.from, $9 the bucket
  const bucket = `CASE WHEN at >= $8 THEN date_bin($9::interval, at, TIMESTAMPTZ '2000-01-01 00:00:00+00') END`;
  const sql = `WITH ${MOVES},
    facts AS (
      SELECT 'opened'::text AS metric, i.created_at AS at, NULL::float8 AS secs, NULL::text AS key
        FROM issues i WHERE i.tenant_id = $1 AND i.created_at >= $7 AND i.created_at < $2
      UNION ALL
      SELECT 'acknowledged', a.at, extract(epoch FROM a.at - i.created_at)::float8, NULL
        FROM ack a JOIN issues i ON i.id = a.issue_id AND i.tenant_id = $1 WHERE a.at >= $7
      UNION ALL
      SELECT 'resolved', r.at, extract(epoch FROM r.at - i.created_at)::float8, r.actor
        FROM res r JOIN issues i ON i.id = r.issue_id AND i.tenant_id = $1 WHERE r.at >= $7
    )
    SELECT metric, at >= $8 AS current, ${bucket} AS t, NULL::text AS key, count(*)::int AS n, coalesce(sum(secs), 0)::float8 AS secs
      FROM facts GROUP BY 1, 2, 3
    UNION ALL
    SELECT 'resolved_by', at >= $8, NULL, key, count(*)::int, 0 FROM facts WHERE metric = 'resolved' GROUP BY 2, 4
    UNION ALL
    SELECT 'assigned_to', at >= $8, NULL, details->'after'->>'assignee', count(DISTINCT subject_id)::int, 0
      FROM lineage_entries
     WHERE tenant_id = $1 AND subject_type = 'issue' AND at >= $7 AND at < $2 AND details->'after'->>'assignee' IS NOT NULL
     GROUP BY 2, 4
    UNION ALL
    SELECT 'open_assigned', true, NULL, assignee_id::text, count(*)::int, 0
      FROM issues WHERE tenant_id = $1 AND status = ANY($5::text[]) AND assignee_id IS NOT NULL
     GROUP BY 4`;
  return (await readQuery<FlowRow>(sql, values)).rows;
}

interface BacklogSqlRow {
  label: "start" | "end";
  severity: Severity;
  status: string;
  /** ageBucket() of the age at that time. */
  age: 0 | 1 | 2 | 3;
  n: number;
}

/** Unresolved issues at the start and at the end of the range, each one's status then read from its lineage. */
async function readBacklog(tenantId: string, w: DashboardWindows): Promise<BacklogSqlRow[]> {
  const sql = `WITH t(label, at) AS (VALUES ('start', $2::timestamptz), ('end', $3::timestamptz)),
    last AS (
      SELECT DISTINCT ON (t.label, l.subject_id) t.label, l.subject_id::bigint AS issue_id, l.details->'after'->>'status' AS status
        FROM t JOIN lineage_entries l ON l.tenant_id = $1 AND l.subject_type = 'issue' AND l.at < t.at AND l.details->'after' ? 'status'
       ORDER BY t.label, l.subject_id, l.at DESC, l.id DESC
    )
    SELECT t.label, i.severity, coalesce(last.status, 'open') AS status,
           width_bucket(extract(epoch FROM t.at - i.created_at)::float8 * 1000, $5::float8[]) AS age, count(*)::int AS n
      FROM t JOIN issues i ON i.tenant_id = $1 AND i.created_at < t.at
      LEFT JOIN last ON last.label = t.label AND last.issue_id = i.id
     WHERE coalesce(last.status, 'open') = ANY($4::text[])
     GROUP BY 1, 2, 3, 4`;
  return (await readQuery<BacklogSqlRow>(sql, [tenantId, w.current.from, w.end, UNRESOLVED, AGE_THRESHOLDS_MS])).rows;
}

interface FpSqlRow {
  dim: "type" | "policy" | "all";
  value: string | null;
  total: number;
  triaged: number;
  fp: number;
  prev_triaged: number;
  prev_fp: number;
}

/**
 * Per event type, per agent policy (the rule or policy the agent named on the first event)
 * and overall: issues seen in each period, triaged, false positive. Policy rows count triaged issues only.
 */
async function readFalsePositives(tenantId: string, w: DashboardWindows): Promise<FpSqlRow[]> {
  const sql = `SELECT CASE WHEN GROUPING(type) = 0 THEN 'type' WHEN GROUPING(policy) = 0 THEN 'policy' ELSE 'all' END AS dim,
         CASE WHEN GROUPING(type) = 0 THEN type WHEN GROUPING(policy) = 0 THEN policy END AS value,
         count(*) FILTER (WHERE cur)::int AS total,
         count(*) FILTER (WHERE cur AND triaged)::int AS triaged,
         count(*) FILTER (WHERE cur AND fp)::int AS fp,
         count(*) FILTER (WHERE prev AND triaged)::int AS prev_triaged,
         count(*) FILTER (WHERE prev AND fp)::int AS prev_fp
    FROM (SELECT i.type,
                 -- The policy of its first event, looked up for triaged issues only: the rates need no other.
                 CASE WHEN i.status = ANY($5::text[]) OR i.flags && $6::text[]
                      THEN (SELECT e.policy_name FROM events e WHERE e.id = i.first_event_id AND e.tenant_id = $1) END AS policy,
                 i.last_seen_at >= $2 AND i.first_seen_at < $3 AS cur,
                 i.last_seen_at >= $4 AND i.first_seen_at < $2 AS prev,
                 (i.status = ANY($5::text[]) OR i.flags && $6::text[]) AS triaged,
                 ($7 = ANY(i.flags) OR i.close_reason IS NOT DISTINCT FROM $8) AS fp
            FROM issues i
           WHERE i.tenant_id = $1 AND i.last_seen_at >= $4 AND i.first_seen_at < $3) x
   GROUP BY GROUPING SETS ((type), (policy), ())`;
  const values = [tenantId, w.current.from, w.current.to, w.previous.from, RESOLVED, VERDICT_FLAGS, FALSE_POSITIVE_FLAG, FALSE_POSITIVE_REASON];
  return (await readQuery<FpSqlRow>(sql, values)).rows;
}

export async function loadTriageFigures({ ctx, windows }: { ctx: CallerContext; windows: DashboardWindows }): Promise<TriageFigures> {
  if (!roleCan(ctx.role, "read")) throw new ForbiddenError();
  const [flow, backlog, fps, members] = await Promise.all([
    readFlow(ctx.tenantId, windows),
    readBacklog(ctx.tenantId, windows),
    readFalsePositives(ctx.tenantId, windows),
    prisma.membership.findMany({ where: { tenantId: ctx.tenantId }, select: { role: true, user: { select: { id: true, name: true, email: true } } } }),
  ]);
  return {
    ...shapeFlow(flow, windows),
    ...shapeBacklog(backlog),
    ...shapeFalsePositives(fps),
    workload: shapeWorkload(flow, members.map((m) => ({ ...m.user, role: m.role }))),
  };
}

type FlowFigures = Pick<TriageFigures, "opened" | "acknowledged" | "resolved" | "mttaSeconds" | "mttrSeconds" | "flow">;

export function shapeFlow(rows: FlowRow[], w: DashboardWindows): FlowFigures {
  const totals = (metric: FlowRow["metric"], current: boolean) => {
    const of = rows.filter((r) => r.metric === metric && r.current === current);
    return { n: of.reduce((a, r) => a + r.n, 0), secs: of.reduce((a, r) => a + r.secs, 0) };
  };
  const count = (metric: FlowRow["metric"]): Figure => ({ current: totals(metric, true).n, previous: totals(metric, false).n });
  const meanOf = (metric: FlowRow["metric"]): Figure => {
    const c = totals(metric, true);
    const p = totals(metric, false);
    return { current: mean(c.secs, c.n), previous: mean(p.secs, p.n) };
  };
  const points = new Map<number, FlowPoint & { ackSecs: number; resSecs: number }>();
  for (const t of windowBuckets(w.current, w.bucket)) {
    points.set(Date.parse(t), { t, opened: 0, resolved: 0, acknowledged: 0, mttaSeconds: null, mttrSeconds: null, ackSecs: 0, resSecs: 0 });
  }
  for (const r of rows) {
    const p = r.current && r.t ? points.get(r.t.getTime()) : undefined;
    if (!p) continue;
    if (r.metric === "opened") p.opened += r.n;
    else if (r.metric === "acknowledged") {
      p.acknowledged += r.n;
      p.ackSecs += r.secs;
    } else if (r.metric === "resolved") {
      p.resolved += r.n;
      p.resSecs += r.secs;
    }
  }
  const flow = [...points.values()].map(({ ackSecs, resSecs, ...p }) => ({ ...p, mttaSeconds: mean(ackSecs, p.acknowledged), mttrSeconds: mean(resSecs, p.resolved) }));
  return {
    opened: count("opened"),
    acknowledged: count("acknowledged"),
    resolved: count("resolved"),
    mttaSeconds: meanOf("acknowledged"),
    mttrSeconds: meanOf("resolved"),
    flow,
  };
}

export function shapeBacklog(rows: BacklogSqlRow[]): Pick<TriageFigures, "backlog" | "backlogBySeverity" | "inProgress"> {
  const bySeverity = new Map<Severity, BacklogRow>(
    SEVERITY_ORDER.map((s) => [s, { severity: s, ages: [0, 0, 0, 0], total: 0, atStart: 0 }]),
  );
  let start = 0;
  let end = 0;
  let inProgress = 0;
  for (const r of rows) {
    const row = bySeverity.get(r.severity);
    if (!row) continue;
    if (r.label === "start") {
      row.atStart += r.n;
      start += r.n;
      continue;
    }
    row.ages[r.age] += r.n;
    row.total += r.n;
    end += r.n;
    if (r.status === "in_progress") inProgress += r.n;
  }
  return { backlog: { current: end, previous: start }, backlogBySeverity: [...bySeverity.values()].reverse(), inProgress };
}

export function shapeFalsePositives(rows: FpSqlRow[]): Pick<TriageFigures, "falsePositiveRate" | "falsePositivesByType" | "falsePositivesByPolicy"> {
  const toRow = (r: FpSqlRow): FalsePositiveRow => ({
    value: r.value ?? "",
    total: r.total,
    triaged: r.triaged,
    falsePositives: r.fp,
    rate: ratio(r.fp, r.triaged),
    previousRate: ratio(r.prev_fp, r.prev_triaged),
  });
  // Values with a rate only (something triaged); the most false positives first, then the highest rate: where tuning pays most.
  const ranked = (dim: FpSqlRow["dim"]) =>
    rows
      .filter((r) => r.dim === dim && r.value !== null && r.triaged > 0)
      .map(toRow)
      .sort((a, b) => b.falsePositives - a.falsePositives || (b.rate ?? -1) - (a.rate ?? -1) || b.total - a.total || a.value.localeCompare(b.value))
      .slice(0, FP_TOP_N);
  const all = rows.find((r) => r.dim === "all");
  return {
    falsePositiveRate: { current: all ? ratio(all.fp, all.triaged) : null, previous: all ? ratio(all.prev_fp, all.prev_triaged) : null },
    falsePositivesByType: ranked("type"),
    falsePositivesByPolicy: ranked("policy"),
  };
}

interface Member {
  id: string;
  name: string;
  email: string;
  role: string;
}

/** Per member: unresolved issues assigned now, issues assigned in each period, first resolutions in each period. */
export function shapeWorkload(rows: FlowRow[], members: Member[]): WorkloadRow[] {
  const byEmail = new Map(members.map((m) => [m.email, m]));
  const byId = new Map(members.map((m) => [m.id, m]));
  const out = new Map<string, WorkloadRow & { triager: boolean }>();
  const rowFor = (key: string, member: Member | undefined, fallback: string) => {
    const k = member ? `user:${member.id}` : key;
    let row = out.get(k);
    if (!row) {
      row = {
        userId: member?.id ?? null,
        name: member?.name ?? fallback,
        openAssigned: 0,
        assigned: { current: 0, previous: 0 },
        resolved: { current: 0, previous: 0 },
        triager: member ? member.role !== "manager" : false,
      };
      out.set(k, row);
    }
    return row;
  };
  for (const m of members) if (m.role !== "manager") rowFor("", m, m.name);
  for (const r of rows) {
    if (!r.key) continue;
    const period = r.current ? "current" : "previous";
    if (r.metric === "open_assigned") rowFor(r.key, byId.get(r.key), r.key).openAssigned += r.n;
    else if (r.metric === "assigned_to") {
      const row = rowFor(`email:${r.key}`, byEmail.get(r.key), r.key);
      row.assigned[period] = (row.assigned[period] ?? 0) + r.n;
    } else if (r.metric === "resolved_by") {
      const email = r.key.startsWith("user:") ? r.key.slice(5) : null;
      const row = rowFor(r.key, email ? byEmail.get(email) : undefined, r.key);
      row.resolved[period] = (row.resolved[period] ?? 0) + r.n;
    }
  }
  return [...out.values()]
    .filter((r) => r.triager || r.openAssigned + (r.assigned.current ?? 0) + (r.resolved.current ?? 0) > 0)
    .sort((a, b) => b.openAssigned - a.openAssigned || (b.resolved.current ?? 0) - (a.resolved.current ?? 0) || a.name.localeCompare(b.name))
    .slice(0, WORKLOAD_TOP_N)
    .map((r) => ({ userId: r.userId, name: r.name, openAssigned: r.openAssigned, assigned: r.assigned, resolved: r.resolved }));
}
