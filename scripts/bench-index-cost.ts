import { createTenant } from "../lib/admin/accounts";
import { pool } from "../lib/db";
import { parseBody } from "../lib/ingest/parse-body";
import { ingestItems } from "../lib/ingest/pipeline";
import { bodiesOf, ingestTimed } from "./bench-rules";

// npm run bench -- index-cost [--index events_search_text_trgm_idx] [--events 20000] [--rounds 2]
//   What one index on events costs ingest: in-process throughput of new events with the index and
//   with it dropped, alternating in one run on the same database (the index is rebuilt, untimed,
//   between rounds and is always there at the end).

export async function benchIndexCost(flags: Record<string, string>): Promise<void> {
  const index = flags.index ?? "events_search_text_trgm_idx";
  const count = Number(flags.events ?? 20_000);
  const rounds = Math.max(1, Number(flags.rounds ?? 2));
  const found = await pool().query<{ def: string }>("SELECT pg_get_indexdef(to_regclass($1)) AS def", [index]);
  const definition = found.rows[0]?.def;
  if (!definition) throw new Error(`no index named "${index}"`);
  const tenant = await createTenant({ slug: `bench-index-${Date.now().toString(36)}`, name: "Benchmark index cost" });
  const bodies = bodiesOf(count * 2 * rounds, Date.now() % 1_000_000_000);
  const share = Math.floor(bodies.length / (2 * rounds));
  const totals = { with: { n: 0, s: 0 }, without: { n: 0, s: 0 } };
  await ingestItems({ tenantId: tenant.id, actor: "bench" }, bodies[0].format, parseBody(bodies[0].text, "ndjson")); // warm-up
  let phase = 0;
  try {
    for (let r = 0; r < rounds; r++) {
      for (const which of r % 2 === 0 ? (["with", "without"] as const) : (["without", "with"] as const)) {
        if (which === "without") await pool().query(`DROP INDEX IF EXISTS ${index}`);
        else await ensureIndex(definition);
        await pool().query("CHECKPOINT");
        const { n, s } = await ingestTimed(tenant.id, bodies.slice(1 + phase * share, 1 + (phase + 1) * share));
        totals[which].n += n;
        totals[which].s += s;
        console.log(`new events, ${which.padEnd(7)} ${index}: ${n.toLocaleString("en")} in ${s.toFixed(1)} s = ${Math.round(n / s).toLocaleString("en")} events/s`);
        phase += 1;
      }
    }
  } finally {
    await ensureIndex(definition);
  }
  const rateWith = totals.with.n / totals.with.s;
  const rateWithout = totals.without.n / totals.without.s;
  console.log(
    `${index}: ${Math.round(rateWith).toLocaleString("en")} events/s with, ${Math.round(rateWithout).toLocaleString("en")} without = ` +
      `${(100 * (1 - rateWith / rateWithout)).toFixed(1)} % of new-event ingest throughput [≤ 15 %]`,
  );
}

async function ensureIndex(definition: string): Promise<void> {
  const t0 = performance.now();
  await pool().query(definition.replace(/^CREATE INDEX /, "CREATE INDEX IF NOT EXISTS "));
  const s = (performance.now() - t0) / 1000;
  if (s > 1) console.log(`(index rebuilt in ${s.toFixed(0)} s, untimed)`);
}
