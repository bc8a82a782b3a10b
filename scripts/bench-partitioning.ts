// Before/after figures of partitioned events (docs/benchmarks.md, "Partitioned events"), run against
// DATABASE_URL by each code base in turn (it only uses what both have):
//   tsx --conditions=react-server scripts/bench-partitioning.ts ingest [--preload 200000] [--events 20000]
//     in-process ingest of new events (batches of 1,000, 2 at a time) into a database holding --preload
//   tsx --conditions=react-server scripts/bench-partitioning.ts floor [--events 10000]
//     benchIngestFloor: PostgreSQL alone, 1 and 2 sessions, on the same database
//   tsx --conditions=react-server scripts/bench-partitioning.ts retention
//     (partitioned layout only) one whole week of the preloaded tenant removed by the batched delete,
//     the next week by dropping its partition: seconds, and how long the drop locked events
import { createTenant } from "../lib/admin/accounts";
import { closeDb, pool } from "../lib/db";
import { migrate } from "../lib/db/migrate";
import { benchIngestFloor } from "./bench-ingest-floor";
import { parseArgs } from "./lib/args";
import { loadGeneratedEvents } from "./lib/load-events";

async function tenantWith(slug: string, count: number, days: number, seed: number): Promise<string> {
  const t = await createTenant({ slug, name: slug });
  const have = Number((await pool().query<{ n: string }>(`SELECT count(*) AS n FROM events WHERE tenant_id = $1`, [t.id])).rows[0].n);
  if (have < count) {
    const t0 = performance.now();
    await loadGeneratedEvents({ tenantId: t.id, count: count - have, days, seed: seed + have, inTimeOrder: true });
    console.log(`${slug}: loaded ${(count - have).toLocaleString("en")} events in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    await pool().query("VACUUM ANALYZE");
  }
  return t.id;
}

async function main() {
  const { positionals, flags } = parseArgs(process.argv.slice(2));
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is required");
  await migrate(url);
  const which = positionals[0] ?? "ingest";
  const held = () => pool().query<{ n: string }>(`SELECT count(*) AS n FROM events`).then((r) => Number(r.rows[0].n));
  if (which === "ingest") {
    await tenantWith("bench-part", Number(flags.preload ?? 200_000), 30, 1_000);
    const events = Number(flags.events ?? 20_000);
    const before = await held();
    const t = await createTenant({ slug: `bench-part-new-${Date.now()}`, name: "new" });
    const t0 = performance.now();
    const totals = await loadGeneratedEvents({ tenantId: t.id, count: events, days: 1, seed: Date.now() % 1_000_000, concurrency: 2 });
    const seconds = (performance.now() - t0) / 1000;
    console.log(`ingest: ${totals.created.toLocaleString("en")} new events in ${seconds.toFixed(1)} s = ${Math.round(totals.created / seconds).toLocaleString("en")} events/s (database held ${before.toLocaleString("en")})`);
  } else if (which === "floor") {
    const events = Number(flags.events ?? 10_000);
    const source = await tenantWith("bench-part-floor-source", 2 * events, 1, 7_000);
    await closeDb();
    const one = await benchIngestFloor({ databaseUrl: url, sourceTenantId: source, sessions: 1, events });
    const two = await benchIngestFloor({ databaseUrl: url, sourceTenantId: source, sessions: 2, events });
    console.log(`floor: ${Math.round(one).toLocaleString("en")} events/s with 1 session, ${Math.round(two).toLocaleString("en")} with 2`);
  } else if (which === "retention") {
    // Imported here: the code base before partitioning has neither module.
    const { expireBatch } = await import("../lib/retention/expire");
    const { dropEventPartition } = await import("../lib/retention/drop-partitions");
    const { listEventPartitions } = await import("../lib/partitions/queries");
    const tenant = await tenantWith("bench-part", Number(flags.preload ?? 200_000), 30, 1_000);
    const now = Date.now();
    const full = (await listEventPartitions()).filter((p) => p.from && p.to && p.to.getTime() < now - 86_400_000 && p.approximateRows > 0);
    const [deleted, dropped] = full.slice(-3, -1);
    const count = async (from: Date, to: Date) =>
      Number((await pool().query<{ n: string }>(`SELECT count(*) AS n FROM events WHERE occurred_at >= $1 AND occurred_at < $2`, [from, to])).rows[0].n);
    const n1 = await count(deleted.from!, deleted.to!);
    let t0 = performance.now();
    let batches = 0;
    for (;;) {
      const b = await expireBatch(tenant, { from: deleted.from!, to: deleted.to! });
      batches += 1;
      if (b.removed === 0) break;
    }
    const deleteSeconds = (performance.now() - t0) / 1000;
    console.log(`batched delete of ${deleted.name}: ${n1.toLocaleString("en")} events in ${deleteSeconds.toFixed(1)} s (${batches} batches of 5,000) = ${Math.round(n1 / deleteSeconds).toLocaleString("en")} events/s`);
    const n2 = await count(dropped.from!, dropped.to!);
    t0 = performance.now();
    const d = await dropEventPartition(dropped);
    const dropSeconds = (performance.now() - t0) / 1000;
    if (!d) throw new Error("the drop found events busy");
    console.log(`drop of ${dropped.name}: ${n2.toLocaleString("en")} events in ${dropSeconds.toFixed(1)} s = ${Math.round(n2 / dropSeconds).toLocaleString("en")} events/s; events locked ${d.lockedSeconds} s`);
  } else throw new Error(`unknown "${which}"`);
  await closeDb();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
