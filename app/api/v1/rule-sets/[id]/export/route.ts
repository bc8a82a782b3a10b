// GET /api/v1/rule-sets/{id}/export — the rule set as a seed-002 document, YAML or JSON
import { apiRoute } from "@/lib/api/handler";
import { exportRuleSet } from "@/lib/rules/queries";

export const GET = apiRoute("GET /api/v1/rule-sets/{id}/export", async ({ ctx, params, query }) => {
  const out = await exportRuleSet({ ctx, input: { id: params.id, format: query.format } });
  return new Response(out.text, {
    headers: { "content-type": `${out.contentType}; charset=utf-8`, "content-disposition": `attachment; filename="${out.filename}"` },
  });
});
