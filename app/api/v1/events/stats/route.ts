// POST /api/v1/events/stats — statistics: the search's events grouped by up to 3 fields, with named time-range counts
import { apiRoute } from "@/lib/api/handler";
import { readJsonObject } from "@/lib/api/read-body";
import { eventStats } from "@/lib/stats/event-stats";

export const POST = apiRoute("POST /api/v1/events/stats", async ({ req, ctx }) =>
  eventStats({ ctx, input: await readJsonObject(req), signal: req.signal }),
);
