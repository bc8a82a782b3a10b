import { env } from "@/lib/env";
import { ensureEventPartitions } from "@/lib/partitions/ensure";
import { describeRun, runRetention } from "./runner";

// The server's maintenance schedule: partitions ahead (lib/partitions/ensure.ts), then a retention
// run, at start-up (instrumentation.ts) and every VIGIL_RETENTION_INTERVAL_MINUTES (60 by default;
// 0: no retention, partitions still hourly), on a timer that never keeps the process alive.
// Every server process schedules its own; the advisory locks make one of them work at a time,
// and the others' ticks do nothing.

const state = globalThis as unknown as { vigilRetentionTimer?: NodeJS.Timeout; vigilRetentionRunning?: boolean };

async function tick(): Promise<void> {
  // This process's previous run is still going (a large expiry): the next tick will look again.
  if (state.vigilRetentionRunning) return;
  state.vigilRetentionRunning = true;
  try {
    // Next weeks' partitions first: creating them must not wait behind a long expiry.
    await ensurePartitionsAhead();
    const run = await runRetention();
    if (run.ran && (run.tenants.some((t) => t.events > 0) || run.processNodes > 0)) {
      for (const line of describeRun({ ...run, tenants: run.tenants.filter((t) => t.events > 0) })) console.log(line);
    }
  } catch (err) {
    console.error("retention run failed; the next one retries:", (err as Error).message);
  } finally {
    state.vigilRetentionRunning = false;
  }
}

async function ensurePartitionsAhead(): Promise<void> {
  try {
    const ensured = await ensureEventPartitions();
    if (ensured.created > 0) console.log(`partitions: created ${ensured.created} weekly partitions of events through ${ensured.to.toISOString()}`);
  } catch (err) {
    console.error("creating the next weeks' partitions failed; events go to the default partition meanwhile:", (err as Error).message);
  }
}

/** Starts this process's schedule (once per process); answers whether it started one now. */
export function startRetentionSchedule(): boolean {
  const minutes = env().VIGIL_RETENTION_INTERVAL_MINUTES;
  if (state.vigilRetentionTimer) return false;
  if (minutes === 0) {
    // Retention off: the partitions of the next weeks are still needed, hourly.
    state.vigilRetentionTimer = setInterval(() => void ensurePartitionsAhead(), 60 * 60_000);
    state.vigilRetentionTimer.unref();
    void ensurePartitionsAhead();
    return false;
  }
  state.vigilRetentionTimer = setInterval(() => void tick(), minutes * 60_000);
  state.vigilRetentionTimer.unref();
  void tick();
  return true;
}

/** Stops this process's schedule (tests). */
export function stopRetentionSchedule(): void {
  if (state.vigilRetentionTimer) clearInterval(state.vigilRetentionTimer);
  state.vigilRetentionTimer = undefined;
}
