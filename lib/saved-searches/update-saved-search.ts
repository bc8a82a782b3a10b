import "server-only";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { prisma } from "@/lib/db";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { isDuplicateName, isGone, ownSavedSearch, SAVED_SEARCH_SELECT, toItem } from "./internal";
import { UpdateSavedSearchInput, type SavedSearchItem } from "./schemas";

/** Renames and/or shares (unshares) one of the caller's saved searches, in one write. */
export async function updateSavedSearch({ ctx, input }: { ctx: CallerContext; input: unknown }): Promise<SavedSearchItem> {
  if (!roleCan(ctx.role, "read")) throw new ForbiddenError();
  const { id, name, shared } = UpdateSavedSearchInput.parse(input);
  const current = await ownSavedSearch(ctx, id);
  try {
    const row = await prisma.savedSearch.update({
      where: { id, tenantId: ctx.tenantId, ownerId: current.ownerId },
      data: { ...(name !== undefined && { name }), ...(shared !== undefined && { shared }) },
      select: SAVED_SEARCH_SELECT,
    });
    return toItem(ctx, row);
  } catch (err) {
    if (isDuplicateName(err)) throw new ConflictError(`You already have a saved search named "${name}"`);
    if (isGone(err)) throw new NotFoundError("Saved search");
    throw err;
  }
}
