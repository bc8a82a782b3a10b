// GET /api/v1/retro-hunts — the tenant's retro-hunts, newest first; POST — run a rule over a past window of stored events (admins)
import { apiRoute } from "@/lib/api/handler";
import { readJsonObject } from "@/lib/api/read-body";
import { listRetroHunts, startRetroHunt } from "@/lib/rules/retro-hunt";
import type { StartRetroHuntInput } from "@/lib/rules/retro-hunt-schemas";

export const GET = apiRoute("GET /api/v1/retro-hunts", ({ ctx, query }) => listRetroHunts({ ctx, input: query }));

export const POST = apiRoute("POST /api/v1/retro-hunts", async ({ req, ctx }) => {
  const hunt = await startRetroHunt({ ctx, input: (await readJsonObject(req)) as StartRetroHuntInput });
  return Response.json(hunt, { status: 202 });
});
