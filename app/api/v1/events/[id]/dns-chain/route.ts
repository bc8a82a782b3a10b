// GET /api/v1/events/{id}/dns-chain — queried domain → CNAMEs → IP, joined with the flow and the verdict
import { apiRoute } from "@/lib/api/handler";
import { getEventDnsChain } from "@/lib/events/event-detail";

export const GET = apiRoute("GET /api/v1/events/{id}/dns-chain", ({ ctx, params }) =>
  getEventDnsChain({ ctx, input: { id: params.id } }),
);
