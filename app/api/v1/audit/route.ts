// GET /api/v1/audit — the tenant's audit log, newest first: a page as JSON, or every match as CSV (format=csv)
import { apiRoute } from "@/lib/api/handler";
import { exportAuditLog } from "@/lib/audit/export";
import { listAuditEntries } from "@/lib/audit/queries";

export const GET = apiRoute("GET /api/v1/audit", async ({ ctx, query }) => {
  if (query.format !== "csv") return listAuditEntries({ ctx, input: query });
  const out = await exportAuditLog({ ctx, input: query });
  return new Response(out.body, {
    headers: {
      "content-type": out.contentType,
      "content-disposition": `attachment; filename="${out.filename}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
