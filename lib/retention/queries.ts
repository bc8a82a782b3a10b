import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { pool } from "@/lib/db";
import { env } from "@/lib/env";
import { ForbiddenError } from "@/lib/errors";

// What a tenant holds and when it goes: the Admin page, GET /api/v1/retention and
// `npm run vigil -- retention status`. Cheap on a large tenant: the event count is the sum of
// the tenant's daily rollups (exact: the rollups equal the raw counts, kept so in the events'
// own transactions), the oldest and newest events are one probe each of the time index, and the
// size is an estimate (see approximateBytes).

const DAY_MS = 86_400_000;

export interface RetentionFigures {
  tenant: string;
  /** The tenant's setting. */
  retentionDays: number;
  /** The server's cap (VIGIL_RETENTION_MAX_DAYS). */
  maxRetentionDays: number;
  /** What runs apply: the setting, capped. */
  appliedRetentionDays: number;
  /** Events held: exact, summed from the daily rollups. */
  events: number;
  /**
   * Bytes on disk of its events, raw payloads and their indexes: an estimate, the tenant's share
   * of all events (by the planner's row count) times those tables' total size.
   */
  approximateBytes: number;
  oldestEventAt: string | null;
  newestEventAt: string | null;
  /** Events that occurred before this are past retention (the next run removes them). */
  expiresBefore: string;
  /** When the oldest event passes retention; in the past when the next run has it to remove. */
  nextExpiryAt: string | null;
}

interface FiguresRow {
  slug: string;
  retention_days: number;
  events: string;
  oldest: Date | null;
  newest: Date | null;
  bytes: string;
  total: string;
}

/** The figures of the given tenants (every tenant when null), by slug. */
export async function retentionFigures(tenantIds: string[] | null, now = new Date()): Promise<RetentionFigures[]> {
  const max = env().VIGIL_RETENTION_MAX_DAYS;
  const res = await pool().query<FiguresRow>(
    `WITH sizes AS (
       -- events is partitioned: its own relation is empty, its partitions hold the rows and the sizes.
       SELECT (SELECT coalesce(sum(pg_total_relation_size(i.inhrelid)), 0) FROM pg_inherits i WHERE i.inhparent = 'events'::regclass)
                + pg_total_relation_size('event_payloads') + pg_total_relation_size('event_identities') AS bytes,
              (SELECT coalesce(sum(greatest(c.reltuples, 0)), 0)::bigint FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = 'events'::regclass) AS total
     )
     SELECT t.slug, t.retention_days,
            (SELECT coalesce(sum(r.count), 0) FROM event_rollups_daily r WHERE r.tenant_id = t.id) AS events,
            (SELECT min(e.occurred_at) FROM events e WHERE e.tenant_id = t.id) AS oldest,
            (SELECT max(e.occurred_at) FROM events e WHERE e.tenant_id = t.id) AS newest,
            s.bytes, s.total
       FROM tenants t CROSS JOIN sizes s
      WHERE $1::uuid[] IS NULL OR t.id = ANY($1::uuid[])
      ORDER BY t.slug`,
    [tenantIds],
  );
  return res.rows.map((r) => {
    const applied = Math.min(r.retention_days, max);
    const events = Number(r.events);
    // The planner's row count of all events (kept by autovacuum's ANALYZE): an estimate, as the share is.
    const total = Math.max(Number(r.total), events);
    return {
      tenant: r.slug,
      retentionDays: r.retention_days,
      maxRetentionDays: max,
      appliedRetentionDays: applied,
      events,
      approximateBytes: total > 0 ? Math.round((Number(r.bytes) * events) / total) : 0,
      oldestEventAt: r.oldest?.toISOString() ?? null,
      newestEventAt: r.newest?.toISOString() ?? null,
      expiresBefore: new Date(now.getTime() - applied * DAY_MS).toISOString(),
      nextExpiryAt: r.oldest ? new Date(r.oldest.getTime() + applied * DAY_MS).toISOString() : null,
    };
  });
}

/** The caller's tenant's figures (admins). */
export async function getRetention({ ctx }: { ctx: CallerContext }): Promise<RetentionFigures> {
  if (!roleCan(ctx.role, "admin")) throw new ForbiddenError();
  const [figures] = await retentionFigures([ctx.tenantId]);
  return figures;
}
