// The measurements behind docs/scaling.md's capacity model, on this machine:
//   npx tsx --conditions=react-server scripts/capacity-probe.ts [--events 20000] [--fill 60000]
// In a database of its own (vigil_rep_cap on DATABASE_URL's server, recreated each run) it ingests
// generated events in-process, in batches of 1,000 per source format, and reads
//   - the app's CPU per new event: process.cpuUsage() over the ingest calls only (the events are
//     generated and encoded beforehand, as agents send bytes they already hold);
//   - PostgreSQL's CPU per new event: utime + stime from /proc/<pid>/stat of every backend
//     connected to the database, sampled every 100 ms (other databases' work is not counted;
//     the server-wide WAL writer and checkpointer are not either);
//   - bytes stored per event: each table's heap, TOAST and indexes over the events stored, and
//     per source format the event row, the verbatim payload as stored (compressed) and as sent.
import { readFileSync } from "node:fs";
import { Client } from "pg";
import { createTenant } from "../lib/admin/accounts";
import { closeDb } from "../lib/db";
import { migrate } from "../lib/db/migrate";
import { generateRawEvents } from "../lib/generate";
import { ingestItems } from "../lib/ingest/pipeline";
import type { BodyItem } from "../lib/ingest/parse-body";
import type { SourceFormat } from "../lib/ingest/types";

const DATABASE = "vigil_rep_cap";
const BATCH = 1000;
const TICK_US = 1_000_000 / 100; // CLK_TCK is 100 on Linux x86-64

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

function serverUrl(database: string): string {
  const url = new URL(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
  url.pathname = `/${database}`;
  return url.toString();
}

type Batch = { format: SourceFormat; items: BodyItem[] };

function batches(count: number, seed: number, now: Date): Batch[] {
  const out: Batch[] = [];
  const open = new Map<SourceFormat, BodyItem[]>();
  for (const { format, item } of generateRawEvents({ count, days: 1, seed, now })) {
    const list = open.get(format) ?? [];
    list.push({ index: list.length, raw: JSON.stringify(item), value: item });
    open.set(format, list);
    if (list.length === BATCH) {
      out.push({ format, items: list });
      open.set(format, []);
    }
  }
  for (const [format, items] of open) if (items.length) out.push({ format, items });
  return out;
}

/** CPU microseconds of each backend of the database, sampled until stop(); the per-pid growth summed. */
function backendCpu(admin: Client) {
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  const cpuOf = (pid: number): number | null => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
      return (Number(fields[11]) + Number(fields[12])) * TICK_US; // utime, stime
    } catch {
      return null;
    }
  };
  const sample = async () => {
    const res = await admin.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = $1", [DATABASE]);
    for (const { pid } of res.rows) {
      const cpu = cpuOf(pid);
      if (cpu === null) continue;
      if (!first.has(pid)) first.set(pid, cpu);
      last.set(pid, cpu);
    }
  };
  let timer: NodeJS.Timeout | null = null;
  return {
    async start() {
      await sample();
      timer = setInterval(() => void sample(), 100);
    },
    async stop(): Promise<number> {
      if (timer) clearInterval(timer);
      await sample();
      let total = 0;
      for (const [pid, end] of last) total += end - (first.get(pid) ?? end);
      return total;
    },
  };
}

async function ingestAll(tenantId: string, list: Batch[]): Promise<void> {
  // Two batches in flight, as the loader and agents do: one being written while the next is prepared.
  const inFlight = new Set<Promise<unknown>>();
  for (const b of list) {
    const p = ingestItems({ tenantId, actor: "cli:capacity" }, b.format, b.items).finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= 2) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
}

