// PATCH /api/v1/rule-sets/{id}/rules/{ruleId} — change, enable or disable a rule; DELETE — remove it (admins)
import { apiRoute } from "@/lib/api/handler";
import { readJsonObject } from "@/lib/api/read-body";
import { deleteRule, updateRule } from "@/lib/rules/edit-rule";

export const PATCH = apiRoute("PATCH /api/v1/rule-sets/{id}/rules/{ruleId}", async ({ req, ctx, params }) =>
  updateRule({ ctx, input: { id: params.id, ruleId: params.ruleId, changes: await readJsonObject(req) } }),
);

export const DELETE = apiRoute("DELETE /api/v1/rule-sets/{id}/rules/{ruleId}", async ({ ctx, params, query }) => {
  await deleteRule({ ctx, input: { id: params.id, ruleId: params.ruleId, version: query.version } });
  return new Response(null, { status: 204 });
});
