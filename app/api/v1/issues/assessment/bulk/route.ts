// POST /api/v1/issues/assessment/bulk — assess every issue the queue's filters match: {search, assessment, dryRun}
import { apiRoute } from "@/lib/api/handler";
import { readJsonObject } from "@/lib/api/read-body";
import { bulkAssessIssues } from "@/lib/issues/assess";

export const POST = apiRoute("POST /api/v1/issues/assessment/bulk", async ({ req, ctx }) =>
  bulkAssessIssues({ ctx, input: await readJsonObject(req) }),
);
