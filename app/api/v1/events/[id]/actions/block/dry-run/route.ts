// POST /api/v1/events/{id}/actions/block/dry-run — what blocking an event's destination would have matched over 7 days, and the scopes offered
import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { readJsonObject } from "@/lib/api/read-body";
import { previewEventBlock } from "@/lib/policies/block-preview";

const Params = z.object({ id: z.string() });

export const POST = apiRoute("POST /api/v1/events/{id}/actions/block/dry-run", { params: Params }, async ({ req, ctx, params }) =>
  previewEventBlock({ ctx, input: { ...(await readJsonObject(req)), id: params.id } }),
);
