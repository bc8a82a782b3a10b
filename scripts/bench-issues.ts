// Server-side latency of the triage side on the bench tenant (1M events grouped into their
// issues at ingest): the queue's first page with filters, an issue page's data, and one bulk
// assessment of a query matching 100,000 events. lib/ operations are called directly with a
// CallerContext, without HTTP or rendering.
import type { CallerContext } from "../lib/auth/context";
import { pool } from "../lib/db";
import { getEvent } from "../lib/events/event-detail";
import { getProcessTree } from "../lib/events/process-tree";
import { bulkAssessEvents } from "../lib/issues/assess";
import { listComments } from "../lib/issues/comments";
import { getIssue, getIssueLineage, listIssueEvents, listIssues } from "../lib/issues/queries";
import type { IssueSearchInput } from "../lib/issues/schemas";
import { timeRuns } from "./lib/timing";

/** The issue page's server-side data, loaded as the page loads it. */
async function issuePageData(ctx: CallerContext, id: string) {
  const issue = await getIssue({ ctx, input: { id } });
  const latest = issue.latestEventId;
  await Promise.all([
    listIssueEvents({ ctx, input: { id } }),
    getIssueLineage({ ctx, input: { id } }),
    listComments({ ctx, input: { subjectType: "issue", subjectId: id } }),
    latest ? getEvent({ ctx, input: { id: latest } }) : null,
    latest ? getProcessTree({ ctx, input: { id: latest } }) : null,
  ]);
}

export async function benchIssues(tenantId: string, runs: number, log: (line: string) => void) {
  const ctx: CallerContext = { tenantId, tenantIds: [tenantId], role: "analyst", actor: "bench", userId: null };
  const stats = await pool().query<{ issues: string; grouped: string; events: string }>(
    `SELECT (SELECT count(*) FROM issues WHERE tenant_id = $1) AS issues,
            (SELECT count(*) FROM issue_events WHERE tenant_id = $1) AS grouped,
            (SELECT count(*) FROM events WHERE tenant_id = $1) AS events`,
    [tenantId],
  );
  const s = stats.rows[0];
  log(`${Number(s.events).toLocaleString("en")} events, ${Number(s.grouped).toLocaleString("en")} of them in ${Number(s.issues).toLocaleString("en")} issues; ${runs} runs each, p95 target in brackets.`);

  const queues: [string, IssueSearchInput][] = [
    ["queue: open + in progress, newest", { status: ["open", "in_progress"], sort: "-lastSeen" }],
    ["queue: high+critical, unassigned, by severity", { severity: ["high", "critical"], assignee: ["unassigned"], sort: "-severity" }],
    ["queue: flags + type + text, by event count", { flags: ["acknowledged", "followup"], q: "miner", sort: "-eventCount" }],
    ["queue: one agent, first seen", { agent: [await anyAgent(tenantId)], sort: "firstSeen" }],
  ];
  for (const [name, input] of queues) {
    const r = await timeRuns(runs, () => listIssues({ ctx, input: { ...input, limit: 50 } }), 3);
    log(`${name.padEnd(48)} p50 ${r.p50.toFixed(1).padStart(7)} ms   p95 ${r.p95.toFixed(1).padStart(7)} ms   [< 50 ms]`);
  }

  // Issue pages: the largest issues (worst case) and issues spread over the id range.
  const big = await pool().query<{ id: string }>(`SELECT id FROM issues WHERE tenant_id = $1 ORDER BY event_count DESC LIMIT 10`, [tenantId]);
  const all = await pool().query<{ id: string }>(`SELECT id FROM issues WHERE tenant_id = $1 ORDER BY id`, [tenantId]);
  const spread = { rows: Array.from({ length: 40 }, (_, k) => all.rows[Math.floor((k * all.rows.length) / 40)]).filter(Boolean) };
  const ids = [...big.rows, ...spread.rows].map((r) => String(r.id));
  const page = await timeRuns(runs, (i) => issuePageData(ctx, ids[(i + ids.length * 10) % ids.length]), 3);
  log(`${"issue page data (10 largest + 40 spread issues)".padEnd(48)} p50 ${page.p50.toFixed(1).padStart(7)} ms   p95 ${page.p95.toFixed(1).padStart(7)} ms   [< 100 ms]`);
  const largest = await timeRuns(Math.max(10, Math.floor(runs / 5)), () => issuePageData(ctx, ids[0]), 3);
  log(`${"issue page data, the largest issue".padEnd(48)} p50 ${largest.p50.toFixed(1).padStart(7)} ms   p95 ${largest.p95.toFixed(1).padStart(7)} ms   [< 100 ms]`);

  // Bulk: the newest 100,000 events by id, as a query (id:>=N over 30 days).
  const cut = await pool().query<{ id: string; lo: Date; hi: Date }>(
    `SELECT id, (SELECT min(occurred_at) FROM events WHERE tenant_id = $1) AS lo, (SELECT max(occurred_at) FROM events WHERE tenant_id = $1) AS hi
       FROM events WHERE tenant_id = $1 ORDER BY id DESC OFFSET 99999 LIMIT 1`,
    [tenantId],
  );
  const { id, lo, hi } = cut.rows[0];
  const search = { query: `id:>=${id}`, from: lo.toISOString(), to: new Date(hi.getTime() + 1).toISOString() };
  const assessment = { enableFlags: ["tuningCandidate"], comment: "bench: bulk by query" };
  let t0 = performance.now();
  const dry = await bulkAssessEvents({ ctx, input: { search, assessment, dryRun: true } });
  const dryMs = performance.now() - t0;
  t0 = performance.now();
  const done = await bulkAssessEvents({ ctx, input: { search, assessment } });
  const ms = performance.now() - t0;
  const count = "count" in dry ? dry.count : 0;
  const successes = "successes" in done ? done.successes : 0;
  log(`bulk assessment by query: dry run ${count.toLocaleString("en")} events in ${dryMs.toFixed(0)} ms; assessed ${successes.toLocaleString("en")} in ${(ms / 1000).toFixed(2)} s   [< 10 s]`);
}

async function anyAgent(tenantId: string): Promise<string> {
  const res = await pool().query<{ name: string }>(
    `SELECT a.name FROM issue_agents ia JOIN agents a ON a.id = ia.agent_id JOIN issues i ON i.id = ia.issue_id
      WHERE i.tenant_id = $1 GROUP BY a.name ORDER BY count(*) DESC LIMIT 1`,
    [tenantId],
  );
  return res.rows[0]?.name ?? "none";
}
