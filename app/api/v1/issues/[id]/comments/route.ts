// GET /api/v1/issues/{id}/comments — the comments, oldest first; POST — add one (Markdown)
import { apiRoute } from "@/lib/api/handler";
import { readJsonObject } from "@/lib/api/read-body";
import { createComment, listComments } from "@/lib/issues/comments";

export const GET = apiRoute("GET /api/v1/issues/{id}/comments", ({ ctx, params }) =>
  listComments({ ctx, input: { subjectType: "issue", subjectId: params.id } }),
);

export const POST = apiRoute("POST /api/v1/issues/{id}/comments", async ({ req, ctx, params }) =>
  Response.json(await createComment({ ctx, input: { ...(await readJsonObject(req)), subjectType: "issue", subjectId: params.id } }), { status: 201 }),
);
