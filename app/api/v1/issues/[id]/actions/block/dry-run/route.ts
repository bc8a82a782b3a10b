// POST /api/v1/issues/{id}/actions/block/dry-run — what blocking an issue's (its newest event with one) destination would have matched over 7 days, and the scopes offered
import { apiRoute } from "@/lib/api/handler";
import { readJsonObject } from "@/lib/api/read-body";
import { previewIssueBlock } from "@/lib/policies/block-preview";

export const POST = apiRoute("POST /api/v1/issues/{id}/actions/block/dry-run", async ({ req, ctx, params }) =>
  previewIssueBlock({ ctx, input: { ...(await readJsonObject(req)), id: params.id } }),
);
