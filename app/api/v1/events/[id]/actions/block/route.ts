// POST /api/v1/events/{id}/actions/block — deny an event's network destination in a scope (analysts, admins); 201 when created, 200 when it already was
import { apiRoute } from "@/lib/api/handler";
import { readJsonObject } from "@/lib/api/read-body";
import { blockEvent } from "@/lib/policies/block";

export const POST = apiRoute("POST /api/v1/events/{id}/actions/block", async ({ req, ctx, params }) => {
  const result = await blockEvent({ ctx, input: { ...(await readJsonObject(req)), id: params.id } });
  return Response.json(result, { status: result.created ? 201 : 200 });
});
