// GET /api/v1/rule-sets/{id} — one rule set with its rules and hits; DELETE — it and its rules (admins)
import { apiRoute } from "@/lib/api/handler";
import { deleteRuleSet } from "@/lib/rules/delete-rule-set";
import { getRuleSet } from "@/lib/rules/queries";

export const GET = apiRoute("GET /api/v1/rule-sets/{id}", ({ ctx, params }) => getRuleSet({ ctx, input: { id: params.id } }));

export const DELETE = apiRoute("DELETE /api/v1/rule-sets/{id}", async ({ ctx, params }) => {
  await deleteRuleSet({ ctx, input: { id: params.id } });
  return new Response(null, { status: 204 });
});
