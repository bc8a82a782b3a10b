// POST /api/v1/events/{id}/actions/block/dry-run — what blocking an event's destination would have matched over 7 days, and the scopes offered
import { apiRoute } from "@/lib/api/handler";
import { readJsonObject } from "@/lib/api/read-body";
import { previewEventBlock } from "@/lib/policies/block-preview";

export const POST = apiRoute("POST /api/v1/events/{id}/actions/block/dry-run", async ({ req, ctx, params }) =>
  previewEventBlock({ ctx, input: { ...(await readJsonObject(req)), id: params.id } }),
);
