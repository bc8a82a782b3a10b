import "server-only";
import type { PoolClient } from "pg";
import type { CallerContext } from "@/lib/auth/context";
import { pool } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { parseEventId } from "@/lib/events/event-detail";
import { ISSUE_FROM, ISSUE_SELECT, type IssueRow } from "./issue-row";

// Tenant-scoped fetch-or-throw lookups: another tenant's id, an unknown one or one that is not
// a number is a 404 that leaks nothing.

/** The issue id as stored, or null when the text cannot name one. */
export function parseIssueId(id: string): string | null {
  return parseEventId(id);
}

export async function findIssueRow(ctx: CallerContext, rawId: string, db: Pick<PoolClient, "query"> = pool()): Promise<IssueRow | null> {
  const id = parseIssueId(rawId);
  if (!id) return null;
  const res = await db.query<IssueRow>(`SELECT ${ISSUE_SELECT} FROM ${ISSUE_FROM} WHERE i.tenant_id = $1 AND i.id = $2`, [ctx.tenantId, id]);
  return res.rows[0] ?? null;
}

export async function requireIssueRow(ctx: CallerContext, rawId: string, db?: Pick<PoolClient, "query">): Promise<IssueRow> {
  const row = await findIssueRow(ctx, rawId, db);
  if (!row) throw new NotFoundError("Issue");
  return row;
}
