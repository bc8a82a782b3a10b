import { afterEach, describe, expect, it } from "vitest";
import { POST as ingest } from "../../app/api/v1/ingest/[format]/route";
import { POST as importRoute } from "../../app/api/v1/rule-sets/route";
import { GET as getRuleSetRoute } from "../../app/api/v1/rule-sets/[id]/route";
import { GET as listRoute, POST as startRoute } from "../../app/api/v1/retro-hunts/route";
import { GET as getRoute } from "../../app/api/v1/retro-hunts/[id]/route";
import { POST as cancelRoute } from "../../app/api/v1/retro-hunts/[id]/cancel/route";
import { createApiKey } from "../admin/accounts";
import { pool } from "../db";
import { callRoute } from "../../test-support/route-call";
import { ingestRequest, makeTenantWithCredentials, routeParams } from "../../test-support/ingest-fixtures";
import { withTestDatabase } from "../../test-support/test-db";
import { kickRetroHunts, retroHuntRunner, runQueuedRetroHunts } from "./retro-hunt-runner";
import { scanPage } from "./retro-hunt-batch";
import { RULE_EVENT_TYPES } from "./event-model";
import { ruleEventTypeOf } from "./map-event";
import { loadGeneratedEvents } from "../../scripts/lib/load-events";
import { readCorpus } from "../../test-support/corpus";

withTestDatabase();

// Retro-hunts through the API: a rule run over stored events tags what it matches exactly as
// ingest would have, counts each hit once, keeps to its window and its tenant, can be cancelled
// mid-run, refuses a second hunt of the same rule, notices an interrupted one, and leaves the
// rollups equal to the raw events.

const YAML = `rule_sets:
  - ruleset_id: acme/process
    rules:
      - rule_id: network_tool_exec
        event_type: process_exec
        condition: |
          process.exec_path.endsWith("/curl") ||
          process.exec_path.endsWith("/wget")
        action: collect
      - rule_id: shell_from_package_manager
        event_type: process_exec
        condition: |
          (process.exec_path.endsWith("/sh") || process.exec_path.endsWith("/bash")) &&
          process.ancestors.exists(parent, parent.exec_path.endsWith("/npm") || parent.exec_path.endsWith("/pip"))
        action: detect
        severity: high
`;

const HOUR = 3_600_000;

function runtimeEvent(id: string, exe: string, ancestors: string[], at: number) {
  return {
    id, event_type: "process_exec", timestamp: new Date(at).toISOString(), agent: { id: "runner-1", hostname: "runner-1" },
    process: { exec_path: exe, argv: [exe.split("/").pop()], ancestors: ancestors.map((a) => ({ exec_path: a, argv: [a.split("/").pop()] })) },
    payload: { is_memfd: false },
  };
}

/** A mix of events over the last day: curl and wget (collect), shells under npm (detect), others. */
function events(now: number) {
  return [
    runtimeEvent("curl-1", "/usr/bin/curl", ["/bin/bash"], now - 1 * HOUR),
    runtimeEvent("wget-1", "/usr/bin/wget", [], now - 2 * HOUR),
    runtimeEvent("sh-1", "/bin/sh", ["/usr/bin/node", "/usr/bin/npm", "/bin/bash"], now - 3 * HOUR),
    runtimeEvent("sh-2", "/bin/bash", ["/usr/bin/pip"], now - 4 * HOUR),
    runtimeEvent("ls-1", "/bin/ls", ["/bin/bash"], now - 5 * HOUR),
    runtimeEvent("cat-1", "/bin/cat", [], now - 6 * HOUR),
    runtimeEvent("sh-3", "/bin/sh", ["/bin/bash"], now - 7 * HOUR),
    runtimeEvent("curl-2", "/usr/bin/curl", ["/usr/bin/npm"], now - 8 * HOUR),
  ];
}

type Tenant = Awaited<ReturnType<typeof makeTenantWithCredentials>>;

async function send(t: Tenant, list: object[]) {
  const res = await ingest(ingestRequest("runtime", JSON.stringify(list), { token: t.agentToken }), routeParams({ format: "runtime" }));
  expect(res.status).toBe(200);
}

