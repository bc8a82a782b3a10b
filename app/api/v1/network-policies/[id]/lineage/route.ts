// GET /api/v1/network-policies/{id}/lineage?cursor=&limit= — every change to the policy and its rules, oldest first
import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { LineagePageInput } from "@/lib/lineage/schemas";
import { getPolicyLineage } from "@/lib/policies/queries";

export const GET = apiRoute(
  "GET /api/v1/network-policies/{id}/lineage", { params: z.object({ id: z.string() }), query: LineagePageInput },
  ({ ctx, params, query }) => getPolicyLineage({ ctx, input: { id: params.id, ...query } }),
);
