// POST /api/v1/ingest/{format} — ingest events in an agent's own format
import { apiRoute } from "@/lib/api/handler";
import { ingestRequest } from "@/lib/ingest/ingest-request";

export const POST = apiRoute("POST /api/v1/ingest/{format}", async ({ req, ctx, params }) => {
  return Response.json(await ingestRequest(ctx, params.format, req));
});
