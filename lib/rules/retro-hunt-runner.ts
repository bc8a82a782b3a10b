import type { PoolClient } from "pg";
import { pool } from "@/lib/db";
import { withTransaction } from "@/lib/db/transaction";
import { env } from "@/lib/env";
import { drainSoon } from "@/lib/issues/drain";
import { writeLineage } from "@/lib/lineage/write";
import { buildEngine, type RuleMatch, type StoredRule } from "./engine";
import { DETECTION_RULE_SUBJECT } from "./subjects";
import type { RuleEventType } from "./event-model";
import { completeAncestry } from "./process-ancestry";
import { applyRuleMatch, countPassed, countWindow, scanPage, type HuntWindow, type ScanCursor, type ScannedEvent } from "./retro-hunt-batch";

// The retro-hunt runner: in-process, and stateless across server processes. A process claims
// the oldest queued hunt with one conditional UPDATE (two processes never run the same hunt),
// reads the window in pages, evaluates the one rule on each stored event, and applies its
// matches page by page; progress and a heartbeat are committed with each page, and a cancel is
// seen between pages. A hunt whose heartbeat stops (its process died) is failed as interrupted
// by the next list or claim. Started by startRetroHunt (fire and forget); no external queue.

export const RETRO_HUNT_BATCH = 10_000;
/** A running hunt without a heartbeat for this long was interrupted. */
export const RETRO_HUNT_STALE_SECONDS = 120;
const MAX_ERROR = 1000;

export interface RunOptions {
  batchSize?: number;
  /** Called after each committed page (tests cancel mid-run here). */
  afterBatch?: (hunt: { id: string; scanned: number; matched: number }) => Promise<void> | void;
}

/** Whether startRetroHunt starts the runner (tests that need a hunt to stay queued turn it off). */
export const retroHuntRunner = { autostart: true };

interface ClaimedHunt {
  id: string;
  tenantId: string;
  ruleId: string;
  from: Date;
  to: Date;
  createdBy: string;
}

/**
 * Fails running hunts without a heartbeat for RETRO_HUNT_STALE_SECONDS (of a tenant, or all),
 * with their "retro_hunt_finished" lineage. Answers how many.
 */
export async function failInterruptedHunts(tenantId: string | null = null): Promise<number> {
  return withTransaction(async (client) => {
    const res = await client.query<{ id: string; tenant_id: string; rule_id: string; created_by: string; scanned: string; matched: string }>(
      `UPDATE retro_hunts SET status = 'failed', finished_at = now(),
              error = 'interrupted: no progress for ' || $2::int || ' s (its server process stopped)'
        WHERE status = 'running' AND heartbeat_at < now() - make_interval(secs => $2::int) AND ($1::uuid IS NULL OR tenant_id = $1)
       RETURNING id, tenant_id, rule_id, created_by, scanned, matched`,
      [tenantId, RETRO_HUNT_STALE_SECONDS],
    );
    for (const r of res.rows) {
      await writeLineage(client, r.tenant_id, [
        finishedLineage({ id: r.id, ruleId: r.rule_id, createdBy: r.created_by }, "failed", { scanned: Number(r.scanned), matched: Number(r.matched), tagged: null }, "interrupted"),
      ]);
    }
    return res.rowCount ?? 0;
  });
}

function finishedLineage(
  hunt: { id: string; ruleId: string; createdBy: string },
  status: string,
  counts: { scanned: number; matched: number; tagged: number | null },
  error: string | null,
) {
  return {
    subjectType: DETECTION_RULE_SUBJECT,
    subjectId: hunt.ruleId,
    action: "retro_hunt_finished",
    actor: hunt.createdBy,
    details: { retroHuntId: hunt.id, status, ...counts, error },
  } as const;
}

async function claimNext(): Promise<ClaimedHunt | null> {
  const res = await pool().query<ClaimedHunt>(
    `UPDATE retro_hunts SET status = 'running', started_at = now(), heartbeat_at = now()
      WHERE id = (SELECT id FROM retro_hunts WHERE status = 'queued' ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
        AND status = 'queued'
     RETURNING id, tenant_id AS "tenantId", rule_id AS "ruleId", window_from AS "from", window_to AS "to", created_by AS "createdBy"`,
  );
  return res.rows[0] ?? null;
}