async function importRules(t: Tenant): Promise<{ ruleSetId: string; rules: Record<string, string> }> {
  const res = await callRoute(importRoute, "POST", "/rule-sets", { token: t.adminKey, body: YAML, headers: { "content-type": "application/yaml" } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const rows = await pool().query<{ id: string; rule_id: string }>(`SELECT id, rule_id FROM detection_rules WHERE tenant_id = $1`, [t.tenant.id]);
  return { ruleSetId: res.body.ruleSets[0].id, rules: Object.fromEntries(rows.rows.map((r) => [r.rule_id, r.id])) };
}

/** Each event by its source id: how it is tagged, its issue, the rules that hit it. */
async function tagging(tenantId: string) {
  const rows = await pool().query<{ source_id: string; kind: string; severity: string; flags: string[]; in_issue: boolean; hits: string[] }>(
    `SELECT split_part(e.event_key, ':', 3) AS source_id, e.kind, e.severity, e.flags, ie.issue_id IS NOT NULL AS in_issue,
            array(SELECT r.rule_id FROM rule_hits h JOIN detection_rules r ON r.id = h.rule_id WHERE h.event_id = e.id ORDER BY 1) AS hits
       FROM events e LEFT JOIN issue_events ie ON ie.event_id = e.id WHERE e.tenant_id = $1 ORDER BY e.event_key`,
    [tenantId],
  );
  return Object.fromEntries(rows.rows.map(({ source_id, ...r }) => [source_id, { ...r, flags: [...r.flags].sort() }]));
}

function hunt(t: Tenant, body: object) {
  return callRoute(startRoute, "POST", "/retro-hunts", { token: t.adminKey, body });
}

/** Waits for this process's runner to finish the queued hunts. */
async function settle() {
  await kickRetroHunts();
}

/** Hourly and daily rollups against raw events, by hour/day, kind, severity and flags: the rows that differ. */
async function rollupDiff(tenantId: string): Promise<number> {
  let diff = 0;
  for (const [table, unit, column] of [["event_rollups_hourly", "hour", "hour"], ["event_rollups_daily", "day", "day"]] as const) {
    const { rows } = await pool().query<{ diff: number }>(
      `SELECT count(*)::int AS diff FROM (
         SELECT date_trunc('${unit}', occurred_at, 'UTC') AS t, severity, kind, flags, count(*) AS n FROM events WHERE tenant_id = $1 GROUP BY 1, 2, 3, 4
       ) raw FULL JOIN (
         SELECT ${column} AS t, severity, kind, flags, sum(count) AS n FROM ${table} WHERE tenant_id = $1 GROUP BY 1, 2, 3, 4 HAVING sum(count) <> 0
       ) r USING (t, severity, kind, flags) WHERE raw.n IS DISTINCT FROM r.n`,
      [tenantId],
    );
    diff += rows[0].diff;
  }
  return diff;
}

afterEach(() => {
  retroHuntRunner.autostart = true;
});

describe("retro-hunts", () => {
  it("tag what they match exactly as ingest would have, join detections to issues, and keep rollups equal to raw", async () => {
    const now = Date.now();
    // The same events: into a tenant that had the rules at ingest, and one that gets them afterwards.
    const atIngest = await makeTenantWithCredentials("hunt-ref");
    await importRules(atIngest);
    await send(atIngest, events(now));
    const later = await makeTenantWithCredentials("hunt-later");
    await send(later, events(now));
    const { ruleSetId, rules } = await importRules(later);
    const untouched = await tagging(later.tenant.id);
    expect(Object.values(untouched).every((e) => e.hits.length === 0)).toBe(true);

    const collect = await hunt(later, { ruleId: rules.network_tool_exec, from: "-1d" });
    expect(collect.status, JSON.stringify(collect.body)).toBe(202);
    expect(collect.body).toMatchObject({ ruleId: rules.network_tool_exec, rulesetId: "acme/process", ruleName: "network_tool_exec", status: "queued", createdBy: expect.any(String) });
    const detect = await hunt(later, { ruleId: rules.shell_from_package_manager, from: new Date(now - 2 * 86_400_000).toISOString(), to: "now" });
    expect(detect.status, JSON.stringify(detect.body)).toBe(202);
    await settle();

    const tags = await tagging(later.tenant.id);
    expect(tags).toEqual(await tagging(atIngest.tenant.id));
    expect(tags["sh-1"]).toMatchObject({ kind: "detections", severity: "high", in_issue: true, hits: ["shell_from_package_manager"] });
    expect(tags["curl-1"]).toMatchObject({ kind: "infos", in_issue: false, hits: ["network_tool_exec"] });
    expect(tags["ls-1"]).toMatchObject({ hits: [] });
    const done = await callRoute(getRoute, "GET", `/retro-hunts/${detect.body.id}`, { token: later.analystKey, params: { id: detect.body.id } });
    expect(done.body).toMatchObject({ status: "succeeded", total: 8, scanned: 8, matched: 2, error: null, startedAt: expect.any(String), finishedAt: expect.any(String) });
    const list = await callRoute(listRoute, "GET", `/retro-hunts`, { token: later.analystKey });
    expect(list.body.retroHunts.map((h: { id: string; matched: number }) => [h.id, h.matched])).toEqual([[detect.body.id, 2], [collect.body.id, 3]]);
    const oneRule = await callRoute(listRoute, "GET", `/retro-hunts?ruleId=${rules.network_tool_exec}`, { token: later.analystKey });
    expect(oneRule.body.retroHunts.map((h: { id: string }) => h.id)).toEqual([collect.body.id]);

    // Hits counted per rule, as at ingest.
    const set = await callRoute(getRuleSetRoute, "GET", `/rule-sets/${ruleSetId}`, { token: later.analystKey, params: { id: ruleSetId } });
    expect(set.body.rules.map((r: { ruleId: string; hits: number }) => [r.ruleId, r.hits])).toEqual([["network_tool_exec", 3], ["shell_from_package_manager", 2]]);

    // Lineage: the rule's start and end with counts, each tagged event's change; the audit log the start.
    const lineage = await pool().query<{ subject_type: string; action: string; details: Record<string, unknown> }>(
      `SELECT subject_type, action, details FROM lineage_entries WHERE tenant_id = $1 AND action LIKE 'retro_hunt%' ORDER BY id`,
      [later.tenant.id],
    );
    expect(lineage.rows.map((r) => [r.subject_type, r.action])).toEqual([
      ["detection_rule", "retro_hunt_started"], ["detection_rule", "retro_hunt_finished"],
      ["detection_rule", "retro_hunt_started"], ["detection_rule", "retro_hunt_finished"],
    ]);
    expect(lineage.rows[1].details).toMatchObject({ retroHuntId: collect.body.id, status: "succeeded", scanned: 8, matched: 3, tagged: 3 });
    expect(lineage.rows[0].details).toMatchObject({ total: 8 });
    const eventLineage = await pool().query(`SELECT count(*)::int AS n FROM lineage_entries WHERE tenant_id = $1 AND subject_type = 'event' AND details->>'cause' = 'retro-hunt'`, [later.tenant.id]);
    expect(eventLineage.rows[0].n).toBe(5);
    const audit = await pool().query(`SELECT action, subject_label FROM audit_entries WHERE tenant_id = $1 AND subject_type = 'retro_hunt' ORDER BY id`, [later.tenant.id]);
    expect(audit.rows).toEqual([
      { action: "retro_hunt.start", subject_label: "acme/process/network_tool_exec" },
      { action: "retro_hunt.start", subject_label: "acme/process/shell_from_package_manager" },
    ]);
    expect(await rollupDiff(later.tenant.id)).toBe(0);
  });

  it("count an event hit at ingest once, and change nothing a second time", async () => {
    const t = await makeTenantWithCredentials("hunt-twice");
    const { rules } = await importRules(t);
    await send(t, events(Date.now()));
    const hitsBefore = await pool().query(`SELECT coalesce(sum(hits), 0)::int AS n FROM rule_hit_days WHERE tenant_id = $1`, [t.tenant.id]);
    expect(hitsBefore.rows[0].n).toBe(5);
    const before = await tagging(t.tenant.id);
    for (const ruleId of [rules.network_tool_exec, rules.network_tool_exec, rules.shell_from_package_manager]) {
      expect((await hunt(t, { ruleId, from: "-1d" })).status).toBe(202);
      await settle();
    }
    expect(await tagging(t.tenant.id)).toEqual(before);
    const hitsAfter = await pool().query(`SELECT coalesce(sum(hits), 0)::int AS n, count(*)::int AS days FROM rule_hit_days WHERE tenant_id = $1`, [t.tenant.id]);
    expect(hitsAfter.rows[0].n).toBe(5);
    const list = await callRoute(listRoute, "GET", `/retro-hunts`, { token: t.adminKey });
    expect(list.body.retroHunts.map((h: { status: string; matched: number }) => [h.status, h.matched])).toEqual([["succeeded", 2], ["succeeded", 3], ["succeeded", 3]]);
    const changes = await pool().query(`SELECT count(*)::int AS n FROM lineage_entries WHERE tenant_id = $1 AND subject_type = 'event' AND action = 'updated'`, [t.tenant.id]);
    expect(changes.rows[0].n).toBe(0);
  });

  it("keep to their window: from included, to excluded", async () => {
    const t = await makeTenantWithCredentials("hunt-window");
    const from = Date.parse("2026-11-20T10:00:00.000Z");
    const to = Date.parse("2026-11-20T12:00:00.000Z");
    await send(t, [
      runtimeEvent("early", "/usr/bin/curl", [], from - 1),
      runtimeEvent("first", "/usr/bin/curl", [], from),
      runtimeEvent("last", "/usr/bin/curl", [], to - 1),
      runtimeEvent("end", "/usr/bin/curl", [], to),
    ]);
    const { rules } = await importRules(t);
    const res = await hunt(t, { ruleId: rules.network_tool_exec, from: new Date(from).toISOString(), to: new Date(to).toISOString() });
    expect(res.body).toMatchObject({ from: "2026-11-20T10:00:00.000Z", to: "2026-11-20T12:00:00.000Z" });
    await settle();
    const tags = await tagging(t.tenant.id);
    expect(Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, v.hits]))).toEqual({
      early: [], first: ["network_tool_exec"], last: ["network_tool_exec"], end: [],
    });
    const done = await callRoute(getRoute, "GET", `/retro-hunts/${res.body.id}`, { token: t.adminKey, params: { id: res.body.id } });
    expect(done.body).toMatchObject({ status: "succeeded", total: 2, scanned: 2, matched: 2 });
  });

  it("refuse bad windows, a second hunt of a running rule, and a cancel of a finished hunt", async () => {
    const t = await makeTenantWithCredentials("hunt-409");
    const { rules } = await importRules(t);
    const ruleId = rules.network_tool_exec;
    for (const [body, field] of [
      [{ ruleId, from: "-1h", to: "-2h" }, "from"],
      [{ ruleId, from: "-91d" }, "from"],
      [{ ruleId, from: "yesterday" }, "from"],
      [{ ruleId: "not-a-uuid", from: "-1d" }, "ruleId"],
      [{ ruleId, from: "-1d", extra: 1 }, "extra"],
    ] as const) {
      const res = await hunt(t, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.field).toBe(field);
    }
    expect((await hunt(t, { ruleId: "00000000-0000-4000-8000-000000000000", from: "-1d" })).status).toBe(404);

    retroHuntRunner.autostart = false;
    const first = await hunt(t, { ruleId, from: "-1d" });
    expect(first.status).toBe(202);
    const second = await hunt(t, { ruleId, from: "-2d" });
    expect(second.status).toBe(409);
    expect(second.body.retroHuntId).toBe(first.body.id);
    // Another rule may hunt meanwhile.
    expect((await hunt(t, { ruleId: rules.shell_from_package_manager, from: "-1d" })).status).toBe(202);
    // Only admins start and cancel; analysts and managers read.
    const manager = (await createApiKey({ tenant: t.tenant.slug, role: "manager", name: "manager" })).secret;
    expect((await callRoute(startRoute, "POST", "/retro-hunts", { token: t.analystKey, body: { ruleId, from: "-1d" } })).status).toBe(403);
    expect((await callRoute(cancelRoute, "POST", `/retro-hunts/${first.body.id}/cancel`, { token: manager, params: { id: first.body.id } })).status).toBe(403);
    expect((await callRoute(getRoute, "GET", `/retro-hunts/${first.body.id}`, { token: manager, params: { id: first.body.id } })).status).toBe(200);

    const cancelled = await callRoute(cancelRoute, "POST", `/retro-hunts/${first.body.id}/cancel`, { token: t.adminKey, params: { id: first.body.id } });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: "cancelled", scanned: 0, finishedAt: expect.any(String) });
    const again = await callRoute(cancelRoute, "POST", `/retro-hunts/${first.body.id}/cancel`, { token: t.adminKey, params: { id: first.body.id } });
    expect(again.status).toBe(409);
    expect((await hunt(t, { ruleId, from: "-2d" })).status).toBe(202);
    const audit = await pool().query(`SELECT action FROM audit_entries WHERE tenant_id = $1 AND subject_type = 'retro_hunt' ORDER BY id`, [t.tenant.id]);
    expect(audit.rows.map((r) => r.action)).toEqual(["retro_hunt.start", "retro_hunt.start", "retro_hunt.cancel", "retro_hunt.start"]);
    await runQueuedRetroHunts();
  });

  it("stay in their tenant", async () => {
    const a = await makeTenantWithCredentials("hunt-a");
    const b = await makeTenantWithCredentials("hunt-b");
    const now = Date.now();
    await send(a, events(now));
    await send(b, events(now));
    const { rules } = await importRules(a);
    await importRules(b);
    retroHuntRunner.autostart = false;
    // B's admin cannot hunt with A's rule, nor see or cancel A's hunt.
    expect((await hunt(b, { ruleId: rules.network_tool_exec, from: "-1d" })).status).toBe(404);
    const mine = await hunt(a, { ruleId: rules.network_tool_exec, from: "-1d" });
    const id = mine.body.id;
    expect((await callRoute(getRoute, "GET", `/retro-hunts/${id}`, { token: b.adminKey, params: { id } })).status).toBe(404);
    expect((await callRoute(cancelRoute, "POST", `/retro-hunts/${id}/cancel`, { token: b.adminKey, params: { id } })).status).toBe(404);
    expect((await callRoute(listRoute, "GET", `/retro-hunts`, { token: b.adminKey })).body).toEqual({ retroHunts: [] });
    expect((await callRoute(listRoute, "GET", `/retro-hunts?ruleId=${rules.network_tool_exec}`, { token: b.adminKey })).body).toEqual({ retroHunts: [] });
    const bBefore = await tagging(b.tenant.id);
    await runQueuedRetroHunts();
    expect(await tagging(b.tenant.id)).toEqual(bBefore);
    expect(Object.values(await tagging(a.tenant.id)).filter((e) => e.hits.length > 0)).toHaveLength(3);
  });

  it("stop between pages when cancelled, keeping what they tagged", async () => {
    const t = await makeTenantWithCredentials("hunt-cancel");
    await send(t, events(Date.now()));
    const { rules } = await importRules(t);
    retroHuntRunner.autostart = false;
    const res = await hunt(t, { ruleId: rules.network_tool_exec, from: "-1d" });
    const id = res.body.id;
    const pages: number[] = [];
    await runQueuedRetroHunts({
      batchSize: 3,
      afterBatch: async (h) => {
        pages.push(h.scanned);
        if (pages.length === 1) {
          const running = await callRoute(cancelRoute, "POST", `/retro-hunts/${id}/cancel`, { token: t.adminKey, params: { id } });
          expect(running.body).toMatchObject({ status: "running" });
        }
      },
    });
    expect(pages).toEqual([3]);
    const done = await callRoute(getRoute, "GET", `/retro-hunts/${id}`, { token: t.adminKey, params: { id } });
    expect(done.body).toMatchObject({ status: "cancelled", total: 8, scanned: 3, matched: 2 });
    // Newest first: the first page held curl-1 and wget-1, and curl-2 (older) was left alone.
    const tags = await tagging(t.tenant.id);
    expect([tags["curl-1"].hits, tags["wget-1"].hits, tags["curl-2"].hits]).toEqual([["network_tool_exec"], ["network_tool_exec"], []]);
    const finished = await pool().query(`SELECT details FROM lineage_entries WHERE tenant_id = $1 AND action = 'retro_hunt_finished'`, [t.tenant.id]);
    expect(finished.rows[0].details).toMatchObject({ status: "cancelled", scanned: 3, matched: 2, tagged: 2 });
    expect(await rollupDiff(t.tenant.id)).toBe(0);
  });

  it("fail a running hunt whose heartbeat stopped, as interrupted", async () => {
    const t = await makeTenantWithCredentials("hunt-stale");
    const { rules } = await importRules(t);
    retroHuntRunner.autostart = false;
    const res = await hunt(t, { ruleId: rules.network_tool_exec, from: "-1d" });
    const id = res.body.id;
    // As a process that claimed it and died would leave it.
    await pool().query(`UPDATE retro_hunts SET status = 'running', started_at = now() - interval '10 minutes', heartbeat_at = now() - interval '3 minutes' WHERE id = $1`, [id]);
    const fresh = await hunt(t, { ruleId: rules.shell_from_package_manager, from: "-1d" });
    await pool().query(`UPDATE retro_hunts SET status = 'running', started_at = now(), heartbeat_at = now() - interval '30 seconds' WHERE id = $1`, [fresh.body.id]);
    const list = await callRoute(listRoute, "GET", `/retro-hunts`, { token: t.analystKey });
    const byId = Object.fromEntries(list.body.retroHunts.map((h: { id: string }) => [h.id, h]));
    expect(byId[id]).toMatchObject({ status: "failed", error: expect.stringMatching(/^interrupted/), finishedAt: expect.any(String) });
    expect(byId[fresh.body.id]).toMatchObject({ status: "running" });
    expect((await callRoute(cancelRoute, "POST", `/retro-hunts/${id}/cancel`, { token: t.adminKey, params: { id } })).status).toBe(409);
    // Its rule may hunt again.
    expect((await hunt(t, { ruleId: rules.network_tool_exec, from: "-1d" })).status).toBe(202);
    const lineage = await pool().query(`SELECT details FROM lineage_entries WHERE tenant_id = $1 AND action = 'retro_hunt_finished'`, [t.tenant.id]);
    expect(lineage.rows.map((r) => r.details)).toEqual([expect.objectContaining({ retroHuntId: id, status: "failed", error: "interrupted" })]);
    await pool().query(`UPDATE retro_hunts SET status = 'cancelled' WHERE id = $1`, [fresh.body.id]);
    await runQueuedRetroHunts();
  });

  it("read every event of the rule's type: the SQL pre-filter is a superset of the mapping, on the corpus and generated events", async () => {
    const t = await makeTenantWithCredentials("hunt-prefilter");
    const corpus: [string, string[]][] = [
      ["garnet", ["garnet/events", "garnet/profiles"]], ["datadog", ["datadog-csm"]], ["kubearmor", ["kubearmor/json", "kubearmor/otel"]],
      ["tetragon", ["tetragon/docs", "tetragon/files"]], ["falco", ["falco"]],
    ];
    for (const [format, dirs] of corpus) {
      const items = dirs.flatMap((d) => readCorpus(d).map((c) => c.item));
      const res = await ingest(ingestRequest(format, JSON.stringify(items), { token: t.agentToken }), routeParams({ format }));
      expect(res.status).toBe(200);
    }
    await send(t, events(Date.now()));
    await loadGeneratedEvents({ tenantId: t.tenant.id, count: 3000, days: 2, seed: 14 });
    const window = { tenantId: t.tenant.id, from: new Date("1970-01-01T00:00:00Z"), to: new Date("9999-01-01T00:00:00Z") };
    const everything = await pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE tenant_id = $1`, [t.tenant.id]);
    expect(everything.rows[0].n).toBeGreaterThan(3000);
    const { rows } = await pool().query(
      `SELECT id::text AS id, kind, type, source_format AS "sourceFormat", process_exe AS "processExe", process_args AS "processArgs", process,
              ancestry, protocol, remote_address AS "remoteAddress", remote_port AS "remotePort", flow, domain, file, flags
         FROM events WHERE tenant_id = $1`,
      [t.tenant.id],
    );
    const seen = new Set<string>();
    for (const type of RULE_EVENT_TYPES) {
      const mapped = rows.filter((r) => ruleEventTypeOf(r) === type).map((r) => r.id as string);
      const read = new Set((await scanPage(pool(), { ...window, eventType: type }, null, 1_000_000)).map((e) => e.id));
      expect(mapped.filter((id) => !read.has(id)), type).toEqual([]);
      if (mapped.length > 0) seen.add(type);
    }
    // The corpus and the generator cover most types.
    expect(seen.size).toBeGreaterThanOrEqual(5);
  });
});
