import "server-only";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { prisma } from "@/lib/db";
import { ForbiddenError } from "@/lib/errors";
import { requireUserId, SAVED_SEARCH_SELECT, toItems } from "./internal";
import type { SavedSearchItem } from "./schemas";

/** The caller's saved searches and the ones others shared with the tenant, by name. */
export async function listSavedSearches({ ctx }: { ctx: CallerContext }): Promise<{ data: SavedSearchItem[] }> {
  if (!roleCan(ctx.role, "read")) throw new ForbiddenError();
  const userId = requireUserId(ctx);
  const rows = await prisma.savedSearch.findMany({
    where: { tenantId: ctx.tenantId, OR: [{ ownerId: userId }, { shared: true }] },
    orderBy: [{ name: "asc" }, { createdAt: "asc" }],
    select: SAVED_SEARCH_SELECT,
  });
  return { data: await toItems(ctx, rows) };
}

export type ListSavedSearchesResponse = Awaited<ReturnType<typeof listSavedSearches>>;
