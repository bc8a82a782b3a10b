import "server-only";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { prisma } from "@/lib/db";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { ownSavedSearch } from "./internal";
import { SavedSearchId } from "./schemas";

export async function deleteSavedSearch({ ctx, input }: { ctx: CallerContext; input: unknown }): Promise<void> {
  if (!roleCan(ctx.role, "read")) throw new ForbiddenError();
  const { id } = SavedSearchId.parse(input);
  const current = await ownSavedSearch(ctx, id);
  const { count } = await prisma.savedSearch.deleteMany({ where: { id, tenantId: ctx.tenantId, ownerId: current.ownerId } });
  if (count === 0) throw new NotFoundError("Saved search");
}
