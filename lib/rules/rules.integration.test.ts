import { describe, expect, it } from "vitest";
import { POST as ingest } from "../../app/api/v1/ingest/[format]/route";
import { GET as listRoute, POST as importRoute } from "../../app/api/v1/rule-sets/route";
import { DELETE as deleteRoute, GET as getRoute } from "../../app/api/v1/rule-sets/[id]/route";
import { GET as exportRoute } from "../../app/api/v1/rule-sets/[id]/export/route";
import { pool } from "../db";
import { callRoute } from "../../test-support/route-call";
import { ingestRequest, makeTenantWithCredentials, routeParams } from "../../test-support/ingest-fixtures";
import { withTestDatabase } from "../../test-support/test-db";

withTestDatabase();

// Rule sets through the API (import, read, export, delete: all-or-nothing, with lineage and
// audit) and their evaluation at ingest: collect tags, detect makes a detection that joins an
// issue, hits are counted per rule and day.

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
          (
            process.exec_path.endsWith("/sh") ||
            process.exec_path.endsWith("/bash")
          ) &&
          process.ancestors.exists(parent,
            parent.exec_path.endsWith("/npm") ||
            parent.exec_path.endsWith("/pip")
          )
        action: detect
        severity: high
        tags:
          - supply-chain
`;

const yamlHeaders = { "content-type": "application/yaml" };

function runtimeEvent(id: string, exe: string, ancestors: string[]) {
  return {
    id, event_type: "process_exec", timestamp: new Date(Date.now() - 60_000).toISOString(), agent: { id: "runner-1", hostname: "runner-1" },
    process: { exec_path: exe, argv: [exe.split("/").pop()], ancestors: ancestors.map((a) => ({ exec_path: a, argv: [a.split("/").pop()] })) },
    payload: { is_memfd: false },
  };
}

describe("rule sets", () => {
  it("imports YAML, reads, exports the same document, and deletes, with lineage and audit", async () => {
    const t = await makeTenantWithCredentials("rules-api");
    const imported = await callRoute(importRoute, "POST", "/rule-sets", { token: t.adminKey, body: YAML, headers: yamlHeaders });
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    const id = imported.body.ruleSets[0].id;
    expect(imported.body.ruleSets[0]).toMatchObject({ rulesetId: "acme/process", ruleCount: 2, enabledCount: 2, version: 1, hits: 0 });

    const one = await callRoute(getRoute, "GET", `/rule-sets/${id}`, { token: t.analystKey, params: { id } });
    expect(one.status).toBe(200);
    expect(one.body.rules.map((r: { ruleId: string }) => r.ruleId)).toEqual(["network_tool_exec", "shell_from_package_manager"]);
    expect(one.body.rules[1]).toMatchObject({ severity: "high", tags: ["supply-chain"], hitsByDay: expect.any(Array) });

    const exported = await callRoute(exportRoute, "GET", `/rule-sets/${id}/export?format=yaml`, { token: t.analystKey, params: { id } });
    expect(exported.status).toBe(200);
    expect(exported.body).toBe(YAML);
    const json = await callRoute(exportRoute, "GET", `/rule-sets/${id}/export?format=json`, { token: t.analystKey, params: { id } });
    const again = await callRoute(importRoute, "POST", "/rule-sets", { token: t.adminKey, body: JSON.stringify(json.body) });
    expect(again.status).toBe(201);
    // The same document again changes no rule: same ids, version bumped, nothing in lineage but the set.
    expect(again.body.ruleSets[0]).toMatchObject({ id, version: 2, ruleCount: 2 });

    const lineage = await pool().query(`SELECT subject_type, action FROM lineage_entries WHERE tenant_id = $1 AND subject_type IN ('rule_set', 'detection_rule') ORDER BY id`, [t.tenant.id]);
    expect(lineage.rows).toEqual([
      { subject_type: "detection_rule", action: "created" },
      { subject_type: "detection_rule", action: "created" },
      { subject_type: "rule_set", action: "created" },
      { subject_type: "rule_set", action: "updated" },
    ]);

    const del = await callRoute(deleteRoute, "DELETE", `/rule-sets/${id}`, { token: t.adminKey, params: { id } });
    expect(del.status).toBe(204);
    expect((await callRoute(getRoute, "GET", `/rule-sets/${id}`, { token: t.adminKey, params: { id } })).status).toBe(404);
    const audit = await pool().query(`SELECT action FROM audit_entries WHERE tenant_id = $1 AND subject_type = 'rule_set' ORDER BY id`, [t.tenant.id]);
    expect(audit.rows.map((r) => r.action)).toEqual(["rule_set.import", "rule_set.import", "rule_set.delete"]);
  });

  it("refuses a document with errors as one 400 naming each, and saves nothing", async () => {
    const t = await makeTenantWithCredentials("rules-invalid");
    const bad = YAML.replace('endsWith("/wget")', 'endsWith("/wget") && process.exe == ""').replace("event_type: process_exec\n        condition: |\n          (", "event_type: process_spawn\n        condition: |\n          (");
    const res = await callRoute(importRoute, "POST", "/rule-sets", { token: t.adminKey, body: bad, headers: yamlHeaders });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { field: "rule_sets.0.rules.0.condition", message: expect.stringMatching(/^line 2, column \d+: unknown field "exe"/) },
      { field: "rule_sets.0.rules.1.event_type", message: expect.stringMatching(/unknown event type "process_spawn"/) },
    ]);
    expect(res.body.field).toBe("rule_sets.0.rules.0.condition");
    expect((await pool().query(`SELECT count(*)::int AS n FROM rule_sets WHERE tenant_id = $1`, [t.tenant.id])).rows[0].n).toBe(0);
    // Analysts read but do not import.
    expect((await callRoute(importRoute, "POST", "/rule-sets", { token: t.analystKey, body: YAML, headers: yamlHeaders })).status).toBe(403);
    expect((await callRoute(listRoute, "GET", "/rule-sets", { token: t.analystKey })).body).toEqual({ ruleSets: [] });
  });

  it("evaluates at ingest: collect tags, detect makes a detection that joins an issue, hits are counted", async () => {
    const t = await makeTenantWithCredentials("rules-ingest");
    const before = [runtimeEvent("before-1", "/usr/bin/curl", ["/bin/bash"])];
    await ingest(ingestRequest("runtime", JSON.stringify(before), { token: t.agentToken }), routeParams({ format: "runtime" }));
    const imported = await callRoute(importRoute, "POST", "/rule-sets", { token: t.adminKey, body: YAML, headers: yamlHeaders });
    expect(imported.status).toBe(201);

    const events = [
      runtimeEvent("curl-1", "/usr/bin/curl", ["/bin/bash"]),
      runtimeEvent("sh-1", "/bin/sh", ["/usr/bin/node", "/usr/bin/npm", "/bin/bash"]),
      runtimeEvent("ls-1", "/bin/ls", ["/bin/bash"]),
    ];
    const res = await ingest(ingestRequest("runtime", JSON.stringify(events), { token: t.agentToken }), routeParams({ format: "runtime" }));
    expect(await res.json()).toMatchObject({ accepted: 3, created: 3 });

    const rows = await pool().query<{ source_id: string; kind: string; severity: string; flags: string[]; issue: string | null; hits: string[] }>(
      `SELECT split_part(e.event_key, ':', 3) AS source_id, e.kind, e.severity, e.flags, ie.issue_id::text AS issue,
              array(SELECT r.rule_id FROM rule_hits h JOIN detection_rules r ON r.id = h.rule_id WHERE h.event_id = e.id ORDER BY 1) AS hits
         FROM events e LEFT JOIN issue_events ie ON ie.event_id = e.id WHERE e.tenant_id = $1 ORDER BY e.event_key`,
      [t.tenant.id],
    );
    const by = Object.fromEntries(rows.rows.map((r) => [r.source_id, r]));
    // Rules apply to events ingested after them.
    expect(by["before-1"]).toMatchObject({ kind: "infos", hits: [] });
    expect(by["before-1"].flags).not.toContain("collect:acme/process/network_tool_exec");
    expect(by["curl-1"]).toMatchObject({ kind: "infos", severity: "low", issue: null, hits: ["network_tool_exec"] });
    expect(by["curl-1"].flags).toContain("collect:acme/process/network_tool_exec");
    expect(by["sh-1"]).toMatchObject({ kind: "detections", severity: "high", hits: ["shell_from_package_manager"] });
    expect(by["sh-1"].flags).toContain("rule:acme/process/shell_from_package_manager");
    expect(by["sh-1"].issue).not.toBeNull();
    expect(by["ls-1"]).toMatchObject({ kind: "infos", hits: [] });

    const id = imported.body.ruleSets[0].id;
    const one = await callRoute(getRoute, "GET", `/rule-sets/${id}`, { token: t.analystKey, params: { id } });
    expect(one.body.hits).toBe(2);
    expect(one.body.rules.map((r: { hits: number }) => r.hits)).toEqual([1, 1]);
    expect(one.body.rules[0].hitsByDay.at(-1).hits).toBe(1);
    expect(one.body.lastHitAt).not.toBeNull();

    // Disabling a rule (re-import with enabled: false) takes effect on the next batch.
    await callRoute(importRoute, "POST", "/rule-sets", { token: t.adminKey, body: YAML.replace("action: collect", "action: collect\n        enabled: false"), headers: yamlHeaders });
    await ingest(ingestRequest("runtime", JSON.stringify([runtimeEvent("curl-2", "/usr/bin/wget", [])]), { token: t.agentToken }), routeParams({ format: "runtime" }));
    const later = await pool().query(`SELECT flags FROM events WHERE tenant_id = $1 AND event_key LIKE '%curl-2'`, [t.tenant.id]);
    expect(later.rows[0].flags).not.toContain("collect:acme/process/network_tool_exec");
  });
});
