// GET /api/v1/events/{id}/process-tree?window=<minutes> — the event's process with ancestors, siblings, children and their events
import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { getProcessTree, GetProcessTreeInput } from "@/lib/events/process-tree";

export const GET = apiRoute(
  "GET /api/v1/events/{id}/process-tree", { params: z.object({ id: z.string() }),
    query: GetProcessTreeInput.pick({ window: true }),
  },
  ({ ctx, params, query }) => getProcessTree({ ctx, input: { id: params.id, window: query.window } }),
);
