// GET /api/v1/network-policies/{id} — one policy; PATCH — its mode (If-Match or version); DELETE — it and its rules (admins)
import { apiRoute } from "@/lib/api/handler";
import { versionFromIfMatch, withIfMatch } from "@/lib/api/if-match";
import { readJsonObject } from "@/lib/api/read-body";
import { deletePolicy } from "@/lib/policies/delete-policy";
import { getPolicy } from "@/lib/policies/queries";
import { updatePolicy } from "@/lib/policies/update-policy";

export const GET = apiRoute("GET /api/v1/network-policies/{id}", ({ ctx, params }) =>
  getPolicy({ ctx, input: { id: params.id } }),
);

export const PATCH = apiRoute("PATCH /api/v1/network-policies/{id}", async ({ req, ctx, params }) =>
  updatePolicy({ ctx, input: { ...withIfMatch(req, await readJsonObject(req)), id: params.id } }),
);

export const DELETE = apiRoute("DELETE /api/v1/network-policies/{id}", async ({ req, ctx, params }) => {
  await deletePolicy({ ctx, input: { id: params.id, version: versionFromIfMatch(req) } });
  return new Response(null, { status: 204 });
});
