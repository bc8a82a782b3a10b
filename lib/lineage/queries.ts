import "server-only";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { pool } from "@/lib/db";
import { ForbiddenError } from "@/lib/errors";
import { requireEventId } from "@/lib/events/event-detail";
import type { LineageEntry, LineagePage } from "./format-entry";
import { LineagePageInput } from "./schemas";

// Reads of the append-only lineage. Every subject type checks its subject exists in the caller's
// tenant before listing (events here; issues and policies add their own wrappers).

const DEFAULT_LIMIT = 200;

/** A lineage_entries row as SELECTed. */
export interface LineageRow {
  id: string;
  subject_type: string;
  subject_id: string;
  action: string;
  actor: string;
  at: Date;
  details: unknown;
}

/** A row as the API answers it: details only when they are an object. */
export function toLineageEntry(r: LineageRow): LineageEntry {
  const details = typeof r.details === "object" && r.details !== null && !Array.isArray(r.details) ? (r.details as Record<string, unknown>) : null;
  return { id: String(r.id), subjectType: r.subject_type, subjectId: r.subject_id, action: r.action, actor: r.actor, at: r.at.toISOString(), details };
}

/** One subject's entries in the order they were written. The caller has checked the subject belongs to the tenant. */
export async function listLineage({
  ctx,
  input,
}: {
  ctx: CallerContext;
  input: { subjectType: string; subjectId: string } & LineagePageInput;
}): Promise<LineagePage> {
  if (!roleCan(ctx.role, "read")) throw new ForbiddenError();
  const { cursor, limit = DEFAULT_LIMIT } = LineagePageInput.parse({ cursor: input.cursor, limit: input.limit });
  const res = await pool().query<LineageRow>(
    `SELECT id, subject_type, subject_id, action, actor, at, details FROM lineage_entries
      WHERE tenant_id = $1 AND subject_type = $2 AND subject_id = $3 AND id > $4
      ORDER BY id LIMIT $5`,
    [ctx.tenantId, input.subjectType, input.subjectId, cursor ?? "0", limit + 1],
  );
  const rows = res.rows.slice(0, limit).map(toLineageEntry);
  return { data: rows, nextCursor: res.rows.length > limit ? rows[rows.length - 1].id : null };
}

export async function getEventLineage({ ctx, input }: { ctx: CallerContext; input: { id: string } & LineagePageInput }): Promise<LineagePage> {
  if (!roleCan(ctx.role, "read")) throw new ForbiddenError();
  const id = await requireEventId(ctx, input.id);
  return listLineage({ ctx, input: { subjectType: "event", subjectId: id, cursor: input.cursor, limit: input.limit } });
}
