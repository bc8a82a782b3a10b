import type { Client } from "pg";

// A month of a SOC's triage, written straight into a test tenant: the issues that ingest opened
// get the assignments, acknowledgements, verdicts and resolutions analysts would have made over
// the weeks, each with its lineage entry at the time it happened (lib/issues writes the same
// shapes, but always at now()). For dashboard screenshots and checks that need history; never
// used by the product.

export interface Analyst {
  id: string;
  email: string;
}

interface Options {
  tenantId: string;
  analysts: Analyst[];
  now: Date;
  seed?: number;
}

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MIN = 60_000;
const HOUR = 60 * MIN;

interface Entry {
  subjectId: string;
  action: string;
  actor: string;
  at: Date;
  details: Record<string, unknown>;
}

export async function simulateTriageHistory(c: Client, { tenantId, analysts, now, seed = 7 }: Options): Promise<{ issues: number; entries: number }> {
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  // A response time in ms: mostly minutes to hours, a long tail of days.
  const delay = (median: number) => Math.max(MIN, median * Math.exp((random() - 0.5) * 3));
  const issues = (await c.query<{ id: string; first_seen_at: Date; severity: string; type: string }>(
    `SELECT id::text, first_seen_at, severity, type FROM issues WHERE tenant_id = $1 ORDER BY id`,
    [tenantId],
  )).rows;
  const entries: Entry[] = [];
  const updates: { id: string; createdAt: Date; status: string; closeReason: string | null; assignee: string | null; flags: string[]; ackAt: Date | null; resolvedAt: Date | null; version: number }[] = [];
  // Some event types are noisy rules: their issues turn out false positives far more often.
  const noisy = new Set([...new Set(issues.map((i) => i.type))].filter(() => random() < 0.25));
  for (const issue of issues) {
    const createdAt = new Date(Math.min(now.getTime() - MIN, issue.first_seen_at.getTime() + delay(4 * MIN)));
    const u = { id: issue.id, createdAt, status: "open", closeReason: null as string | null, assignee: null as string | null, flags: [] as string[], ackAt: null as Date | null, resolvedAt: null as Date | null, version: 1 };
    updates.push(u);
    const analyst = pick(analysts);
    const actor = `user:${analyst.email}`;
    const urgent = issue.severity === "critical" || issue.severity === "high";
    // The SOC got faster over the month: response times shrink towards now.
    const ageDays = (now.getTime() - createdAt.getTime()) / (24 * HOUR);
    const pace = 0.6 + Math.min(ageDays, 30) / 30;
    let t = createdAt.getTime() + delay((urgent ? 25 * MIN : 3 * HOUR) * pace);
    if (t >= now.getTime() || random() < 0.08) continue; // not looked at yet
    const add = (action: string, details: Record<string, unknown>) => {
      entries.push({ subjectId: issue.id, action, actor, at: new Date(t), details });
      u.version += 1;
    };
    add("assigned", { changed: ["assignee"], before: { assignee: null }, after: { assignee: analyst.email } });
    u.assignee = analyst.id;
    t += delay(3 * MIN);
    if (t >= now.getTime()) continue;
    if (random() < 0.5) {
      add("assessed", { enableFlags: ["acknowledged"], disableFlags: [] });
      u.flags.push("acknowledged");
    } else {
      add("started", { changed: ["status"], before: { status: "open" }, after: { status: "in_progress" } });
      u.status = "in_progress";
    }
    u.ackAt = new Date(t);
    t += delay((urgent ? 2 * HOUR : 10 * HOUR) * pace);
    if (t >= now.getTime() || random() < 0.15) continue;
    const fp = random() < (noisy.has(issue.type) ? 0.6 : 0.08);
    const reason = fp ? "false_positive" : pick(["true_positive", "benign_true_positive", "benign_true_positive", "duplicate"]);
    if (fp || reason === "benign_true_positive") {
      const flag = fp ? "falsePositive" : "notAThreat";
      add("assessed", { enableFlags: [flag], disableFlags: [], handledByAnalyst: true });
      u.flags.push(flag, "handledByAnalyst");
      t += delay(2 * MIN);
      if (t >= now.getTime()) continue;
    }
    const status = reason === "duplicate" ? "closed" : "resolved";
    add(status, { changed: ["status", "closeReason"], before: { status: u.status, closeReason: null }, after: { status, closeReason: reason } });
    u.status = status;
    u.closeReason = reason;
    u.resolvedAt = new Date(t);
  }
  await c.query(
    `UPDATE issues i SET created_at = u.created_at, status = u.status, close_reason = u.close_reason, assignee_id = u.assignee,
            flags = ARRAY(SELECT DISTINCT f FROM unnest(i.flags || u.flags) f ORDER BY f), acknowledged_at = u.ack_at,
            resolved_at = u.resolved_at, accepts_events = i.accepts_events AND u.status NOT IN ('resolved', 'closed'), version = u.version
       FROM (SELECT * FROM jsonb_to_recordset($2::jsonb) AS x(id bigint, created_at timestamptz, status text, close_reason text,
                    assignee uuid, flags text[], ack_at timestamptz, resolved_at timestamptz, version int)) u
      WHERE i.id = u.id AND i.tenant_id = $1`,
    [tenantId, JSON.stringify(updates.map((u) => ({ id: u.id, created_at: u.createdAt, status: u.status, close_reason: u.closeReason, assignee: u.assignee, flags: u.flags, ack_at: u.ackAt, resolved_at: u.resolvedAt, version: u.version })))],
  );
  // The "created" entries ingest wrote carry the load's time; the history's entries are appended with their own.
  await c.query(
    `INSERT INTO lineage_entries (tenant_id, subject_type, subject_id, action, actor, at, details)
     SELECT $1, 'issue', e.subject_id, e.action, e.actor, e.at, e.details
       FROM jsonb_to_recordset($2::jsonb) AS e(subject_id text, action text, actor text, at timestamptz, details jsonb)`,
    [tenantId, JSON.stringify(entries.map((e) => ({ subject_id: e.subjectId, action: e.action, actor: e.actor, at: e.at, details: e.details })))],
  );
  return { issues: issues.length, entries: entries.length };
}

