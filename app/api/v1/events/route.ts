// PUT /api/v1/events — create or update one event (Garnet CreateOrUpdateEventV2, PUT semantics)
import { apiRoute } from "@/lib/api/handler";
import { putGarnetEvent } from "@/lib/ingest/ingest-request";

export const PUT = apiRoute({ auth: { mode: "ingest" } }, async ({ req, ctx }) => {
  const out = await putGarnetEvent(ctx, req);
  return Response.json(out, { status: out.status === "created" ? 201 : 200 });
});
