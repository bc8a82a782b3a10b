import "server-only";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { prisma } from "@/lib/db";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { requireEventId } from "@/lib/events/event-detail";
import { parseOrThrow } from "@/lib/events/schemas";
import { writeLineage } from "@/lib/lineage/write";
import { requireIssueRow } from "./internal";
import { CreateCommentInput, UpdateCommentInput } from "./schemas";
import type { CommentItem } from "./types";
import { isUuid } from "@/lib/events/pg-limits";

// Comments on issues and events: Markdown (rendered safely by the page), editable and deletable
// by their author only. Each change is written to the lineage of the issue or event commented on.

type Subject = { subjectType: "issue" | "event"; subjectId: string };


const SELECT = {
  id: true, subjectType: true, subjectId: true, authorId: true, author: true, body: true, version: true,
  createdAt: true, updatedAt: true, deletedAt: true,
} as const;

type Row = { id: string; subjectType: string; subjectId: string; authorId: string | null; author: string; body: string; version: number; createdAt: Date; updatedAt: Date };

function toItem(ctx: CallerContext, r: Row, names: Map<string, string>): CommentItem {
  return {
    id: r.id,
    subjectType: r.subjectType as CommentItem["subjectType"],
    subjectId: r.subjectId,
    author: { id: r.authorId, name: (r.authorId && names.get(r.authorId)) || r.author.replace(/^[a-z-]+:/, "") },
    body: r.body,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    edited: r.version > 1,
    mine: r.authorId !== null && r.authorId === ctx.userId,
    version: r.version,
  };
}

async function authorNames(rows: Row[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.flatMap((r) => (r.authorId ? [r.authorId] : [])))];
  const users = await prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  return new Map(users.map((u) => [u.id, u.name]));
}

/** The issue or event, checked to be the caller's tenant's (else a 404), as comments name it. */
async function requireSubject(ctx: CallerContext, s: Subject): Promise<Subject> {
  if (s.subjectType === "issue") return { subjectType: "issue", subjectId: String((await requireIssueRow(ctx, s.subjectId)).id) };
  return { subjectType: "event", subjectId: await requireEventId(ctx, s.subjectId) };
}

export async function listComments({ ctx, input }: { ctx: CallerContext; input: Subject }): Promise<CommentItem[]> {
  if (!roleCan(ctx.role, "read")) throw new ForbiddenError();
  const s = await requireSubject(ctx, input);
  const rows = await prisma.comment.findMany({
    where: { tenantId: ctx.tenantId, subjectType: s.subjectType, subjectId: s.subjectId, deletedAt: null },
    orderBy: { createdAt: "asc" },
    select: SELECT,
    take: 1000,
  });
  const names = await authorNames(rows);
  return rows.map((r) => toItem(ctx, r, names));
}

/** Comments are a person's: an API key without a user has nobody to write as. */
function requireAuthor(ctx: CallerContext): string {
  if (!roleCan(ctx.role, "triage")) throw new ForbiddenError();
  if (!ctx.userId) throw new ForbiddenError("Comments are written by a person: use an API key made for a user, or sign in");
  return ctx.userId;
}

export async function createComment({ ctx, input }: { ctx: CallerContext; input: Subject & Record<string, unknown> }): Promise<CommentItem> {
  const userId = requireAuthor(ctx);
  const { subjectType, subjectId, ...rest } = input;
  const { body } = parseOrThrow(CreateCommentInput, rest);
  const s = await requireSubject(ctx, { subjectType, subjectId });
  const row = await prisma.$transaction(async (tx) => {
    const created = await tx.comment.create({
      data: { tenantId: ctx.tenantId, subjectType: s.subjectType, subjectId: s.subjectId, authorId: userId, author: ctx.actor, body },
      select: SELECT,
    });
    if (s.subjectType === "issue") {
      await tx.$executeRawUnsafe(
        `UPDATE issues SET flags = ARRAY(SELECT DISTINCT f FROM unnest(array_append(flags, 'commented')) AS f ORDER BY f), updated_at = now()
          WHERE id = $1::bigint AND tenant_id = $2::uuid`,
        s.subjectId, ctx.tenantId,
      );
    }
    await writeLineage(tx, ctx.tenantId, [{ ...s, action: "commented", actor: ctx.actor, details: { commentId: created.id, comment: body } }]);
    return created;
  });
  return toItem(ctx, row, await authorNames([row]));
}

async function ownComment(ctx: CallerContext, id: string) {
  const userId = requireAuthor(ctx);
  if (!isUuid(id)) throw new NotFoundError("Comment");
  const row = await prisma.comment.findFirst({ where: { id, tenantId: ctx.tenantId, deletedAt: null }, select: SELECT });
  if (!row) throw new NotFoundError("Comment");
  if (row.authorId !== userId) throw new ForbiddenError("Only its author may change or delete a comment");
  return row;
}

export async function updateComment({ ctx, input }: { ctx: CallerContext; input: { id: string } & Record<string, unknown> }): Promise<CommentItem> {
  const { id, ...rest } = input;
  const { body, version } = parseOrThrow(UpdateCommentInput, rest);
  const row = await ownComment(ctx, id);
  const expected = version ?? row.version;
  const updated = await prisma.$transaction(async (tx) => {
    const res = await tx.comment.updateMany({
      where: { id, tenantId: ctx.tenantId, version: expected, deletedAt: null },
      data: { body, version: { increment: 1 }, updatedAt: new Date() },
    });
    if (res.count === 0) throw new ConflictError("The comment was changed by someone else; reload and try again");
    await writeLineage(tx, ctx.tenantId, [{
      subjectType: row.subjectType as Subject["subjectType"], subjectId: row.subjectId, action: "comment_edited", actor: ctx.actor,
      details: { commentId: id, changed: ["comment"], before: { comment: row.body }, after: { comment: body } },
    }]);
    return tx.comment.findFirstOrThrow({ where: { id }, select: SELECT });
  });
  return toItem(ctx, updated, await authorNames([updated]));
}

export async function deleteComment({ ctx, input }: { ctx: CallerContext; input: { id: string } }): Promise<void> {
  const row = await ownComment(ctx, input.id);
  await prisma.$transaction(async (tx) => {
    const res = await tx.comment.updateMany({
      where: { id: input.id, tenantId: ctx.tenantId, deletedAt: null },
      data: { deletedAt: new Date(), body: "", version: { increment: 1 } },
    });
    if (res.count === 0) throw new NotFoundError("Comment");
    await writeLineage(tx, ctx.tenantId, [{
      subjectType: row.subjectType as Subject["subjectType"], subjectId: row.subjectId, action: "comment_deleted", actor: ctx.actor,
      details: { commentId: input.id, before: { comment: row.body } },
    }]);
  });
}
