// npx tsx --conditions=react-server scripts/bench-retention.ts [--events 1000000] [--expire 100000] [--db vigil_h4_ret] [--ingest 50000]
// Retention on a database of its own (never the shared vigil_bench): loads --events generated
// events over 30 days into one tenant (once; a rerun reuses them), then expires its oldest
// --expire events with the runner (batches of 5,000) and reports events/s and batch latencies;
// then ingests --ingest new events alone and again while the next --expire events expire, to
// see whether ingest slows while a run works. Checks that the rollups still equal the raw counts.
import { createTenant } from "../lib/admin/accounts";
import { closeDb, pool } from "../lib/db";
import { migrate } from "../lib/db/migrate";
import { retentionFigures } from "../lib/retention/queries";
import { runRetention, type RetentionRun } from "../lib/retention/runner";
import { parseArgs } from "./lib/args";
import { ensureDatabaseExists } from "./lib/database";
import { loadGeneratedEvents } from "./lib/load-events";
import { percentile } from "./lib/timing";

const DAY = 86_400_000;
const SLUG = "retention-bench";

function log(line: string) {
  console.log(line);
}

async function tenantId(): Promise<string> {
  const found = await pool().query<{ id: string }>(`SELECT id FROM tenants WHERE slug = $1`, [SLUG]);
  return found.rows[0]?.id ?? (await createTenant({ slug: SLUG, name: "Retention bench" })).id;
}

async function eventCount(id: string): Promise<number> {
  return Number((await pool().query<{ n: string }>(`SELECT count(*) AS n FROM events WHERE tenant_id = $1`, [id])).rows[0].n);
}

/** The run's clock such that exactly the oldest `n` events are past a 30-day retention. */
async function clockExpiring(id: string, n: number): Promise<Date> {
  const res = await pool().query<{ at: Date }>(
    `SELECT occurred_at AS at FROM events WHERE tenant_id = $1 ORDER BY occurred_at, id OFFSET $2 LIMIT 1`,
    [id, n],
  );
  return new Date(res.rows[0].at.getTime() + 30 * DAY);
}

async function timedRun(id: string, now: Date): Promise<{ run: RetentionRun; batchMs: number[] }> {
  const batchMs: number[] = [];
  let last = performance.now();
  const run = await runRetention({
    tenantId: id,
    now,
    afterBatch: () => {
      const t = performance.now();
      batchMs.push(t - last);
      last = t;
    },
  });
  return { run, batchMs };
}

function report(label: string, r: { run: RetentionRun; batchMs: number[] }) {
  const t = r.run.tenants[0];
  const ms = [...r.batchMs].sort((x, y) => x - y);
  const rate = Math.round(t.events / t.seconds);
  log(
    `${label}: ${t.events.toLocaleString("en")} events in ${t.batches} batches, ${t.seconds} s = ${rate.toLocaleString("en")} events/s; ` +
      `batch p50 ${percentile(ms, 50).toFixed(0)} ms, p95 ${percentile(ms, 95).toFixed(0)} ms, max ${ms[ms.length - 1].toFixed(0)} ms; ` +
      `process-node sweep ${r.run.processNodes.toLocaleString("en")} removed; whole run ${r.run.seconds} s`,
  );
}

async function ingestRate(id: string, count: number, seed: number): Promise<number> {
  const started = performance.now();
  const totals = await loadGeneratedEvents({ tenantId: id, count, days: 1, seed, now: new Date() });
  return Math.round(totals.created / ((performance.now() - started) / 1000));
}

async function rollupsEqualRaw(id: string): Promise<boolean> {
  const res = await pool().query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (
       SELECT date_trunc('day', occurred_at, 'UTC') AS t, count(*) AS n FROM events WHERE tenant_id = $1 GROUP BY 1
     ) raw FULL JOIN (SELECT day AS t, sum(count) AS n FROM event_rollups_daily WHERE tenant_id = $1 GROUP BY 1) r USING (t)
     WHERE raw.n IS DISTINCT FROM r.n`,
    [id],
  );
  return res.rows[0].n === 0;
}

async function main() {
  const { flags } = parseArgs(process.argv.slice(2));
  const total = Number(flags.events ?? 1_000_000);
  const expire = Number(flags.expire ?? 100_000);
  const ingest = Number(flags.ingest ?? 50_000);
  const server = flags.server ?? "postgres://postgres@127.0.0.1:5432";
  const name = flags.db ?? "vigil_h4_ret";
  if (name === "vigil_bench") throw new Error("use a database of its own, not the shared vigil_bench");
  await ensureDatabaseExists(`${server}/postgres`, name);
  process.env.DATABASE_URL = `${server}/${name}`;
  await migrate(process.env.DATABASE_URL);
  const id = await tenantId();

  let held = await eventCount(id);
  if (held < total) {
    const started = performance.now();
    await loadGeneratedEvents({
      tenantId: id, count: total, skip: held, days: 30, seed: 11, now: new Date("2026-12-01T00:00:00Z"),
      onProgress: (n) => process.stderr.write(`\rloaded ${(held + n).toLocaleString("en")} / ${total.toLocaleString("en")}`),
    });
    process.stderr.write("\n");
    held = await eventCount(id);
    log(`loaded to ${held.toLocaleString("en")} events in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  await pool().query(`VACUUM ANALYZE events`);
  await pool().query(`UPDATE tenants SET retention_days = 30 WHERE id = $1`, [id]);
  const nodes = Number((await pool().query<{ n: string }>(`SELECT count(*) AS n FROM process_nodes`)).rows[0].n);
  log(`${held.toLocaleString("en")} events, ${nodes.toLocaleString("en")} process nodes held`);

  let t0 = performance.now();
  const [figures] = await retentionFigures([id]);
  log(`figures (events from the rollups ${figures.events.toLocaleString("en")}, ≈ ${(figures.approximateBytes / 1024 ** 2).toFixed(0)} MB): ${(performance.now() - t0).toFixed(0)} ms`);
  t0 = performance.now();
  await eventCount(id);
  log(`for comparison, count(*) of the tenant's events: ${(performance.now() - t0).toFixed(0)} ms`);

  report(`expire the oldest ${expire.toLocaleString("en")} alone`, await timedRun(id, await clockExpiring(id, expire)));
  log(`rollups equal raw counts: ${await rollupsEqualRaw(id)}`);

  const alone = await ingestRate(id, ingest, 101);
  log(`ingest of ${ingest.toLocaleString("en")} new events alone: ${alone.toLocaleString("en")} events/s`);
  const clock = await clockExpiring(id, expire);
  const [during, expiry] = await Promise.all([ingestRate(id, ingest, 202), timedRun(id, clock)]);
  log(`ingest of ${ingest.toLocaleString("en")} new events while expiring: ${during.toLocaleString("en")} events/s (${((during / alone) * 100).toFixed(0)} % of alone)`);
  report(`expire the next ${expire.toLocaleString("en")} during ingest`, expiry);
  log(`rollups equal raw counts: ${await rollupsEqualRaw(id)}`);
  await closeDb();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
