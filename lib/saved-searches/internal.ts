import "server-only";
import type { CallerContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import type { SavedSearchItem } from "./schemas";
import { isUuid } from "@/lib/events/pg-limits";


export const SAVED_SEARCH_SELECT = {
  id: true, ownerId: true, name: true, query: true, shared: true, createdAt: true, updatedAt: true,
} as const;

type SavedSearchRow = { id: string; ownerId: string; name: string; query: string; shared: boolean; createdAt: Date; updatedAt: Date };

/** Saved searches belong to a person; an API key created without a user has nobody to save for. */
export function requireUserId(ctx: CallerContext): string {
  if (!ctx.userId) {
    throw new ForbiddenError("Saved searches belong to a user: this API key has none. Use an API key created for a user, or sign in.");
  }
  return ctx.userId;
}

/**
 * The caller's own saved search, for a change. Another tenant's, another user's private one or a
 * malformed id is a 404 (it leaks nothing); another user's shared one is visible, so a 403.
 */
export async function ownSavedSearch(ctx: CallerContext, id: string): Promise<SavedSearchRow> {
  const userId = requireUserId(ctx);
  if (!isUuid(id)) throw new NotFoundError("Saved search");
  const row = await prisma.savedSearch.findFirst({ where: { id, tenantId: ctx.tenantId }, select: SAVED_SEARCH_SELECT });
  if (!row || (row.ownerId !== userId && !row.shared)) throw new NotFoundError("Saved search");
  if (row.ownerId !== userId) throw new ForbiddenError("Only the owner may change or delete a saved search");
  return row;
}

export async function toItems(ctx: CallerContext, rows: SavedSearchRow[]): Promise<SavedSearchItem[]> {
  const ownerIds = [...new Set(rows.map((r) => r.ownerId))];
  const owners = await prisma.user.findMany({ where: { id: { in: ownerIds } }, select: { id: true, name: true } });
  const nameOf = new Map(owners.map((o) => [o.id, o.name]));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    query: r.query,
    shared: r.shared,
    mine: r.ownerId === ctx.userId,
    owner: { id: r.ownerId, name: nameOf.get(r.ownerId) ?? "" },
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }));
}

export async function toItem(ctx: CallerContext, row: SavedSearchRow): Promise<SavedSearchItem> {
  const [item] = await toItems(ctx, [row]);
  return item;
}

function prismaCode(err: unknown): unknown {
  return typeof err === "object" && err !== null ? (err as { code?: unknown }).code : undefined;
}

/** The unique (tenant_id, owner_id, name) constraint refused the write. */
export function isDuplicateName(err: unknown): boolean {
  return prismaCode(err) === "P2002";
}

/** The row went away between the lookup and the write (deleted concurrently). */
export function isGone(err: unknown): boolean {
  return prismaCode(err) === "P2025";
}
