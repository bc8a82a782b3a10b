// GET /api/v1/saved-searches — the caller's saved searches and those shared with the tenant; POST — save one
import { apiRoute } from "@/lib/api/handler";
import { createSavedSearch } from "@/lib/saved-searches/create-saved-search";
import { listSavedSearches } from "@/lib/saved-searches/queries";
import { readJsonObject } from "@/lib/api/read-body";

export const GET = apiRoute("GET /api/v1/saved-searches", ({ ctx }) => listSavedSearches({ ctx }));

export const POST = apiRoute("POST /api/v1/saved-searches", async ({ req, ctx }) => {
  const item = await createSavedSearch({ ctx, input: await readJsonObject(req) });
  return Response.json(item, { status: 201 });
});
