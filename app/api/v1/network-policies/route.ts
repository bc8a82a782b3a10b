// GET /api/v1/network-policies — the tenant's network policies with rule counts and last change; POST — create one (admins)
import { apiRoute } from "@/lib/api/handler";
import { readJsonObject } from "@/lib/api/read-body";
import { createPolicy } from "@/lib/policies/create-policy";
import { listPolicies } from "@/lib/policies/queries";

export const GET = apiRoute("GET /api/v1/network-policies", ({ ctx }) => listPolicies({ ctx }));

export const POST = apiRoute("POST /api/v1/network-policies", async ({ req, ctx }) => {
  const item = await createPolicy({ ctx, input: await readJsonObject(req) });
  return Response.json(item, { status: 201 });
});