/**
 * Blocks an analyst made over the month: a deny rule in the global policy for each of the busiest
 * outside destinations of high and critical detections, made 47 minutes after the latest such event (as Block records them:
 * with the event they came from).
 */
export async function simulateBlocks(c: Client, { tenantId, now, count = 8 }: { tenantId: string; now: Date; count?: number }): Promise<number> {
  const policy = await c.query<{ id: string }>(
    `INSERT INTO network_policies (tenant_id, scope, scope_ref, mode) VALUES ($1, 'global', '', 'enforce')
     ON CONFLICT (tenant_id, scope, scope_ref) DO UPDATE SET mode = network_policies.mode RETURNING id`,
    [tenantId],
  );
  const res = await c.query(
    `INSERT INTO network_policy_rules (tenant_id, policy_id, type, value, action, reason, created_by, source_event_id, created_at)
     SELECT $1, $2, CASE WHEN d.destination ~ '^[0-9.]+$' OR d.destination LIKE '%:%' THEN 'ip' ELSE 'domain' END, d.destination, 'deny',
            'Seen in a detection', 'user:analyst@vigil.local', d.id, least($3::timestamptz - interval '5 minutes', d.occurred_at + interval '47 minutes')
       FROM (SELECT DISTINCT ON (destination) destination, id, occurred_at, count(*) OVER (PARTITION BY destination) AS n
               FROM events WHERE tenant_id = $1 AND kind = 'detections' AND severity IN ('high', 'critical') AND destination IS NOT NULL
                -- nobody blocks their own network
                AND destination !~ '^(10\\.|127\\.|192\\.168\\.|172\\.(1[6-9]|2[0-9]|3[01])\\.)'
              ORDER BY destination, occurred_at DESC) d
      ORDER BY d.n DESC LIMIT $4
     ON CONFLICT DO NOTHING`,
    [tenantId, policy.rows[0].id, now, count],
  );
  return res.rowCount ?? 0;
}
