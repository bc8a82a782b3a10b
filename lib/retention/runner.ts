import { writeAudit, type AuditActor } from "@/lib/audit/write";
import { pool } from "@/lib/db";
import { env } from "@/lib/env";
import { listEventPartitions } from "@/lib/partitions/queries";
import { dropExpiredPartitions, type DroppedPartition } from "./drop-partitions";
import { countExpired, expireTenantEvents, sweepProcessNodes, type BatchResult, type TimeRange } from "./expire";

// The retention run: every tenant's (or one tenant's) events past its retention, expired batch by
// batch (./expire.ts). Every server process schedules runs (./schedule.ts) and the CLI and API
// start them, but one runs at a time across all of them: a run holds a session-level advisory
// lock on a connection of its own for as long as it works, and a run that cannot take it at once
// does nothing and says so. The lock goes with the connection, so a process that dies mid-run
// frees it, and the batch it was in rolls back.

/** Key of the session-level advisory lock one retention run holds (beside the drainer's 7_310_420_612). */
export const RETENTION_LOCK = 7_310_420_620;
const DAY_MS = 86_400_000;

export interface RetentionOptions {
  /** One tenant only; every tenant when absent. */
  tenantId?: string;
  /** Count what would go; remove nothing (and take no lock). */
  dryRun?: boolean;
  /** The run's clock (tests); cutoffs are `now` minus each tenant's retention. */
  now?: Date;
  batchSize?: number;
  /** Who asked, for the audit log (CLI and API runs); a scheduled run is only logged. */
  by?: AuditActor;
  /** Called after each committed batch (tests hold a run here). */
  afterBatch?: (tenantId: string, batch: BatchResult) => Promise<void> | void;
}

export interface TenantRun {
  tenantId: string;
  slug: string;
  /** Days applied: the tenant's setting, capped by VIGIL_RETENTION_MAX_DAYS. */
  retentionDays: number;
  /** Events that occurred before this are expired. */
  cutoff: Date;
  /** Events removed (a dry run: events that would be past retention), by batches and partition drops. */
  events: number;
  batches: number;
  /** Of `events`, those that went with a dropped partition. */
  dropped: number;
  seconds: number;
}

export interface RetentionRun {
  /** False when another run held the lock: this one did nothing. */
  ran: boolean;
  dryRun: boolean;
  tenants: TenantRun[];
  /** Process nodes no remaining event names, removed after the tenants' events. */
  processNodes: number;
  /** Weekly partitions dropped whole (runs over every tenant only). */
  partitions: DroppedPartition[];
  seconds: number;
}

interface TenantRow {
  id: string;
  slug: string;
  days: number;
}

/**
 * The weeks a run leaves to partition drops: every weekly partition that starts before every
 * tenant's cutoff (`horizon`) and is still there. The one the horizon cuts through goes whole
 * within a week; the others are those a drop skipped (busy, or a one-tenant run, which drops none).
 */
async function weeksLeftToDrops(horizon: Date): Promise<TimeRange | null> {
  const waiting = (await listEventPartitions()).filter((p) => p.from !== null && p.to !== null && p.from < horizon);
  if (waiting.length === 0) return null;
  return { from: waiting[0].from, to: waiting[waiting.length - 1].to! };
}

async function tenantsToExpire(tenantId: string | undefined): Promise<TenantRow[]> {
  const res = await pool().query<TenantRow>(
    `SELECT id, slug, least(retention_days, $2::int) AS days FROM tenants WHERE $1::uuid IS NULL OR id = $1 ORDER BY slug`,
    [tenantId ?? null, env().VIGIL_RETENTION_MAX_DAYS],
  );
  return res.rows;
}

const secondsSince = (t: number) => Math.round((performance.now() - t) / 10) / 100;

