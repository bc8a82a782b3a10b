// GET /api/v1/issues/{id} — one issue; PATCH — status, close reason, assignee, priority (If-Match or version)
import { apiRoute } from "@/lib/api/handler";
import { withIfMatch } from "@/lib/api/if-match";
import { readJsonObject } from "@/lib/api/read-body";
import { getIssue } from "@/lib/issues/queries";
import { updateIssue } from "@/lib/issues/update-issue";

export const GET = apiRoute("GET /api/v1/issues/{id}", ({ ctx, params }) =>
  getIssue({ ctx, input: { id: params.id } }),
);

export const PATCH = apiRoute("PATCH /api/v1/issues/{id}", async ({ req, ctx, params }) =>
  updateIssue({ ctx, input: { ...withIfMatch(req, await readJsonObject(req)), id: params.id } }),
);
