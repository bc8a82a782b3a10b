import "server-only";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { Params } from "@/lib/events/compile";
import { searchQuery } from "@/lib/events/statement";
import { issueConditions } from "@/lib/issues/conditions";
import { CLOSE_REASON_LABELS, FLAG_LABELS, STATUS_LABELS } from "@/lib/issues/types";
import { groupCountSql, shapeGroupCounts, STATS_STATEMENT, type GroupCountRow, type GroupDim } from "./group-sql";
import { agentNames, memberNames } from "./names";
import { DEFAULT_GROUP_LIMIT, IssueStatsInput, parseStatsRequest, type IssueGroupField } from "./schemas";
import { capitalize, keysAt, statsBuckets, type LevelNames } from "./shape";
import { resolveTimeRanges } from "./time-spec";
import type { StatsResponse } from "./types";

// POST /api/v1/issues/stats: the issues the queue's filters match, grouped into a tree of up to
// three levels with named time-range counts. An issue counts in a window when it was seen in it
// (as the queue's from/to), and once per value for its lists (flags, agents).

interface IssueDimension {
  sql: string;
  array: boolean;
  names?: Record<string, string>;
  missing: string;
}

const DIMENSIONS: Record<IssueGroupField, IssueDimension> = {
  status: { sql: "i.status", array: false, names: STATUS_LABELS, missing: "No status" },
  severity: { sql: "i.severity", array: false, missing: "No severity" },
  priority: { sql: "i.priority", array: false, missing: "No priority" },
  type: { sql: "i.type", array: false, missing: "No type" },
  kind: { sql: "i.kind", array: false, missing: "No kind" },
  assignee: { sql: "i.assignee_id", array: false, missing: "Unassigned" },
  flags: { sql: "i.flags", array: true, names: FLAG_LABELS, missing: "No flags" },
  closeReason: { sql: "i.close_reason", array: false, names: CLOSE_REASON_LABELS, missing: "Not closed" },
  agent: { sql: "ARRAY(SELECT ia.agent_id::text FROM issue_agents ia WHERE ia.issue_id = i.id)", array: true, missing: "No agent" },
  cluster: { sql: "i.cluster", array: false, missing: "No cluster" },
  namespace: { sql: "i.namespace", array: false, missing: "No namespace" },
  repository: { sql: "i.repository", array: false, missing: "No repository" },
  workflow: { sql: "i.workflow", array: false, missing: "No workflow" },
};

export async function issueStats({ ctx, input, signal, now = new Date() }: {
  ctx: CallerContext;
  input: unknown;
  signal?: AbortSignal;
  now?: Date;
}): Promise<StatsResponse> {
  if (!roleCan(ctx.role, "read")) throw new ForbiddenError();
  const { groupBy = [], timeRangeMetrics, from, to, ...filters } = parseStatsRequest(IssueStatsInput, input);
  // As the queue reads from and to: issues seen at or after `from`, and first seen before `to`.
  const window = { from: from ? new Date(from) : null, to: to ? new Date(to) : null };
  if (window.from && window.to && window.from.getTime() >= window.to.getTime()) throw new ValidationError("from must be before to", { field: "from" });
  const ranges = resolveTimeRanges(timeRangeMetrics, now);

  const params = new Params();
  params.add(ctx.tenantId);
  const conds = issueConditions(ctx, filters, params);
  const seen = (r: { from: Date | null; to: Date | null }, alias: string) =>
    [
      ...(r.from ? [`${alias}.last_seen_at >= ${params.add(r.from)}::timestamptz`] : []),
      ...(r.to ? [`${alias}.first_seen_at < ${params.add(r.to)}::timestamptz`] : []),
    ].join(" AND ") || "true";
  const main = seen(window, "s");
  const windows = ranges.map((r) => seen(r, "s"));
  // Issues in no window counted are not read at all.
  const inAny = main === "true" ? null : [window, ...ranges].map((r) => `(${seen(r, "i")})`).join(" OR ");
  const levels = groupBy.map((l) => ({ field: l.field, dim: DIMENSIONS[l.field], limit: l.limit ?? DEFAULT_GROUP_LIMIT, missing: l.missing ?? false }));
  const columns = levels.map((l) => `${l.dim.sql} AS g_${l.field.toLowerCase()}`);
  const source = `SELECT i.first_seen_at, i.last_seen_at, 1::bigint AS n${columns.map((c) => `, ${c}`).join("")}
                    FROM issues i WHERE ${conds.join(" AND ")}${inAny ? ` AND (${inAny})` : ""}`;
  const groupings: GroupDim[][] = levels.length
    ? [levels.map((l) => ({ column: `g_${l.field.toLowerCase()}`, array: l.dim.array, limit: l.limit, missing: l.missing }))]
    : [];
  const spec = { source, main, windows, groupings, series: [] };
  const rows = await searchQuery<GroupCountRow>(groupCountSql(spec, params), params.values, signal, STATS_STATEMENT);
  const result = shapeGroupCounts(rows, spec);
  const tree = result.groupings[0] ?? { buckets: [], other: 0, otherBuckets: 0 };

  const ids = keysAt(tree, levels.map((l) => (l.field === "agent" || l.field === "assignee" ? l.field : null)));
  const [agents, users] = await Promise.all([agentNames(ctx.tenantId, ids.get("agent") ?? []), memberNames(ctx.tenantId, ids.get("assignee") ?? [])]);
  const names: LevelNames[] = levels.map((l) => ({
    type: l.field,
    name: (k: string) =>
      l.field === "agent" ? agents.get(k) ?? k
      : l.field === "assignee" ? users.get(k) ?? k
      : l.field === "severity" ? capitalize(k)
      : l.dim.names?.[k] ?? k,
    missing: l.dim.missing,
  }));
  const windowNames = ranges.map((r) => r.name);
  return {
    from: window.from?.toISOString() ?? null,
    to: window.to?.toISOString() ?? null,
    groupBy: levels.map((l) => l.field),
    count: result.count,
    timeRangeMetrics: Object.fromEntries(windowNames.map((n, i) => [n, result.windows[i] ?? 0])),
    timeRanges: ranges.map((r) => ({ name: r.name, from: r.from.toISOString(), to: r.to.toISOString() })),
    buckets: statsBuckets(tree.buckets, names, windowNames),
    other: tree.other,
    otherBuckets: tree.otherBuckets,
  };
}
