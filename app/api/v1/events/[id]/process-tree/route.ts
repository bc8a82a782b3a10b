// GET /api/v1/events/{id}/process-tree?window=<minutes> — the event's process with ancestors, siblings, children and their events
import { apiRoute } from "@/lib/api/handler";
import { getProcessTree } from "@/lib/events/process-tree";

export const GET = apiRoute("GET /api/v1/events/{id}/process-tree", ({ ctx, params, query }) =>
  getProcessTree({ ctx, input: { id: params.id, window: query.window } }),
);
