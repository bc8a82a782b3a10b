// GET /api/v1/issues/{id}/events?q=&sort=&cursor=&limit= — the issue's events, searchable with the query language
import { apiRoute } from "@/lib/api/handler";
import { listIssueEvents } from "@/lib/issues/queries";

export const GET = apiRoute("GET /api/v1/issues/{id}/events", ({ ctx, params, query }) =>
  listIssueEvents({ ctx, input: { ...(query as Record<string, unknown>), id: params.id } }),
);
