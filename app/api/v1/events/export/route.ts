// POST /api/v1/events/export — download the events a search matches as CSV or NDJSON (streamed, ≤ 100,000 rows)
import { apiRoute } from "@/lib/api/handler";
import { readJsonObject } from "@/lib/api/read-body";
import { exportEvents } from "@/lib/events/export";

export const POST = apiRoute("POST /api/v1/events/export", async ({ req, ctx }) => {
  const out = await exportEvents({ ctx, input: await readJsonObject(req) });
  return new Response(out.body, {
    headers: {
      "content-type": out.contentType,
      "content-disposition": `attachment; filename="${out.filename}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
