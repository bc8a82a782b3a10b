// GET /api/v1/network-policies/{id}/rules/{ruleId} — one rule; PATCH — change it (If-Match or version); DELETE — delete it (admins)
import { apiRoute } from "@/lib/api/handler";
import { versionFromIfMatch, withIfMatch } from "@/lib/api/if-match";
import { readJsonObject } from "@/lib/api/read-body";
import { deleteRule } from "@/lib/policies/delete-rule";
import { getRule } from "@/lib/policies/queries";
import { updateRule } from "@/lib/policies/update-rule";

export const GET = apiRoute("GET /api/v1/network-policies/{id}/rules/{ruleId}", ({ ctx, params }) =>
  getRule({ ctx, input: { id: params.id, ruleId: params.ruleId } }),
);

export const PATCH = apiRoute("PATCH /api/v1/network-policies/{id}/rules/{ruleId}", async ({ req, ctx, params }) =>
  updateRule({ ctx, input: { ...withIfMatch(req, await readJsonObject(req)), id: params.id, ruleId: params.ruleId } }),
);

export const DELETE = apiRoute("DELETE /api/v1/network-policies/{id}/rules/{ruleId}", async ({ req, ctx, params }) => {
  await deleteRule({ ctx, input: { id: params.id, ruleId: params.ruleId, version: versionFromIfMatch(req) } });
  return new Response(null, { status: 204 });
});
