// POST /api/v1/events/assessment/bulk — assess every event a search matches, no page cap: {search, assessment, dryRun}
import { apiRoute } from "@/lib/api/handler";
import { readJsonObject } from "@/lib/api/read-body";
import { bulkAssessEvents } from "@/lib/issues/assess";

export const POST = apiRoute("POST /api/v1/events/assessment/bulk", async ({ req, ctx }) =>
  bulkAssessEvents({ ctx, input: await readJsonObject(req) }),
);
