import "server-only";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { withTransaction } from "@/lib/db/transaction";
import { ConflictError, ForbiddenError, ValidationError } from "@/lib/errors";
import { Params } from "@/lib/events/compile";
import { requireEventId } from "@/lib/events/event-detail";
import { parseOrThrow } from "@/lib/events/schemas";
import { compileSearch, matchingEventsSql } from "@/lib/events/search";
import type { SearchRequest } from "@/lib/events/types";
import { assessEventsWhere } from "./assess-events";
import { assessIssuesWhere } from "./assess-issues";
import { checkAssessment } from "./assessment";
import { issueConditions } from "./conditions";
import { requireIssueRow } from "./internal";
import { eventAssessmentOf, getIssue } from "./queries";
import { BulkEventAssessmentInput, BulkIssueAssessmentInput, SingleAssessmentInput } from "./schemas";
import type { BulkDryRunResponse, BulkResultResponse, EventAssessmentView, IssueDetail } from "./types";
import { staleVersion } from "./update-issue";

// Assessment of one issue, one event, or every issue or event a search matches. Bulk has no
// page cap: each is one transaction of set-based statements, however many rows match.

function requireTriage(ctx: CallerContext) {
  if (!roleCan(ctx.role, "triage")) throw new ForbiddenError();
}

export async function assessIssue({ ctx, input }: { ctx: CallerContext; input: { id: string } & Record<string, unknown> }): Promise<IssueDetail> {
  requireTriage(ctx);
  const { id, ...rest } = input;
  const { version, ...assessment } = parseOrThrow(SingleAssessmentInput, rest);
  checkAssessment(assessment, "issue");
  const row = await requireIssueRow(ctx, id);
  if (version !== undefined && version !== row.version) throw await staleVersion(row);
  const params = new Params();
  params.add(ctx.tenantId);
  const done = await withTransaction((client) =>
    assessIssuesWhere(client, ctx, { idsSql: params.add(row.id) + "::bigint", params, version: version ?? row.version }, assessment, new Date().toISOString()),
  );
  if (done.length === 0) throw await staleVersion(await requireIssueRow(ctx, id));
  return getIssue({ ctx, input: { id } });
}

export async function assessEvent({ ctx, input }: { ctx: CallerContext; input: { id: string } & Record<string, unknown> }): Promise<EventAssessmentView> {
  requireTriage(ctx);
  const { id: rawId, ...rest } = input;
  const { version, ...assessment } = parseOrThrow(SingleAssessmentInput, rest);
  checkAssessment(assessment, "event");
  const id = await requireEventId(ctx, rawId);
  return withTransaction(async (client) => {
    if (version !== undefined) {
      const cur = await client.query<{ version: number }>(`SELECT version FROM event_assessments WHERE event_id = $1 FOR UPDATE`, [id]);
      const at = cur.rows[0]?.version ?? 0;
      if (at !== version) {
        throw new ConflictError(`Event ${id}'s assessment was changed by someone else (now at version ${at}); reload and try again`, {
          current: await eventAssessmentOf(ctx, id, client),
        });
      }
    }
    const params = new Params();
    params.add(ctx.tenantId);
    const idsSql = `SELECT e.id FROM events e WHERE e.tenant_id = $1 AND e.id = ${params.add(id)}::bigint`;
    const result = await assessEventsWhere(client, ctx, { idsSql, params }, assessment, new Date().toISOString());
    if (result.failures.length > 0) {
      throw new ValidationError(`disassociateIssue: ${result.failures[0].reason}`, { field: "disassociateIssue" });
    }
    return eventAssessmentOf(ctx, id, client);
  });
}

export async function bulkAssessEvents({ ctx, input }: { ctx: CallerContext; input: unknown }): Promise<BulkDryRunResponse | BulkResultResponse> {
  requireTriage(ctx);
  const { search, assessment, dryRun } = parseOrThrow(BulkEventAssessmentInput, input);
  checkAssessment(assessment, "event");
  const compiled = compileSearch(ctx.tenantId, search as SearchRequest);
  const params = new Params();
  params.add(ctx.tenantId);
  const idsSql = matchingEventsSql(compiled, params);
  return withTransaction(async (client) => {
    if (dryRun) {
      const res = await client.query<{ n: string }>(`SELECT count(*) AS n FROM (${idsSql}) s`, params.values);
      return { dryRun: true, count: Number(res.rows[0].n) };
    }
    const result = await assessEventsWhere(client, ctx, { idsSql, params }, assessment, new Date().toISOString());
    return { dryRun: false, ...result };
  });
}

export async function bulkAssessIssues({ ctx, input }: { ctx: CallerContext; input: unknown }): Promise<BulkDryRunResponse | BulkResultResponse> {
  requireTriage(ctx);
  const { search, assessment, dryRun } = parseOrThrow(BulkIssueAssessmentInput, input);
  checkAssessment(assessment, "issue");
  const params = new Params();
  params.add(ctx.tenantId);
  const idsSql = `SELECT i.id FROM issues i WHERE ${issueConditions(ctx, search, params).join(" AND ")}`;
  return withTransaction(async (client) => {
    if (dryRun) {
      const res = await client.query<{ n: string }>(`SELECT count(*) AS n FROM (${idsSql}) s`, params.values);
      return { dryRun: true, count: Number(res.rows[0].n) };
    }
    const done = await assessIssuesWhere(client, ctx, { idsSql, params }, assessment, new Date().toISOString());
    return { dryRun: false, successes: done.length, failures: [] };
  });
}
