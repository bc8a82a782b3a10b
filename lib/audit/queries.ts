import "server-only";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { prisma } from "@/lib/db";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { parseOrThrow } from "@/lib/events/schemas";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { AuditValues } from "./changes";
import { AUDIT_PAGE_SIZE, AuditQuery, auditTimeBounds, decodeAuditCursor, encodeAuditCursor } from "./schemas";
import type { AuditEntryDto } from "./types";

// Reading the audit log of the caller's tenant: admins only. Newest first, paged by keyset on
// (at, id); the count of matches runs beside the page.

const SELECT = {
  id: true, at: true, actor: true, action: true, subjectType: true, subjectId: true, subjectLabel: true,
  via: true, address: true, userAgent: true, before: true, after: true,
} as const satisfies Prisma.AuditEntrySelect;

type Row = Prisma.AuditEntryGetPayload<{ select: typeof SELECT }>;

export function toAuditDto(r: Row): AuditEntryDto {
  return {
    id: r.id.toString(), at: r.at.toISOString(), actor: r.actor, action: r.action, subjectType: r.subjectType,
    subjectId: r.subjectId, subjectLabel: r.subjectLabel, via: r.via, address: r.address, userAgent: r.userAgent,
    before: (r.before as AuditValues | null) ?? null, after: (r.after as AuditValues | null) ?? null,
  };
}

export function assertAdmin(ctx: CallerContext) {
  if (!roleCan(ctx.role, "admin")) throw new ForbiddenError();
}

/** The WHERE of a query's filters in the caller's tenant (paging aside). */
export function auditWhere(ctx: CallerContext, q: AuditQuery): Prisma.AuditEntryWhereInput {
  const { from, to } = auditTimeBounds(q);
  if (from && to && from >= to) throw new ValidationError("from: must be before to", { field: "from" });
  return {
    tenantId: ctx.tenantId,
    ...(q.actor ? { actor: q.actor } : {}),
    ...(q.action ? { action: q.action } : {}),
    ...(q.subjectType ? { subjectType: q.subjectType } : {}),
    ...(from || to ? { at: { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) } } : {}),
  };
}

export async function listAuditEntries({ ctx, input }: { ctx: CallerContext; input: unknown }) {
  assertAdmin(ctx);
  const q = parseOrThrow(AuditQuery, input);
  return readAuditPage(ctx, q, { limit: q.limit ?? AUDIT_PAGE_SIZE, total: true });
}

/** A page of a parsed query, newest first; `total` also counts every match. The caller checked the role. */
export async function readAuditPage(ctx: CallerContext, q: AuditQuery, opts: { limit: number; total: boolean }) {
  const where = auditWhere(ctx, q);
  const after = q.cursor ? decodeAuditCursor(q.cursor) : null;
  const older: Prisma.AuditEntryWhereInput = after
    ? { OR: [{ at: { lt: after.at } }, { at: after.at, id: { lt: BigInt(after.id) } }] }
    : {};
  const [rows, total] = await Promise.all([
    prisma.auditEntry.findMany({
      where: { AND: [where, older] },
      orderBy: [{ at: "desc" }, { id: "desc" }],
      take: opts.limit + 1,
      select: SELECT,
    }),
    opts.total ? prisma.auditEntry.count({ where }) : null,
  ]);
  const entries = rows.slice(0, opts.limit).map(toAuditDto);
  return { entries, nextCursor: rows.length > opts.limit ? encodeAuditCursor(entries[entries.length - 1]) : null, total };
}
export type AuditPage = Awaited<ReturnType<typeof listAuditEntries>>;

/** The actors, actions and subject types the tenant's log holds: the filters' choices. */
export async function getAuditFacets({ ctx }: { ctx: CallerContext }) {
  assertAdmin(ctx);
  const where = { tenantId: ctx.tenantId };
  const [actors, actions, subjectTypes] = await Promise.all([
    prisma.auditEntry.groupBy({ by: ["actor"], where, orderBy: { actor: "asc" }, take: 500 }),
    prisma.auditEntry.groupBy({ by: ["action"], where, orderBy: { action: "asc" } }),
    prisma.auditEntry.groupBy({ by: ["subjectType"], where, orderBy: { subjectType: "asc" } }),
  ]);
  return {
    actors: actors.map((r) => r.actor),
    actions: actions.map((r) => r.action),
    subjectTypes: subjectTypes.map((r) => r.subjectType),
  };
}
export type AuditFacets = Awaited<ReturnType<typeof getAuditFacets>>;
