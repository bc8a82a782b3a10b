// GET /api/health — 200 when the database answers, 503 otherwise
import { pool } from "@/lib/db";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  try {
    await pool().query("SELECT 1");
    return Response.json({ status: "ok" });
  } catch {
    return Response.json({ status: "unavailable", detail: "database unreachable" }, { status: 503 });
  }
}
