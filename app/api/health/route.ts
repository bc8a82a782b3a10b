// GET /api/health — 200 when the database answers, 503 otherwise
import { apiRoute } from "@/lib/api/handler";
import { pool } from "@/lib/db";

export const dynamic = "force-dynamic";

export const GET = apiRoute("GET /api/health", async () => {
  try {
    await pool().query("SELECT 1");
    return Response.json({ status: "ok" });
  } catch {
    return Response.json({ status: "unavailable", detail: "database unreachable" }, { status: 503, headers: { "Retry-After": "5" } });
  }
});
