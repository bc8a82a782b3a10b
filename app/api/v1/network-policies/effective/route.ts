// GET /api/v1/network-policies/effective — the merged rules an agent enforces (agent tokens, and every role), with an ETag
import { apiRoute } from "@/lib/api/handler";
import { etagMatches, getEffectivePolicy } from "@/lib/policies/effective";

export const GET = apiRoute({ auth: { mode: "user", permission: "effectivePolicy" } }, async ({ req, ctx }) => {
  const { body, etag } = await getEffectivePolicy({ ctx, input: Object.fromEntries(req.nextUrl.searchParams.entries()) });
  const headers = { ETag: etag, "Cache-Control": "private, no-cache" };
  if (etagMatches(req.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers });
  return Response.json(body, { headers });
});
