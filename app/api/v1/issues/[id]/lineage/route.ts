// GET /api/v1/issues/{id}/lineage?cursor=&limit= — every change to the issue, oldest first
import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { getIssueLineage } from "@/lib/issues/queries";
import { LineagePageInput } from "@/lib/lineage/schemas";

export const GET = apiRoute(
  "GET /api/v1/issues/{id}/lineage", { params: z.object({ id: z.string() }), query: LineagePageInput },
  ({ ctx, params, query }) => getIssueLineage({ ctx, input: { id: params.id, ...query } }),
);
