import "server-only";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { prisma } from "@/lib/db";
import { ConflictError, ForbiddenError } from "@/lib/errors";
import { isDuplicateName, requireUserId, SAVED_SEARCH_SELECT, toItem } from "./internal";
import { CreateSavedSearchInput, type SavedSearchItem } from "./schemas";

export async function createSavedSearch({ ctx, input }: { ctx: CallerContext; input: unknown }): Promise<SavedSearchItem> {
  if (!roleCan(ctx.role, "read")) throw new ForbiddenError();
  const { name, query, shared } = CreateSavedSearchInput.parse(input);
  const ownerId = requireUserId(ctx);
  try {
    const row = await prisma.savedSearch.create({
      data: { tenantId: ctx.tenantId, ownerId, name, query, shared },
      select: SAVED_SEARCH_SELECT,
    });
    return toItem(ctx, row);
  } catch (err) {
    if (isDuplicateName(err)) throw new ConflictError(`You already have a saved search named "${name}"`);
    throw err;
  }
}
