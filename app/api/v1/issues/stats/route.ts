// POST /api/v1/issues/stats — statistics: the queue's issues grouped by up to 3 fields, with named time-range counts
import { apiRoute } from "@/lib/api/handler";
import { readJsonObject } from "@/lib/api/read-body";
import { issueStats } from "@/lib/stats/issue-stats";

export const POST = apiRoute("POST /api/v1/issues/stats", async ({ req, ctx }) =>
  issueStats({ ctx, input: await readJsonObject(req), signal: req.signal }),
);
