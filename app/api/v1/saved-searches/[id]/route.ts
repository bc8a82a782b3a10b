// PATCH /api/v1/saved-searches/{id} — rename or (un)share one's own saved search; DELETE — delete it
import { apiRoute } from "@/lib/api/handler";
import { deleteSavedSearch } from "@/lib/saved-searches/delete-saved-search";
import { readJsonObject } from "@/lib/api/read-body";
import { updateSavedSearch } from "@/lib/saved-searches/update-saved-search";

export const PATCH = apiRoute("PATCH /api/v1/saved-searches/{id}", async ({ req, ctx, params }) => {
  const body = await readJsonObject(req);
  return updateSavedSearch({ ctx, input: { ...body, id: params.id } });
});

export const DELETE = apiRoute("DELETE /api/v1/saved-searches/{id}", async ({ ctx, params }) => {
  await deleteSavedSearch({ ctx, input: { id: params.id } });
  return new Response(null, { status: 204 });
});
