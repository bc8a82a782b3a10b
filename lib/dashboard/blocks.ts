import "server-only";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { readQuery } from "@/lib/db/replica";
import { ForbiddenError } from "@/lib/errors";
import { bucketMs, windowBuckets } from "./range";
import type { BlockedDestination, BlockFigures, DashboardWindows } from "./types";

// Blocks: the deny rules the Block action made (they name the event or issue they came from), per
// bucket, and the blocked destinations ranked by the events that went to them in the range.

export const BLOCKS_TOP_N = 10;

/** Rules made by Block: a deny with the event (and issue) it was made from. */
const BLOCK_RULES = `network_policy_rules r JOIN network_policies p ON p.id = r.policy_id AND p.tenant_id = $1
  WHERE r.tenant_id = $1 AND r.action = 'deny' AND (r.source_event_id IS NOT NULL OR r.source_issue_id IS NOT NULL)`;

interface SeriesRow {
  current: boolean;
  t: Date | null;
  n: number;
}

interface DestinationRow {
  value: string;
  type: string;
  rules: number;
  scopes: string[];
  since: Date;
  cur: number;
  prev: number;
}

export async function loadBlockFigures({ ctx, windows: w }: { ctx: CallerContext; windows: DashboardWindows }): Promise<BlockFigures> {
  if (!roleCan(ctx.role, "read")) throw new ForbiddenError();
  const [series, destinations] = await Promise.all([
    readQuery<SeriesRow>(
      `SELECT r.created_at >= $3 AS current,
              CASE WHEN r.created_at >= $3 THEN date_bin($5::interval, r.created_at, TIMESTAMPTZ '2000-01-01 00:00:00+00') END AS t,
              count(*)::int AS n
         FROM ${BLOCK_RULES} AND r.created_at >= $2 AND r.created_at < $4
        GROUP BY 1, 2`,
      [ctx.tenantId, w.previous.from, w.current.from, w.current.to, `${bucketMs(w.bucket) / 1000} seconds`],
    ),
    // Events per blocked destination read the (tenant, destination, time) index, one range per value.
    readQuery<DestinationRow>(
      `WITH blocked AS (
         SELECT r.value, min(r.type) AS type, count(*)::int AS rules, array_agg(DISTINCT p.scope ORDER BY p.scope) AS scopes,
                min(r.created_at) AS since
           FROM ${BLOCK_RULES} AND r.created_at < $4
          GROUP BY r.value
       ), traffic AS (
         SELECT e.destination, count(*) FILTER (WHERE e.occurred_at >= $3)::int AS cur, count(*) FILTER (WHERE e.occurred_at < $3)::int AS prev
           FROM events e
          WHERE e.tenant_id = $1 AND e.destination = ANY(SELECT value FROM blocked) AND e.occurred_at >= $2 AND e.occurred_at < $4
          GROUP BY e.destination
       )
       SELECT b.value, b.type, b.rules, b.scopes, b.since, coalesce(t.cur, 0) AS cur, coalesce(t.prev, 0) AS prev
         FROM blocked b LEFT JOIN traffic t ON t.destination = b.value
        ORDER BY cur DESC, b.since DESC, b.value
        LIMIT ${BLOCKS_TOP_N}`,
      [ctx.tenantId, w.previous.from, w.current.from, w.current.to],
    ),
  ]);
  const points = new Map(windowBuckets(w.current, w.bucket).map((t) => [Date.parse(t), { t, count: 0 }]));
  let current = 0;
  let previous = 0;
  for (const r of series.rows) {
    if (!r.current) previous += r.n;
    else {
      current += r.n;
      const p = r.t ? points.get(r.t.getTime()) : undefined;
      if (p) p.count += r.n;
    }
  }
  return {
    created: { current, previous },
    series: [...points.values()],
    top: destinations.rows.map(
      (r): BlockedDestination => ({
        value: r.value,
        type: r.type,
        events: { current: r.cur, previous: r.prev },
        rules: r.rules,
        scopes: r.scopes,
        firstBlockedAt: r.since.toISOString(),
      }),
    ),
  };
}
