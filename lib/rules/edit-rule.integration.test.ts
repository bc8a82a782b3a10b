import { describe, expect, it } from "vitest";
import { POST as assessRoute } from "../../app/api/v1/issues/[id]/assessment/route";
import { POST as ingest } from "../../app/api/v1/ingest/[format]/route";
import { POST as importRoute } from "../../app/api/v1/rule-sets/route";
import { GET as getRoute } from "../../app/api/v1/rule-sets/[id]/route";
import { POST as addRoute } from "../../app/api/v1/rule-sets/[id]/rules/route";
import { DELETE as deleteRoute, PATCH as patchRoute } from "../../app/api/v1/rule-sets/[id]/rules/[ruleId]/route";
import { POST as testRoute } from "../../app/api/v1/rules/test/route";
import { createApiKey } from "../admin/accounts";
import { pool } from "../db";
import { readCorpus } from "../../test-support/corpus";
import { callRoute } from "../../test-support/route-call";
import { ingestRequest, makeTenantWithCredentials, routeParams } from "../../test-support/ingest-fixtures";
import { withTestDatabase } from "../../test-support/test-db";

withTestDatabase();

// One rule at a time, as the Rules page edits: add, change, enable/disable, delete, each through
// the rule sets' one writer (lineage before and after, audit, version guard); a draft tested on
// stored and pasted events; and each rule's false-positive rate from its detections' issues.

const DOC = {
  rule_sets: [
    {
      ruleset_id: "acme/edit",
      rules: [{ rule_id: "curl", event_type: "process_exec", condition: 'process.exec_path.endsWith("/curl")', action: "detect", severity: "high" }],
    },
  ],
};

function runtimeEvent(id: string, exe: string, minutesAgo = 1) {
  return {
    id, event_type: "process_exec", timestamp: new Date(Date.now() - minutesAgo * 60_000).toISOString(), agent: { id: "runner-1", hostname: "runner-1" },
    process: { exec_path: exe, argv: [exe.split("/").pop(), "-s"], ancestors: [{ exec_path: "/bin/bash", argv: ["bash"] }] },
    payload: { is_memfd: false },
  };
}

async function setUp(label: string) {
  const t = await makeTenantWithCredentials(label);
  const imported = await callRoute(importRoute, "POST", "/rule-sets", { token: t.adminKey, body: JSON.stringify(DOC) });
  expect(imported.status).toBe(201);
  const id: string = imported.body.ruleSets[0].id;
  const read = async () => (await callRoute(getRoute, "GET", `/rule-sets/${id}`, { token: t.analystKey, params: { id } })).body;
  return { t, id, read };
}

