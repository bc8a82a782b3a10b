// GET /api/v1/events/{id}/lineage?cursor=&limit= — every change to the event, oldest first
import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { getEventLineage } from "@/lib/lineage/queries";
import { LineagePageInput } from "@/lib/lineage/schemas";

export const GET = apiRoute(
  "GET /api/v1/events/{id}/lineage", { params: z.object({ id: z.string() }), query: LineagePageInput },
  ({ ctx, params, query }) => getEventLineage({ ctx, input: { id: params.id, ...query } }),
);
