// GET /api/v1/issues/{id}/lineage?cursor=&limit= — every change to the issue, oldest first
import { apiRoute } from "@/lib/api/handler";
import { getIssueLineage } from "@/lib/issues/queries";

export const GET = apiRoute("GET /api/v1/issues/{id}/lineage", ({ ctx, params, query }) =>
  getIssueLineage({ ctx, input: { id: params.id, ...query } }),
);
