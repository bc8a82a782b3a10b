// npm run bench -- search --shape fleet [--preload 1000000] [--late 0.1] [--runs 20]: the search
// targets of issue 17 on a fleet-shaped data set (lib/generate shape "fleet") in its own database:
// newest page, free-text rows and exact count, total + 16 facets + histogram over 30 d and 24 h,
// unfiltered and filtered on one high-cardinality field (agent, pod, executable).
import type { CallerContext } from "../lib/auth/context";
import { pool } from "../lib/db";
import { DEFAULT_FACETS } from "../lib/events/fields";
import { searchEvents } from "../lib/events/search";
import type { FieldFilter, SearchRequest } from "../lib/events/types";
import { timeRuns } from "./lib/timing";

/** Terms that occur in the fleet data set: the crypto-miner and container-escape scenarios. */
export const FLEET_FREE_TEXT = "xmrig OR nsenter";

type Case = [name: string, input: (i: number) => SearchRequest, target: string];

/** A real, frequent but selective value of `column`: the 10th most frequent in the tenant. */
async function tenthValue(tenantId: string, column: "agent_id" | "pod" | "process_exe"): Promise<string> {
  const sql = column === "agent_id"
    ? `SELECT a.name AS v FROM events e JOIN agents a ON a.id = e.agent_id WHERE e.tenant_id = $1 GROUP BY a.name ORDER BY count(*) DESC, a.name OFFSET 9 LIMIT 1`
    : `SELECT ${column} AS v FROM events WHERE tenant_id = $1 AND ${column} IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 OFFSET 9 LIMIT 1`;
  const res = await pool().query<{ v: string }>(sql, [tenantId]);
  if (!res.rows[0]) throw new Error(`no ${column} values in the data set`);
  return res.rows[0].v;
}

/** The high-cardinality filters the fleet cases use, with their values and event counts. */
export async function fleetFilters(tenantId: string): Promise<{ name: string; filter: FieldFilter; events: number }[]> {
  const out: { name: string; filter: FieldFilter; events: number }[] = [];
  for (const [field, column] of [["agent", "agent_id"], ["pod", "pod"], ["processExe", "process_exe"]] as const) {
    const value = await tenthValue(tenantId, column);
    const count = column === "agent_id"
      ? await pool().query<{ n: string }>("SELECT count(*) AS n FROM events e JOIN agents a ON a.id = e.agent_id WHERE e.tenant_id = $1 AND a.name = $2", [tenantId, value])
      : await pool().query<{ n: string }>(`SELECT count(*) AS n FROM events WHERE tenant_id = $1 AND ${column} = $2`, [tenantId, value]);
    out.push({ name: `${field}:${value}`, filter: { field, values: [value] }, events: Number(count.rows[0].n) });
  }
  return out;
}

export async function benchFleetSearch(tenantId: string, runs: number, log: (line: string) => void): Promise<void> {
  const ctx: CallerContext = { tenantId, tenantIds: [tenantId], role: "analyst", actor: "bench", userId: null };
  const stats = await pool().query<{ n: string; last: Date }>("SELECT count(*) AS n, max(occurred_at) AS last FROM events WHERE tenant_id = $1", [tenantId]);
  // "Now" is the newest event, so the 24-hour window is full however old the data set is.
  const now = stats.rows[0].last.getTime() + 1000;
  const range = (i: number, days: number) => ({
    from: new Date(now + i * 1000 - days * 86400_000).toISOString(),
    to: new Date(now + i * 1000).toISOString(),
  });
  const all = { facets: [...DEFAULT_FACETS], histogram: { interval: "auto" as const } };
  const filters = await fleetFilters(tenantId);
  for (const f of filters) log(`filter ${f.name} (${f.events.toLocaleString("en")} events)`);
  const label = (f: (typeof filters)[number]) => f.filter.field;
  const cases: Case[] = [
    ["newest page, unfiltered (30 d)", (i) => ({ ...range(i, 30), limit: 50, total: false }), "< 50 ms"],
    [`free text "${FLEET_FREE_TEXT}", rows (30 d)`, (i) => ({ ...range(i, 30), query: FLEET_FREE_TEXT, limit: 50, total: false }), "< 300 ms"],
    [`free text "${FLEET_FREE_TEXT}", exact count (30 d)`, (i) => ({ ...range(i, 30), query: FLEET_FREE_TEXT, limit: 50 }), "< 1.5 s"],
  ];
  for (const days of [30, 1]) {
    const window = days === 30 ? "30 d" : "24 h";
    const target = days === 30 ? "< 300 ms" : "< 100 ms";
    cases.push([`total + 16 facets + histogram, ${window}`, (i) => ({ ...range(i, days), ...all }), target]);
    for (const f of filters) cases.push([`  + ${label(f)} filter, ${window}`, (i) => ({ ...range(i, days), filters: [f.filter], ...all }), target]);
  }
  log(`\n${Number(stats.rows[0].n).toLocaleString("en")} events (fleet shape); ${runs} runs each, server-side (searchEvents in-process), p95 target in brackets.`);
  for (const [name, input, target] of cases) {
    const r = await timeRuns(runs, (i) => searchEvents({ ctx, input: input(i) }));
    log(`${name.padEnd(48)} p50 ${r.p50.toFixed(1).padStart(8)} ms   p95 ${r.p95.toFixed(1).padStart(8)} ms   [${target}]`);
  }
}
