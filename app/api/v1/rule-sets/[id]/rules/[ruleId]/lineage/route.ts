// GET /api/v1/rule-sets/{id}/rules/{ruleId}/lineage?cursor=&limit= — every change to one rule, oldest first
import { apiRoute } from "@/lib/api/handler";
import { getRuleLineage } from "@/lib/rules/queries";

export const GET = apiRoute("GET /api/v1/rule-sets/{id}/rules/{ruleId}/lineage", ({ ctx, params, query }) =>
  getRuleLineage({ ctx, input: { id: params.id, ruleId: params.ruleId, ...query } }),
);