async function loadRule(client: PoolClient, hunt: ClaimedHunt): Promise<StoredRule | null> {
  const res = await client.query<StoredRule>(
    `SELECT r.id, s.ruleset_id AS "rulesetId", r.rule_id AS "ruleId", r.event_type AS "eventType", r.condition, r.action, r.severity
       FROM detection_rules r JOIN rule_sets s ON s.id = r.rule_set_id WHERE r.id = $1 AND r.tenant_id = $2`,
    [hunt.ruleId, hunt.tenantId],
  );
  return res.rows[0] ?? null;
}

/** Ends a running hunt (a hunt no longer running was ended by someone else: left alone). */
async function finish(hunt: ClaimedHunt, status: "succeeded" | "failed" | "cancelled", counts: { scanned: number; matched: number; tagged: number }, error: string | null) {
  await withTransaction(async (client) => {
    const res = await client.query(
      `UPDATE retro_hunts SET status = $2, error = $3, finished_at = now(), heartbeat_at = now() WHERE id = $1 AND status = 'running'`,
      [hunt.id, status, error?.slice(0, MAX_ERROR) ?? null],
    );
    if (res.rowCount) await writeLineage(client, hunt.tenantId, [finishedLineage(hunt, status, counts, error)]);
  });
}

const isRetryable = (err: unknown) => ["40P01", "40001"].includes((err as { code?: string }).code ?? "");

/** Runs one claimed hunt to its end; its failures are written to it. */
async function runHunt(hunt: ClaimedHunt, opts: RunOptions): Promise<void> {
  const counts = { scanned: 0, matched: 0, tagged: 0 };
  try {
    const start = await withTransaction(async (client) => {
      const rule = await loadRule(client, hunt);
      if (!rule) return null;
      const total = await countWindow(client, hunt);
      await client.query(`UPDATE retro_hunts SET total = $2, heartbeat_at = now() WHERE id = $1`, [hunt.id, total]);
      await writeLineage(client, hunt.tenantId, [
        {
          subjectType: DETECTION_RULE_SUBJECT, subjectId: hunt.ruleId, action: "retro_hunt_started", actor: hunt.createdBy,
          details: { retroHuntId: hunt.id, from: hunt.from.toISOString(), to: hunt.to.toISOString(), total, condition: rule.condition },
        },
      ]);
      return { rule, total };
    });
    // The rule was deleted: its hunts went with it.
    if (!start) return;
    const engine = buildEngine([start.rule]);
    if (engine.size === 0) {
      await finish(hunt, "failed", counts, `the rule does not compile: ${engine.skipped[0]?.error ?? "unknown error"}`);
      return;
    }
    const groupIntoIssues = env().VIGIL_GROUP_AT_INGEST === "true";
    const limit = opts.batchSize ?? RETRO_HUNT_BATCH;
    const window: HuntWindow = { tenantId: hunt.tenantId, from: hunt.from, to: hunt.to, eventType: start.rule.eventType as RuleEventType };
    let cursor: ScanCursor | null = null;
    // The next page is read while this one is evaluated and applied: the database and this
    // process work at the same time.
    const withAncestry = engine.ancestorEventTypes.size > 0;
    let next = prefetch(window, cursor, limit, withAncestry);
    for (;;) {
      // A cancel (or an end by someone else) that came in since the last page.
      const state = await pool().query<{ status: string; cancel_requested: boolean }>(`SELECT status, cancel_requested FROM retro_hunts WHERE id = $1`, [hunt.id]);
      if (state.rows[0]?.status !== "running") return;
      if (state.rows[0].cancel_requested) {
        await finish(hunt, "cancelled", counts, null);
        return;
      }
      const page = await next;
      const full = page.length === limit;
      const last = full ? { occurredAt: page[limit - 1].occurredAt, id: page[limit - 1].id } : null;
      if (last) next = prefetch(window, last, limit, withAncestry);
      let match: RuleMatch | null = null;
      const matchedIds: string[] = [];
      for (const e of page) {
        const m = engine.evaluate(e);
        if (m.length > 0) {
          match = m[0];
          matchedIds.push(e.id);
        }
      }
      const progress = await applyPage(hunt, window, { upper: cursor, lower: last }, match, matchedIds, groupIntoIssues);
      // Gone (its rule was deleted) or ended by someone else (failed as interrupted).
      if (!progress) return;
      counts.scanned += progress.passed;
      counts.matched += matchedIds.length;
      counts.tagged += progress.tagged;
      if (progress.queued > 0) await drainQueued();
      await opts.afterBatch?.({ id: hunt.id, scanned: counts.scanned, matched: counts.matched });
      if (progress.cancelRequested) {
        await finish(hunt, "cancelled", counts, null);
        return;
      }
      if (!last) break;
      cursor = last;
    }
    await finish(hunt, "succeeded", counts, null);
  } catch (err) {
    console.error(`retro-hunt ${hunt.id} failed:`, err);
    await finish(hunt, "failed", counts, (err as Error).message || String(err)).catch((e: Error) => console.error(`retro-hunt ${hunt.id}: could not record its failure:`, e.message));
  }
}

