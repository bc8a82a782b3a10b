// Server-side latency of the process-tree operation (lib/events/process-tree.ts), called directly
// with a CallerContext: the four queries plus building the tree, without HTTP or rendering.
// Events are picked evenly across the tenant's id range (so across formats, agents and days),
// among those that name a process.
//
//   npx tsx --conditions=react-server scripts/bench-process-tree.ts --url postgresql://…/vigil_bench --tenant bench [--runs 200]
// (lib/ modules are marked server-only; the react-server condition lets plain Node load them.)
import type { CallerContext } from "../lib/auth/context";
import { closeDb, pool } from "../lib/db";
import { getProcessTree } from "../lib/events/process-tree";
import { parseArgs } from "./lib/args";
import { percentile, timeRuns } from "./lib/timing";
import { buildProcessTree } from "../lib/events/build-process-tree";
import { expandableKeys, visibleRows, type TreeViewState } from "../lib/events/process-tree-rows";
import { wideTreeInput } from "../test-support/wide-tree";

export interface ProcessTreeBench {
  p50: number;
  p95: number;
  runs: number;
}

const WARM_UP = 5;

async function pickEvents(tenantId: string, count: number): Promise<string[]> {
  const range = await pool().query<{ lo: string | null; hi: string | null }>(
    `SELECT min(id) AS lo, max(id) AS hi FROM events WHERE tenant_id = $1`,
    [tenantId],
  );
  const lo = BigInt(range.rows[0].lo ?? 0);
  const hi = BigInt(range.rows[0].hi ?? 0);
  if (hi === 0n) throw new Error(`tenant ${tenantId} holds no events`);
  const ids = new Set<string>();
  for (let i = 0; i < count; i++) {
    const target = lo + ((hi - lo) * BigInt(i)) / BigInt(count);
    const res = await pool().query<{ id: string }>(
      `SELECT id FROM events WHERE tenant_id = $1 AND id >= $2 AND process_pid IS NOT NULL ORDER BY id LIMIT 1`,
      [tenantId, target.toString()],
    );
    if (res.rows[0]) ids.add(String(res.rows[0].id));
  }
  return [...ids];
}

/** The browser's part of a 1,000-process tree: building it and listing its rows fully expanded. */
export async function benchTreeBuild(runs: number): Promise<{ build: { p50: number; p95: number }; rows: { p50: number; p95: number } }> {
  const input = wideTreeInput();
  const build = await timeRuns(runs, async () => buildProcessTree(input), 5);
  const tree = buildProcessTree(input);
  const state: TreeViewState = { expanded: new Set(expandableKeys(tree)), shown: new Map() };
  const rows = await timeRuns(runs, async () => visibleRows(tree, state, 1000), 5);
  return { build, rows };
}

export async function benchProcessTree(opts: { databaseUrl: string; tenantId: string; runs: number }): Promise<ProcessTreeBench> {
  if (process.env.DATABASE_URL !== opts.databaseUrl) {
    await closeDb();
    process.env.DATABASE_URL = opts.databaseUrl;
  }
  const runs = Math.max(50, opts.runs);
  const ctx: CallerContext = { tenantId: opts.tenantId, tenantIds: [opts.tenantId], role: "analyst", actor: "bench", userId: null };
  const ids = await pickEvents(opts.tenantId, runs);
  for (const id of ids.slice(0, WARM_UP)) await getProcessTree({ ctx, input: { id } });
  const latencies: number[] = [];
  for (let i = 0; i < runs; i++) {
    const id = ids[i % ids.length];
    const t0 = performance.now();
    await getProcessTree({ ctx, input: { id } });
    latencies.push(performance.now() - t0);
  }
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p95: percentile(latencies, 95), runs };
}

async function main() {
  const { flags } = parseArgs(process.argv.slice(2));
  const databaseUrl = flags.url ?? process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("--url or DATABASE_URL is required");
  process.env.DATABASE_URL = databaseUrl;
  const slug = flags.tenant ?? "bench";
  const tenant = await pool().query<{ id: string }>(`SELECT id FROM tenants WHERE slug = $1`, [slug]);
  if (!tenant.rows[0]) throw new Error(`no tenant "${slug}"`);
  const events = await pool().query<{ n: string }>(`SELECT count(*) AS n FROM events WHERE tenant_id = $1`, [tenant.rows[0].id]);
  const r = await benchProcessTree({ databaseUrl, tenantId: tenant.rows[0].id, runs: Number(flags.runs ?? 200) });
  console.log(
    `process tree over ${Number(events.rows[0].n).toLocaleString("en")} events: ${r.runs} runs, p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms`,
  );
  await closeDb();
}

if (process.argv[1]?.endsWith("bench-process-tree.ts")) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
