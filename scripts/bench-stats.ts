// Server-side latency of the statistics on the bench tenant (1M events over 30 days, grouped into
// issues): POST /api/v1/events/stats's group-by trees, the dashboard's event overview, and issue
// statistics. lib/ operations are called directly with a CallerContext, without HTTP.
import type { CallerContext } from "../lib/auth/context";
import { pool } from "../lib/db";
import { loadAgentFigures } from "../lib/dashboard/agents";
import { loadBlockFigures } from "../lib/dashboard/blocks";
import { loadEventFigures, loadEventSections } from "../lib/dashboard/event-figures";
import { DEFAULT_EXPLORER } from "../lib/dashboard/explorer-params";
import { loadRuleFalsePositives } from "../lib/dashboard/rule-figures";
import { resolveWindows } from "../lib/dashboard/range";
import { loadTriageFigures } from "../lib/dashboard/triage";
import { aggregateEvents } from "../lib/events/aggregate";
import { fieldByName } from "../lib/events/fields";
import { eventOverview } from "../lib/stats/event-overview";
import { eventStats } from "../lib/stats/event-stats";
import { issueStats } from "../lib/stats/issue-stats";
import type { EventStatsInput } from "../lib/stats/schemas";
import { timeRuns } from "./lib/timing";

const DAY = 86_400_000;

export async function benchStats(tenantId: string, runs: number, log: (line: string) => void) {
  const ctx: CallerContext = { tenantId, tenantIds: [tenantId], role: "manager", actor: "bench", userId: null };
  const stats = await pool().query<{ n: string; last: Date; rollup_rows: string }>(
    `SELECT count(*) AS n, max(occurred_at) AS last,
            (SELECT count(*) FROM event_rollups_daily WHERE tenant_id = $1) AS rollup_rows FROM events WHERE tenant_id = $1`,
    [tenantId],
  );
  // "Now" is the newest event, so the windows are full however old the data set is; each run
  // moves it by a second, as successive requests would.
  const last = stats.rows[0].last.getTime() + 1000;
  const now = (i: number) => new Date(last + i * 1000);
  const window = (i: number, days: number) => ({ from: new Date(now(i).getTime() - days * DAY).toISOString(), to: now(i).toISOString() });
  log(`${Number(stats.rows[0].n).toLocaleString("en")} events (${Number(stats.rows[0].rollup_rows).toLocaleString("en")} daily rollup rows); ${runs} runs each, p95 target in brackets.`);
  const line = (name: string, r: { p50: number; p95: number }, target: string) =>
    log(`${name.padEnd(58)} p50 ${r.p50.toFixed(1).padStart(7)} ms   p95 ${r.p95.toFixed(1).padStart(7)} ms   [${target}]`);

  const trees: [string, (i: number) => EventStatsInput, string][] = [
    ["3 levels cluster › type › agent, 30 d", (i) => ({ ...window(i, 30), groupBy: [{ field: "cluster", limit: 5 }, { field: "type", limit: 10 }, { field: "agent", limit: 5 }] }), "< 500 ms"],
    ["3 levels + 2 named ranges (-24h, -7d), 30 d", (i) => ({
      ...window(i, 30),
      groupBy: [{ field: "severity" }, { field: "type", limit: 10 }, { field: "destination", limit: 5 }],
      timeRangeMetrics: [{ name: "last24h", from: "-24h" }, { name: "last7d", from: "-7d" }],
    }), "< 500 ms"],
    ["3 levels flags (a list) › severity › type, 30 d", (i) => ({ ...window(i, 30), groupBy: [{ field: "flags" }, { field: "severity" }, { field: "type", limit: 5 }] }), "< 500 ms"],
    ["3 levels, 3 filters, 30 d", (i) => ({
      ...window(i, 30),
      filters: [{ field: "kind", values: ["detections"] }, { field: "severity", values: ["high", "critical"] }, { field: "sourceFormat", values: ["garnet", "falco"], exclude: true }],
      groupBy: [{ field: "namespace" }, { field: "processExe", limit: 5 }, { field: "agent", limit: 5 }],
    }), "< 500 ms"],
    ["3 levels, free text \"curl\" (raw events), 24 h", (i) => ({ ...window(i, 1), query: "curl", groupBy: [{ field: "cluster" }, { field: "type" }, { field: "agent" }] }), "(no target)"],
  ];
  for (const [name, input, target] of trees) {
    line(`events/stats: ${name}`, await timeRuns(runs, (i) => eventStats({ ctx, input: input(i), now: now(i) }), 3), target);
  }

  // The same 3-level tree from raw events only: what the rollups save.
  const raw = await timeRuns(5, (i) => {
    const w = window(i, 30);
    return aggregateEvents(
      { tenantId, query: null, filters: [] },
      { range: { from: new Date(w.from), to: new Date(w.to) }, groupings: [["cluster", "type", "agent"].map((f) => ({ field: fieldByName(f)!, limit: 5 }))], rawOnly: true },
    );
  });
  line("same 3 levels from raw events only (5 runs), 30 d", raw, "for comparison");

  const overview = (days: number, compare: "previous" | "none") => (i: number) => eventOverview({ ctx, input: { ...window(i, days), compare }, now: now(i) });
  line("dashboard overview, 30 d, no comparison", await timeRuns(runs, overview(30, "none"), 3), "< 300 ms");
  line("dashboard overview, 30 d + previous 30 d", await timeRuns(runs, overview(30, "previous"), 3), "< 300 ms");
  line("dashboard overview, 14 d + previous 14 d (both full)", await timeRuns(runs, overview(14, "previous"), 3), "< 300 ms");

  // The dashboard page's loaders as it starts them: all at once (the explorer's tree in the events section's statement).
  const dashboard = (days: number) => (i: number) => {
    const windows = resolveWindows({ kind: "absolute", ...window(i, days) }, now(i));
    const input = { ctx, windows };
    return Promise.all([
      loadEventSections({ ...input, explorer: DEFAULT_EXPLORER }), loadTriageFigures(input), loadBlockFigures(input), loadAgentFigures(input),
      loadRuleFalsePositives(input),
    ]);
  };
  line("whole dashboard (every section + explorer), 30 d", await timeRuns(runs, dashboard(30), 3), "< 300 ms");
  line("whole dashboard (every section + explorer), 7 d", await timeRuns(runs, dashboard(7), 3), "< 300 ms");
  line("events section alone (loadEventFigures), 30 d", await timeRuns(runs, (i) => loadEventFigures({ ctx, windows: resolveWindows({ kind: "absolute", ...window(i, 30) }, now(i)) }), 3), "first paint");

  line("issues/stats: status › severity › agent, all issues", await timeRuns(runs, (i) => issueStats({
    ctx,
    now: now(i),
    input: { groupBy: [{ field: "status" }, { field: "severity" }, { field: "agent", limit: 5 }], timeRangeMetrics: [{ name: "last7d", from: "-7d" }] },
  }), 3), "(no target)");
}
