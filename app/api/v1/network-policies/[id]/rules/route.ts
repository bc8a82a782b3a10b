// GET /api/v1/network-policies/{id}/rules — a policy's rules; POST — add one (admins)
import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { readJsonObject } from "@/lib/api/read-body";
import { createRule } from "@/lib/policies/create-rule";
import { listRules } from "@/lib/policies/queries";

const Params = z.object({ id: z.string() });

export const GET = apiRoute("GET /api/v1/network-policies/{id}/rules", { params: Params }, ({ ctx, params }) =>
  listRules({ ctx, input: { id: params.id } }),
);

export const POST = apiRoute("POST /api/v1/network-policies/{id}/rules", { params: Params }, async ({ req, ctx, params }) => {
  const item = await createRule({ ctx, input: { ...(await readJsonObject(req)), id: params.id } });
  return Response.json(item, { status: 201 });
});
