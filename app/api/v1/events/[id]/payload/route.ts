// GET /api/v1/events/{id}/payload — the raw body the agent sent, byte for byte
import { apiRoute } from "@/lib/api/handler";
import { getEventPayload } from "@/lib/events/event-detail";

export const GET = apiRoute("GET /api/v1/events/{id}/payload", async ({ ctx, params }) => {
  const payload = await getEventPayload({ ctx, input: { id: params.id } });
  return new Response(payload.body, {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "x-vigil-source-format": payload.format,
      "cache-control": "private, no-store",
    },
  });
});
