// GET /api/v1/network-policies/{id}/rules?q=&sort=&page=&limit=&conflicts= — a page of a policy's rules with their conflicts; POST — add one (admins)
import { apiRoute } from "@/lib/api/handler";
import { readJsonObject } from "@/lib/api/read-body";
import { createRule } from "@/lib/policies/create-rule";
import { listRules } from "@/lib/policies/queries";

export const GET = apiRoute("GET /api/v1/network-policies/{id}/rules", ({ ctx, params, query }) =>
  listRules({ ctx, input: { ...query, id: params.id } }),
);

export const POST = apiRoute("POST /api/v1/network-policies/{id}/rules", async ({ req, ctx, params }) => {
  const item = await createRule({ ctx, input: { ...(await readJsonObject(req)), id: params.id } });
  return Response.json(item, { status: 201 });
});