describe("editing one rule", () => {
  it("adds, changes, disables and deletes a rule with lineage, audit and the version guard", async () => {
    const { t, id, read } = await setUp("rule-edit");
    const rule = { rule_id: "wget", event_type: "process_exec", condition: 'process.exec_path.endsWith("/wget")', action: "collect", version: 1 };
    const added = await callRoute(addRoute, "POST", `/rule-sets/${id}/rules`, { token: t.adminKey, body: rule, params: { id } });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body).toMatchObject({ ruleId: "wget", action: "collect", enabled: true, hits: 0, triage: { issues: 0, rate: null } });
    expect((await read()).version).toBe(2);

    // The same rule_id again, or a change on a stale version, is a conflict and changes nothing.
    expect((await callRoute(addRoute, "POST", `/rule-sets/${id}/rules`, { token: t.adminKey, body: { ...rule, version: 2 }, params: { id } })).status).toBe(409);
    const ruleId = added.body.id;
    const stale = await callRoute(patchRoute, "PATCH", `/rule-sets/${id}/rules/${ruleId}`, { token: t.adminKey, body: { enabled: false, version: 1 }, params: { id, ruleId } });
    expect(stale.status).toBe(409);
    expect((await read()).rules[1].enabled).toBe(true);

    const changed = await callRoute(patchRoute, "PATCH", `/rule-sets/${id}/rules/${ruleId}`, {
      token: t.adminKey, body: { enabled: false, severity: "medium", action: "detect", version: 2 }, params: { id, ruleId },
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({ id: ruleId, enabled: false, severity: "medium", action: "detect" });
    const cleared = await callRoute(patchRoute, "PATCH", `/rule-sets/${id}/rules/${ruleId}`, { token: t.adminKey, body: { severity: null }, params: { id, ruleId } });
    expect(cleared.body.severity).toBeNull();

    const gone = await callRoute(deleteRoute, "DELETE", `/rule-sets/${id}/rules/${ruleId}?version=4`, { token: t.adminKey, params: { id, ruleId } });
    expect(gone.status).toBe(204);
    const after = await read();
    expect(after.rules.map((r: { ruleId: string }) => r.ruleId)).toEqual(["curl"]);
    // The last rule of a set stays: the set is deleted instead.
    const only = after.rules[0].id;
    const last = await callRoute(deleteRoute, "DELETE", `/rule-sets/${id}/rules/${only}`, { token: t.adminKey, params: { id, ruleId: only } });
    expect(last.status).toBe(409);
    expect(last.body.detail).toMatch(/delete the rule set/);

    const lineage = await pool().query(
      `SELECT action, details FROM lineage_entries WHERE tenant_id = $1 AND subject_type = 'detection_rule' AND subject_id = $2 ORDER BY id`,
      [t.tenant.id, ruleId],
    );
    expect(lineage.rows.map((r) => r.action)).toEqual(["created", "updated", "updated", "deleted"]);
    expect(lineage.rows[1].details).toMatchObject({ before: { enabled: true, severity: null, action: "collect" }, after: { enabled: false, severity: "medium", action: "detect" } });
    const audit = await pool().query(`SELECT action FROM audit_entries WHERE tenant_id = $1 AND action = 'rule_set.update'`, [t.tenant.id]);
    expect(audit.rows).toHaveLength(4);
  });

  it("refuses bad rules naming the rule's own field, with line and column, and saves nothing", async () => {
    const { t, id, read } = await setUp("rule-edit-bad");
    const ruleId = (await read()).rules[0].id;
    const bad = await callRoute(patchRoute, "PATCH", `/rule-sets/${id}/rules/${ruleId}`, {
      token: t.adminKey, body: { condition: 'process.exec_path.endsWith("/curl") &&\nremote_port == 1' }, params: { id, ruleId },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe("condition");
    expect(bad.body.detail).toMatch(/line 2, column 1: unknown field "remote_port" for event type process_exec/);
    const badType = await callRoute(addRoute, "POST", `/rule-sets/${id}/rules`, {
      token: t.adminKey, body: { rule_id: "x", event_type: "process_fork", condition: "true", action: "collect" }, params: { id },
    });
    expect(badType.status).toBe(400);
    expect(badType.body.field).toBe("event_type");
    const empty = await callRoute(patchRoute, "PATCH", `/rule-sets/${id}/rules/${ruleId}`, { token: t.adminKey, body: { version: 1 }, params: { id, ruleId } });
    expect(empty.status).toBe(400);
    const unknown = await callRoute(patchRoute, "PATCH", `/rule-sets/${id}/rules/${ruleId}`, { token: t.adminKey, body: { rule_id: "renamed" }, params: { id, ruleId } });
    expect(unknown.status).toBe(400);
    expect((await read()).version).toBe(1);
  });

  it("is for admins of the tenant only", async () => {
    const { t, id, read } = await setUp("rule-edit-roles");
    const other = await makeTenantWithCredentials("rule-edit-other");
    const managerKey = (await createApiKey({ tenant: t.tenant.slug, role: "manager", name: "rule-edit manager" })).secret;
    const ruleId = (await read()).rules[0].id;
    const body = { enabled: false };
    expect((await callRoute(patchRoute, "PATCH", `/rule-sets/${id}/rules/${ruleId}`, { token: t.analystKey, body, params: { id, ruleId } })).status).toBe(403);
    expect((await callRoute(patchRoute, "PATCH", `/rule-sets/${id}/rules/${ruleId}`, { token: managerKey, body, params: { id, ruleId } })).status).toBe(403);
    expect((await callRoute(patchRoute, "PATCH", `/rule-sets/${id}/rules/${ruleId}`, { token: other.adminKey, body, params: { id, ruleId } })).status).toBe(404);
    expect((await callRoute(deleteRoute, "DELETE", `/rule-sets/${id}/rules/${ruleId}`, { token: other.adminKey, params: { id, ruleId } })).status).toBe(404);
    expect((await callRoute(patchRoute, "PATCH", `/rule-sets/${id}/rules/${ruleId}`, { body, params: { id, ruleId } })).status).toBe(401);
    expect((await read()).rules[0].enabled).toBe(true);
  });
});

describe("testing a draft rule", () => {
  it("runs over the newest stored events of its type, and over a pasted event of any format", async () => {
    const { t } = await setUp("rule-test");
    const events = [runtimeEvent("a", "/usr/bin/curl", 3), runtimeEvent("b", "/usr/bin/wget", 2), runtimeEvent("c", "/usr/bin/curl", 1)];
    await ingest(ingestRequest("runtime", JSON.stringify(events), { token: t.agentToken }), routeParams({ format: "runtime" }));
    const draft = { event_type: "process_exec", condition: 'process.exec_path.endsWith("/curl") && process.ancestors.exists(a, a.exec_path == "/bin/bash")' };

    const res = await callRoute(testRoute, "POST", "/rules/test", { token: t.analystKey, body: draft });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ eventType: "process_exec", source: "stored", tested: 3, matched: 2, complete: true });
    expect(res.body.matches.map((m: { summary: string }) => m.summary)).toEqual(["/usr/bin/curl curl -s", "/usr/bin/curl curl -s"]);
    const two = await callRoute(testRoute, "POST", "/rules/test", { token: t.analystKey, body: { ...draft, limit: 2 } });
    expect(two.body).toMatchObject({ tested: 2, matched: 1 });
    // Events of another type are not tested.
    const dns = await callRoute(testRoute, "POST", "/rules/test", { token: t.analystKey, body: { event_type: "domain", condition: "true" } });
    expect(dns.body).toMatchObject({ tested: 0, matched: 0, complete: true });

    const pasted = await callRoute(testRoute, "POST", "/rules/test", { token: t.analystKey, body: { ...draft, event: runtimeEvent("p", "/usr/bin/curl") } });
    expect(pasted.body).toMatchObject({ source: "pasted", format: "rule_event", tested: 1, matched: 1 });
    const datadog = readCorpus("datadog-csm")[0].item;
    const agentFormat = await callRoute(testRoute, "POST", "/rules/test", { token: t.analystKey, body: { event_type: "process_exec", condition: "true", event: datadog } });
    expect(agentFormat.body).toMatchObject({ source: "pasted", format: "datadog", tested: 1, matched: 1 });
    const seedJson = { event_type: "process_exec", process: { exec_path: "/usr/bin/wget", argv: ["wget"], ancestors: [] }, payload: { is_memfd: false } };
    const miss = await callRoute(testRoute, "POST", "/rules/test", { token: t.analystKey, body: { ...draft, event: seedJson } });
    expect(miss.body).toMatchObject({ source: "pasted", format: "rule_event", tested: 1, matched: 0 });

    const wrongType = await callRoute(testRoute, "POST", "/rules/test", { token: t.analystKey, body: { event_type: "domain", condition: "true", event: seedJson } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.field).toBe("event");
    const notAnEvent = await callRoute(testRoute, "POST", "/rules/test", { token: t.analystKey, body: { ...draft, event: { hello: "world" } } });
    expect(notAnEvent.status).toBe(400);
    expect(notAnEvent.body.field).toBe("event");
    const badCondition = await callRoute(testRoute, "POST", "/rules/test", { token: t.analystKey, body: { event_type: "process_exec", condition: "process.exec_path ==" } });
    expect(badCondition.status).toBe(400);
    expect(badCondition.body.field).toBe("condition");
    expect(badCondition.body.detail).toMatch(/line 1, column \d+/);

    // Another tenant's events are never tested.
    const other = await makeTenantWithCredentials("rule-test-other");
    expect((await callRoute(testRoute, "POST", "/rules/test", { token: other.analystKey, body: draft })).body).toMatchObject({ tested: 0 });
    expect((await callRoute(testRoute, "POST", "/rules/test", { body: draft })).status).toBe(401);
  });
});

describe("a rule's false-positive rate", () => {
  it("is the share of its triaged detections' issues an analyst called false positives", async () => {
    const { t, id, read } = await setUp("rule-fp");
    // Two agents: the same detection on each makes two issues (grouping is per where).
    const on = (agent: string, eid: string) => ({ ...runtimeEvent(eid, "/usr/bin/curl"), agent: { id: agent, hostname: agent } });
    await ingest(ingestRequest("runtime", JSON.stringify([on("runner-1", "x1"), on("runner-2", "x2")]), { token: t.agentToken }), routeParams({ format: "runtime" }));
    const issues = (await pool().query<{ id: string }>(`SELECT id::text FROM issues WHERE tenant_id = $1 ORDER BY id`, [t.tenant.id])).rows;
    expect(issues.length).toBeGreaterThanOrEqual(2);
    expect((await read()).rules[0].triage).toEqual({ issues: issues.length, triaged: 0, falsePositives: 0, rate: null });

    const assess = await callRoute(assessRoute, "POST", `/issues/${issues[0].id}/assessment`, { token: t.analystKey, body: { enableFlags: ["falsePositive"] }, params: { id: issues[0].id } });
    expect(assess.status, JSON.stringify(assess.body)).toBe(200);
    await callRoute(assessRoute, "POST", `/issues/${issues[1].id}/assessment`, { token: t.analystKey, body: { enableFlags: ["identifiedThreat"] }, params: { id: issues[1].id } });
    expect((await read()).rules[0].triage).toEqual({ issues: issues.length, triaged: 2, falsePositives: 1, rate: 0.5 });
    expect(id).toBeTruthy();
  });
});
