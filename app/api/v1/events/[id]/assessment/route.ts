// POST /api/v1/events/{id}/assessment — assess one event: flags, severity, comment, associate/disassociate an issue
import { apiRoute } from "@/lib/api/handler";
import { withIfMatch } from "@/lib/api/if-match";
import { readJsonObject } from "@/lib/api/read-body";
import { assessEvent } from "@/lib/issues/assess";
import { getEventAssessment } from "@/lib/issues/queries";

export const GET = apiRoute("GET /api/v1/events/{id}/assessment", ({ ctx, params }) =>
  getEventAssessment({ ctx, input: { id: params.id } }),
);

export const POST = apiRoute("POST /api/v1/events/{id}/assessment", async ({ req, ctx, params }) =>
  assessEvent({ ctx, input: { ...withIfMatch(req, await readJsonObject(req)), id: params.id } }),
);
