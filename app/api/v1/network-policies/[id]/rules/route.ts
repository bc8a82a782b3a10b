// GET /api/v1/network-policies/{id}/rules?q=&sort=&page=&limit=&conflicts= — a page of a policy's rules with their conflicts; POST — add one (admins)
import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { readJsonObject } from "@/lib/api/read-body";
import { createRule } from "@/lib/policies/create-rule";
import { listRules } from "@/lib/policies/queries";
import { RuleListInput } from "@/lib/policies/rule-search-params";

const Params = z.object({ id: z.string() });

export const GET = apiRoute("GET /api/v1/network-policies/{id}/rules", { params: Params, query: RuleListInput }, ({ ctx, params, query }) =>
  listRules({ ctx, input: { ...query, id: params.id } }),
);

export const POST = apiRoute("POST /api/v1/network-policies/{id}/rules", { params: Params }, async ({ req, ctx, params }) => {
  const item = await createRule({ ctx, input: { ...(await readJsonObject(req)), id: params.id } });
  return Response.json(item, { status: 201 });
});
