import "server-only";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { pool } from "@/lib/db";
import { ForbiddenError } from "@/lib/errors";

export interface IngestOverview {
  since: string;
  total: number;
  bySource: { sourceFormat: string; kind: string; count: number }[];
  lastReceivedAt: string | null;
}

/** What the tenant received in the last 24 hours, by source format and kind. */
export async function getIngestOverview({ ctx }: { ctx: CallerContext }): Promise<IngestOverview> {
  if (!roleCan(ctx.role, "read")) throw new ForbiddenError();
  const since = new Date(Date.now() - 24 * 3600 * 1000).toISOString();
  const [groups, last] = await Promise.all([
    pool().query<{ source_format: string; kind: string; count: string }>(
      `SELECT source_format, kind, count(*) AS count FROM events
        WHERE tenant_id = $1 AND occurred_at >= $2 GROUP BY 1, 2 ORDER BY 3 DESC`,
      [ctx.tenantId, since],
    ),
    pool().query<{ received_at: Date }>(
      `SELECT max(received_at) AS received_at FROM (
         SELECT received_at FROM events WHERE tenant_id = $1 ORDER BY occurred_at DESC LIMIT 1000) recent`,
      [ctx.tenantId],
    ),
  ]);
  const bySource = groups.rows.map((r) => ({ sourceFormat: r.source_format, kind: r.kind, count: Number(r.count) }));
  return {
    since,
    total: bySource.reduce((s, r) => s + r.count, 0),
    bySource,
    lastReceivedAt: last.rows[0]?.received_at?.toISOString() ?? null,
  };
}
