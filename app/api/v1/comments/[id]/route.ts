// PATCH /api/v1/comments/{id} — edit one's own comment; DELETE — delete it
import { apiRoute } from "@/lib/api/handler";
import { withIfMatch } from "@/lib/api/if-match";
import { readJsonObject } from "@/lib/api/read-body";
import { deleteComment, updateComment } from "@/lib/issues/comments";

export const PATCH = apiRoute("PATCH /api/v1/comments/{id}", async ({ req, ctx, params }) =>
  updateComment({ ctx, input: { ...withIfMatch(req, await readJsonObject(req)), id: params.id } }),
);

export const DELETE = apiRoute("DELETE /api/v1/comments/{id}", async ({ ctx, params }) => {
  await deleteComment({ ctx, input: { id: params.id } });
  return new Response(null, { status: 204 });
});
