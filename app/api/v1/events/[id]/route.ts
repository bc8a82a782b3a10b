// GET /api/v1/events/{id} — one event with its agent, process, ancestry, flow, DNS names and file
import { apiRoute } from "@/lib/api/handler";
import { getEvent } from "@/lib/events/event-detail";

export const GET = apiRoute("GET /api/v1/events/{id}", ({ ctx, params }) =>
  getEvent({ ctx, input: { id: params.id } }),
);
