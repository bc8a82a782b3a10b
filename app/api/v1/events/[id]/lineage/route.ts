// GET /api/v1/events/{id}/lineage?cursor=&limit= — every change to the event, oldest first
import { apiRoute } from "@/lib/api/handler";
import { getEventLineage } from "@/lib/lineage/queries";

export const GET = apiRoute("GET /api/v1/events/{id}/lineage", ({ ctx, params, query }) =>
  getEventLineage({ ctx, input: { id: params.id, ...query } }),
);
