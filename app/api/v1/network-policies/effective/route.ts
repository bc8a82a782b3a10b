// GET /api/v1/network-policies/effective — the merged rules an agent enforces (agent tokens, and every role), with an ETag
import { apiRoute } from "@/lib/api/handler";
import { getEffectivePolicy } from "@/lib/policies/effective";

export const GET = apiRoute("GET /api/v1/network-policies/effective", async ({ req, ctx }) => {
  const { etag, json } = await getEffectivePolicy({
    ctx,
    input: Object.fromEntries(req.nextUrl.searchParams.entries()),
    ifNoneMatch: req.headers.get("if-none-match"),
  });
  const headers = { ETag: etag, "Cache-Control": "private, no-cache" };
  if (json === null) return new Response(null, { status: 304, headers });
  return new Response(json as Uint8Array<ArrayBuffer>, { headers: { ...headers, "Content-Type": "application/json" } });
});
