// POST /api/v1/ingest/{format} — ingest events in an agent's own format
import { apiRoute } from "@/lib/api/handler";
import { problem } from "@/lib/api/problem";
import { IngestParams, ingestRequest } from "@/lib/ingest/ingest-request";

export const POST = apiRoute({ auth: { mode: "ingest" }, params: IngestParams }, async ({ req, ctx, params }) => {
  const { status, body } = await ingestRequest(ctx, params.format, req);
  if (status === 400) {
    // Every item was refused: a problem, still carrying the counts and each item's error.
    const first = body.rejected[0];
    return problem(400, "Bad Request", `all ${body.rejected.length} items were rejected; item ${first.index}: ${first.error}`, { ...body });
  }
  return Response.json(body, { status });
});