/** Runs retention once (see the note at the top); never runs two at a time across processes. */
export async function runRetention(opts: RetentionOptions = {}): Promise<RetentionRun> {
  const started = performance.now();
  const now = opts.now ?? new Date();
  if (opts.dryRun) {
    const tenants: TenantRun[] = [];
    for (const t of await tenantsToExpire(opts.tenantId)) {
      const t0 = performance.now();
      const cutoff = new Date(now.getTime() - t.days * DAY_MS);
      tenants.push({ tenantId: t.id, slug: t.slug, retentionDays: t.days, cutoff, events: await countExpired(t.id, cutoff), batches: 0, dropped: 0, seconds: secondsSince(t0) });
    }
    return { ran: true, dryRun: true, tenants, processNodes: 0, partitions: [], seconds: secondsSince(started) };
  }
  const lock = await pool().connect();
  let held = false;
  try {
    held = (await lock.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock($1) AS ok`, [RETENTION_LOCK])).rows[0].ok;
    if (!held) return { ran: false, dryRun: false, tenants: [], processNodes: 0, partitions: [], seconds: secondsSince(started) };
    // Weeks wholly past every tenant's cutoff go whole, first; the batched delete leaves the
    // weeks that drops will take (the one the horizon cuts through: within a week).
    const everyTenant = await tenantsToExpire(undefined);
    const horizon = new Date(now.getTime() - Math.max(...everyTenant.map((t) => t.days), 0) * DAY_MS);
    const partitions = opts.tenantId || everyTenant.length === 0 ? [] : await dropExpiredPartitions(horizon, opts.batchSize);
    const leave = everyTenant.length === 0 ? null : await weeksLeftToDrops(horizon);
    const tenants: TenantRun[] = [];
    for (const t of await tenantsToExpire(opts.tenantId)) {
      const t0 = performance.now();
      const cutoff = new Date(now.getTime() - t.days * DAY_MS);
      const done = await expireTenantEvents(t.id, cutoff, { batchSize: opts.batchSize, leave, afterBatch: (b) => opts.afterBatch?.(t.id, b) });
      const dropped = partitions.reduce((n, p) => n + (p.eventsByTenant.get(t.id) ?? 0), 0);
      const run: TenantRun = {
        tenantId: t.id, slug: t.slug, retentionDays: t.days, cutoff, events: done.removed + dropped, batches: done.batches, dropped,
        seconds: secondsSince(t0),
      };
      tenants.push(run);
      if (opts.by && run.events > 0) {
        await writeAudit(pool(), opts.by, {
          tenantId: t.id, action: "retention.run", subjectType: "tenant", subjectId: t.id, subjectLabel: t.slug,
          after: { eventsRemoved: run.events, occurredBefore: cutoff.toISOString(), retentionDays: t.days },
        });
      }
    }
    // Events of the weeks left to drops are past their cutoff but still held: nodes they name stay.
    const sweepBefore = (cutoff: Date) => (leave?.from && leave.from < cutoff ? leave.from : cutoff);
    const processNodes = await sweepProcessNodes(tenants.map((t) => ({ tenantId: t.tenantId, cutoff: sweepBefore(t.cutoff) })));
    return { ran: true, dryRun: false, tenants, processNodes, partitions, seconds: secondsSince(started) };
  } finally {
    // A lock that cannot be given back is given back by closing its connection.
    const stuck = held ? await lock.query(`SELECT pg_advisory_unlock($1)`, [RETENTION_LOCK]).then(() => false, () => true) : false;
    lock.release(stuck);
  }
}

/** One line per tenant that had something to expire, for logs and the CLI. */
export function describeRun(run: RetentionRun): string[] {
  if (!run.ran) return ["retention: another process is running it; nothing done"];
  const verb = run.dryRun ? "would remove" : "removed";
  const lines = run.tenants.map(
    (t) => `${t.slug}: ${verb} ${t.events.toLocaleString("en")} events before ${t.cutoff.toISOString()} (${t.retentionDays} days)` +
      (run.dryRun ? "" : ` in ${t.batches} batches${t.dropped > 0 ? ` and ${t.dropped.toLocaleString("en")} with dropped partitions` : ""}, ${t.seconds} s`),
  );
  for (const p of run.partitions) {
    lines.push(`dropped partition ${p.name} (${p.from.toISOString()} – ${p.to.toISOString()}) in ${p.seconds} s, events locked ${p.lockedSeconds} s`);
  }
  if (!run.dryRun) lines.push(`process nodes no remaining event names: ${run.processNodes.toLocaleString("en")} removed; ${run.seconds} s in all`);
  return lines;
}
