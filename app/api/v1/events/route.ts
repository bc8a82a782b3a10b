// GET /api/v1/events — simple search (repeated field parameters are OR-ed)
// PUT /api/v1/events — create or update one event (Garnet CreateOrUpdateEventV2, PUT semantics)
import { apiRoute } from "@/lib/api/handler";
import { searchEvents } from "@/lib/events/search";
import { simpleSearchRequest } from "@/lib/events/simple-search";
import { putGarnetEvent } from "@/lib/ingest/ingest-request";

export const GET = apiRoute("GET /api/v1/events", async ({ req, ctx }) => {
  const { data, nextCursor, total, totalIsExact, from, to } = await searchEvents({
    ctx,
    input: simpleSearchRequest(req.nextUrl.searchParams),
    signal: req.signal,
  });
  return { data, nextCursor, total, totalIsExact, from, to };
});

export const PUT = apiRoute("PUT /api/v1/events", async ({ req, ctx }) => {
  const out = await putGarnetEvent(ctx, req);
  return Response.json(out, { status: out.status === "created" ? 201 : 200 });
});