async function main() {
  const events = flag("events", 20_000);
  const fill = flag("fill", 60_000);
  const admin = new Client({ connectionString: serverUrl("postgres") });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DATABASE}`);
  await migrate(serverUrl(DATABASE));
  process.env.DATABASE_URL = serverUrl(DATABASE);
  const tenant = await createTenant({ slug: "capacity", name: "Capacity probe" });
  const now = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);

  // Warm-up (connections, prepared caches, the agents and process nodes of the world), then the measured run.
  await ingestAll(tenant.id, batches(3_000, 11, now));
  const measured = batches(events, 12, now);
  const sentBytes = measured.reduce((n, b) => n + b.items.reduce((m, i) => m + Buffer.byteLength(i.raw), 0), 0);
  const pg = backendCpu(admin);
  await pg.start();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await ingestAll(tenant.id, measured);
  const wall = (performance.now() - t0) / 1000;
  const app = process.cpuUsage(cpu0);
  const pgUs = await pg.stop();
  const n = measured.reduce((k, b) => k + b.items.length, 0);
  console.log(`ingest of ${n} new events: ${(n / wall).toFixed(0)} events/s wall, ${(sentBytes / n).toFixed(0)} bytes/event sent`);
  console.log(`  app CPU ${((app.user + app.system) / n).toFixed(0)} µs/event (user ${(app.user / n).toFixed(0)}, system ${(app.system / n).toFixed(0)})`);
  console.log(`  PostgreSQL backends CPU ${(pgUs / n).toFixed(0)} µs/event`);

  // Fill to --fill events for the sizes, then vacuum so that sizes are settled pages, not dead rows.
  const have = 3_000 + n;
  if (fill > have) await ingestAll(tenant.id, batches(fill - have, 13, now));
  await closeDb();
  const db = new Client({ connectionString: serverUrl(DATABASE) });
  await db.connect();
  await db.query("VACUUM ANALYZE");
  const total = Number((await db.query<{ n: string }>("SELECT count(*) AS n FROM events")).rows[0].n);
  const tables = await db.query<{ name: string; heap: string; toast: string; idx: string; rows: string }>(
    `SELECT c.relname AS name, pg_relation_size(c.oid) AS heap,
            pg_total_relation_size(c.oid) - pg_relation_size(c.oid) - pg_indexes_size(c.oid) AS toast,
            pg_indexes_size(c.oid) AS idx, c.reltuples::bigint AS rows
       FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
      WHERE s.nspname = 'public' AND c.relkind IN ('r', 'p') AND pg_total_relation_size(c.oid) > 65536
      ORDER BY pg_total_relation_size(c.oid) DESC`,
  );
  console.log(`\n${total} events stored; bytes per stored event by table (heap / TOAST / indexes):`);
  let sum = 0;
  for (const t of tables.rows) {
    const [heap, toast, idx] = [Number(t.heap), Number(t.toast), Number(t.idx)].map((b) => b / total);
    sum += heap + toast + idx;
    console.log(`  ${t.name.padEnd(24)} ${heap.toFixed(0).padStart(6)} ${toast.toFixed(0).padStart(6)} ${idx.toFixed(0).padStart(6)}   (${t.rows} rows)`);
  }
  console.log(`  all tables: ${sum.toFixed(0)} bytes/event`);
  const indexes = await db.query<{ name: string; size: string }>(
    `SELECT indexrelname AS name, pg_relation_size(indexrelid) AS size FROM pg_stat_user_indexes WHERE relname = 'events' ORDER BY 2 DESC`,
  );
  console.log(`events indexes, bytes/event: ${indexes.rows.map((i) => `${i.name} ${(Number(i.size) / total).toFixed(0)}`).join(", ")}`);
  const formats = await db.query<{ format: string; n: string; row: string; payload: string; raw: string }>(
    `SELECT e.source_format AS format, count(*) AS n, avg(pg_column_size(e.*))::int::text AS row,
            avg(pg_column_size(p.body))::int::text AS payload, avg(octet_length(p.body))::int::text AS raw
       FROM events e JOIN event_payloads p ON p.event_id = e.id GROUP BY 1 ORDER BY 2 DESC`,
  );
  console.log("by source format: events, row bytes, payload bytes stored (compressed), payload bytes as sent");
  for (const f of formats.rows) console.log(`  ${f.format.padEnd(10)} ${f.n.padStart(7)} ${f.row.padStart(6)} ${f.payload.padStart(6)} ${f.raw.padStart(6)}`);
  await db.end();
  await admin.end();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
