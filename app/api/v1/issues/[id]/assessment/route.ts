// POST /api/v1/issues/{id}/assessment — assess an issue: flags, severity, comment, handledByAnalyst
import { apiRoute } from "@/lib/api/handler";
import { withIfMatch } from "@/lib/api/if-match";
import { readJsonObject } from "@/lib/api/read-body";
import { assessIssue } from "@/lib/issues/assess";

export const POST = apiRoute("POST /api/v1/issues/{id}/assessment", async ({ req, ctx, params }) =>
  assessIssue({ ctx, input: { ...withIfMatch(req, await readJsonObject(req)), id: params.id } }),
);