/**
 * A page read ahead, its processes' ancestors completed from the process nodes when the rule reads
 * them (as at ingest); if the hunt stops before the page is used, its failure is nobody's concern.
 */
function prefetch(window: HuntWindow, cursor: ScanCursor | null, limit: number, withAncestry: boolean): Promise<ScannedEvent[]> {
  const read = scanPage(pool(), window, cursor, limit);
  const page = withAncestry ? read.then((rows) => completeAncestry(pool(), window.tenantId, rows)) : read;
  page.catch(() => undefined);
  return page;
}

/**
 * A page's matches and the hunt's progress, in one transaction: what the progress says is done
 * is done. `scanned` counts every event of the window the page passed over (of any type: the scan
 * reads only the rule's), so that it ends at `total`. Answers null when the hunt is gone or no
 * longer running.
 */
async function applyPage(
  hunt: ClaimedHunt,
  window: HuntWindow,
  range: { upper: ScanCursor | null; lower: ScanCursor | null },
  match: RuleMatch | null,
  matchedIds: string[],
  groupIntoIssues: boolean,
) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await withTransaction(async (client) => {
        const now = new Date().toISOString();
        const applied = match
          ? await applyRuleMatch(client, { tenantId: hunt.tenantId, id: hunt.id, actor: hunt.createdBy, groupIntoIssues }, match, matchedIds, now)
          : { tagged: 0, queued: 0 };
        const passed = await countPassed(client, window, range.upper, range.lower);
        const res = await client.query<{ cancel_requested: boolean }>(
          `UPDATE retro_hunts SET scanned = scanned + $2, matched = matched + $3, heartbeat_at = now()
            WHERE id = $1 AND status = 'running' RETURNING cancel_requested`,
          [hunt.id, passed, matchedIds.length],
        );
        if (res.rows.length === 0) throw new HuntEnded();
        return { ...applied, passed, cancelRequested: res.rows[0].cancel_requested };
      });
    } catch (err) {
      if (err instanceof HuntEnded) return null;
      // A deadlock with an ingest batch updating the same events: the page is simply done again.
      if (isRetryable(err) && attempt < 4) continue;
      throw err;
    }
  }
}

class HuntEnded extends Error {}

/** Groups the events a page queued, as ingest does after its batch; a failure leaves them queued. */
async function drainQueued(): Promise<void> {
  try {
    await drainSoon();
  } catch (err) {
    console.error("grouping queued events into issues failed; they stay queued:", (err as Error).message);
  }
}

/** Claims and runs queued hunts, one at a time, until none is left. Answers how many it ran. */
export async function runQueuedRetroHunts(opts: RunOptions = {}): Promise<number> {
  await failInterruptedHunts();
  let ran = 0;
  for (;;) {
    const hunt = await claimNext();
    if (!hunt) return ran;
    await runHunt(hunt, opts);
    ran += 1;
  }
}

let running: Promise<number> | null = null;
let again = false;

/**
 * Runs the queued hunts in this process: one loop per process; a start while it runs makes it
 * look for queued hunts once more. Never rejects (failures are logged).
 */
export function kickRetroHunts(): Promise<number> {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    let ran = 0;
    try {
      do {
        again = false;
        ran += await runQueuedRetroHunts();
      } while (again);
    } catch (err) {
      console.error("retro-hunt runner stopped:", (err as Error).message);
    } finally {
      running = null;
    }
    return ran;
  })();
  return running;
}
