import "server-only";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { prisma } from "@/lib/db";
import { ConflictError, ForbiddenError, ValidationError } from "@/lib/errors";
import { parseOrThrow } from "@/lib/events/schemas";
import { writeLineage } from "@/lib/lineage/write";
import { requireIssueRow } from "./internal";
import type { IssueRow } from "./issue-row";
import { getIssue, issueDetailOf } from "./queries";
import { UpdateIssueInput } from "./schemas";
import type { IssueDetail, IssueStatus } from "./types";

// PATCH an issue: status (with its close reason), assignee, priority. A conditional update on
// the version the caller saw, with its lineage entry in the same transaction.

const CLOSED: readonly IssueStatus[] = ["resolved", "closed"];

/** The 409 of a stale version: it carries the issue as it is now, so the client can show it. */
export async function staleVersion(row: IssueRow): Promise<ConflictError> {
  return new ConflictError(`Issue ${row.id} was changed by someone else (now at version ${row.version}); reload and try again`, {
    current: await issueDetailOf(row),
  });
}

export async function updateIssue({ ctx, input }: { ctx: CallerContext; input: { id: string } & Record<string, unknown> }): Promise<IssueDetail> {
  if (!roleCan(ctx.role, "triage")) throw new ForbiddenError();
  const { id, ...rest } = input;
  const change = parseOrThrow(UpdateIssueInput, rest);
  const row = await requireIssueRow(ctx, id);
  if (row.version !== change.version) throw await staleVersion(row);

  const status = change.status ?? row.status;
  const closing = CLOSED.includes(status);
  if (closing && !change.closeReason && !CLOSED.includes(row.status)) {
    throw new ValidationError(`closeReason: resolving or closing an issue needs a reason`, { field: "closeReason" });
  }
  if (!closing && change.closeReason) {
    throw new ValidationError(`closeReason: only a resolved or closed issue has one`, { field: "closeReason" });
  }
  if (change.assigneeId) {
    // Managers read; an issue goes to someone who may triage it.
    const member = await prisma.membership.findFirst({
      where: { tenantId: ctx.tenantId, userId: change.assigneeId, role: { in: ["analyst", "admin"] }, user: { disabledAt: null } },
    });
    if (!member) throw new ValidationError(`assigneeId: not an analyst or admin of this tenant`, { field: "assigneeId" });
  }
  const closeReason = closing ? (change.closeReason ?? row.close_reason) : null;
  const before = { status: row.status, closeReason: row.close_reason, assignee: row.assignee_email, priority: row.priority };
  const assigneeEmail = change.assigneeId === undefined ? row.assignee_email
    : change.assigneeId === null ? null
    : (await prisma.user.findUnique({ where: { id: change.assigneeId }, select: { email: true } }))?.email ?? null;
  const after = { status, closeReason, assignee: assigneeEmail, priority: change.priority ?? row.priority };
  const changed = (Object.keys(after) as (keyof typeof after)[]).filter((k) => after[k] !== before[k]);
  if (changed.length === 0) {
    // Nothing to change, but still only on the version the caller saw.
    const res = await prisma.issue.updateMany({ where: { id: BigInt(row.id), tenantId: ctx.tenantId, version: row.version }, data: {} });
    if (res.count === 0) throw await staleVersion(await requireIssueRow(ctx, id));
    return getIssue({ ctx, input: { id } });
  }

  const now = new Date();
  const reopening = !closing && CLOSED.includes(row.status);
  await prisma.$transaction(async (tx) => {
    const res = await tx.issue.updateMany({
      where: { id: BigInt(row.id), tenantId: ctx.tenantId, version: row.version },
      data: {
        status,
        closeReason,
        ...(change.assigneeId !== undefined && { assigneeId: change.assigneeId }),
        ...(change.priority && { priority: change.priority }),
        ...(closing && { acceptsEvents: false }),
        ...(closing && !CLOSED.includes(row.status) && { resolvedAt: now }),
        ...(reopening && { resolvedAt: null }),
        version: { increment: 1 },
        updatedAt: now,
      },
    });
    if (res.count === 0) throw await staleVersion(await requireIssueRow(ctx, id));
    if (reopening) {
      // A reopened issue takes events again unless a newer issue of its fingerprint already does;
      // the fingerprint's lock orders this against a batch opening one.
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtextextended($1::text || (SELECT fingerprint FROM issues WHERE id = $2::bigint), 7))`, ctx.tenantId, row.id);
      await tx.$executeRawUnsafe(
        `UPDATE issues i SET accepts_events = NOT EXISTS (SELECT 1 FROM issues o WHERE o.tenant_id = i.tenant_id AND o.fingerprint = i.fingerprint AND o.accepts_events AND o.id <> i.id)
          WHERE i.id = $1::bigint`,
        row.id,
      );
    }
    await writeLineage(tx, ctx.tenantId, [{ subjectType: "issue", subjectId: row.id, action: actionOf(changed, status, row.status), actor: ctx.actor, details: { changed, before: pick(before, changed), after: pick(after, changed) } }]);
  });
  return getIssue({ ctx, input: { id } });
}

function pick<T extends Record<string, unknown>>(o: T, keys: (keyof T)[]): Partial<T> {
  return Object.fromEntries(keys.map((k) => [k, o[k]])) as Partial<T>;
}

function actionOf(changed: string[], status: IssueStatus, was: IssueStatus): string {
  if (changed.includes("status")) {
    if (!CLOSED.includes(status) && CLOSED.includes(was)) return "reopened";
    return status === "in_progress" ? "started" : status;
  }
  if (changed.includes("assignee")) return "assigned";
  if (changed.includes("priority")) return "prioritized";
  return "updated";
}
