// GET /api/v1/network-policies/{id}/lineage?cursor=&limit= — every change to the policy and its rules, oldest first
import { apiRoute } from "@/lib/api/handler";
import { getPolicyLineage } from "@/lib/policies/queries";

export const GET = apiRoute("GET /api/v1/network-policies/{id}/lineage", ({ ctx, params, query }) =>
  getPolicyLineage({ ctx, input: { id: params.id, ...query } }),
);
