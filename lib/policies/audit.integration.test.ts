import { beforeAll, describe, expect, it } from "vitest";
import { POST as ingestRoute } from "../../app/api/v1/ingest/[format]/route";
import { readAuditPage } from "../audit/queries";
import { auditSubjectHref } from "../audit/subject-link";
import type { CallerContext } from "../auth/context";
import { pool } from "../db";
import { garnetEvent, ingestRequest, makeTenantWithCredentials, routeParams } from "../../test-support/ingest-fixtures";
import { policyApi, rand } from "../../test-support/policy-api";
import { withTestDatabase } from "../../test-support/test-db";
import { blockEvent } from "./block";
import { createPolicy } from "./create-policy";
import { createRule } from "./create-rule";
import { deletePolicy } from "./delete-policy";
import { deleteRule } from "./delete-rule";
import { updatePolicy } from "./update-policy";
import { updateRule } from "./update-rule";

withTestDatabase();

// Policy and rule changes in the audit log: each act writes one entry per policy or rule it
// creates, changes or deletes (who, from where, the changed fields) in the act's transaction;
// an act that is refused or changes nothing writes none.

type Tenant = Awaited<ReturnType<typeof makeTenantWithCredentials>>;
let acme: Tenant;
let globex: Tenant;
let ada: CallerContext;
let sam: CallerContext;
let gus: CallerContext;

const origin = { via: "web", address: "203.0.113.7", userAgent: "Firefox/140" } as const;
const who = { actor: "user:ada@acme.test", via: "web", address: "203.0.113.7", user_agent: "Firefox/140" };

beforeAll(async () => {
  acme = await makeTenantWithCredentials("policy-audit");
  globex = await makeTenantWithCredentials("policy-audit-foreign");
  const t = acme.tenant.id;
  ada = { tenantId: t, tenantIds: [t], role: "admin", actor: "user:ada@acme.test", userId: null, origin };
  sam = { tenantId: t, tenantIds: [t], role: "analyst", actor: "user:sam@acme.test", userId: null, origin: { ...origin, address: "198.51.100.4" } };
  gus = { tenantId: globex.tenant.id, tenantIds: [globex.tenant.id], role: "admin", actor: "user:gus@globex.test", userId: null, origin };
});

interface Entry {
  actor: string; action: string; subject_type: string; subject_id: string; subject_label: string;
  via: string; address: string | null; user_agent: string | null; before: Record<string, unknown> | null; after: Record<string, unknown> | null;
}

async function entries(tenantId: string): Promise<Entry[]> {
  return (await pool().query(`SELECT * FROM audit_entries WHERE tenant_id = $1 ORDER BY id`, [tenantId])).rows;
}

/** Runs the act; answers the entries it added to acme's log, which must be `count`. Globex's log must not move. */
async function act(fn: () => Promise<unknown>, count = 1): Promise<Entry[]> {
  const [before, foreign] = [(await entries(acme.tenant.id)).length, (await entries(globex.tenant.id)).length];
  await fn();
  const after = await entries(acme.tenant.id);
  expect(after.length - before, "entries written").toBe(count);
  expect((await entries(globex.tenant.id)).length, "entries in the other tenant").toBe(foreign);
  return after.slice(before);
}

const refused = (p: Promise<unknown>, status: number) => expect(p).rejects.toMatchObject({ status });

describe("policy changes", () => {
  it("create, change the mode of and delete a policy: one entry each, with the changed fields", async () => {
    let id = "";
    const [created] = await act(async () => {
      id = (await createPolicy({ ctx: ada, input: { scope: "namespace", scopeRef: "prod-eu/payments", mode: "log" } })).id;
    });
    expect(created).toMatchObject({
      ...who, action: "network_policy.create", subject_type: "network_policy", subject_id: id, subject_label: "namespace prod-eu/payments",
      before: null, after: { scope: "namespace", scopeRef: "prod-eu/payments", mode: "log" },
    });

    const [changed] = await act(() => updatePolicy({ ctx: ada, input: { id, mode: "enforce", version: 1 } }));
    expect(changed).toMatchObject({ ...who, action: "network_policy.update", subject_id: id, before: { mode: "log" }, after: { mode: "enforce" } });
    // The same mode again changes nothing worth recording.
    await act(() => updatePolicy({ ctx: ada, input: { id, mode: "enforce", version: 2 } }), 0);

    for (const value of ["a.example", "b.example"]) await createRule({ ctx: ada, input: { id, type: "domain", value, action: "deny" } });
    const [deleted] = await act(() => deletePolicy({ ctx: ada, input: { id, version: 3 } }));
    expect(deleted).toMatchObject({
      ...who, action: "network_policy.delete", subject_id: id, subject_label: "namespace prod-eu/payments",
      before: { scope: "namespace", scopeRef: "prod-eu/payments", mode: "enforce", ruleCount: 2 }, after: null,
    });
  });

  it("a refused policy act writes nothing: wrong role, another tenant, stale version, duplicate scope, bad input", async () => {
    const policy = await createPolicy({ ctx: ada, input: { scope: "node", scopeRef: `n-${rand()}` } });
    const id = policy.id;
    await act(() => refused(createPolicy({ ctx: sam, input: { scope: "global" } }), 403), 0);
    await act(() => refused(updatePolicy({ ctx: sam, input: { id, mode: "enforce", version: 1 } }), 403), 0);
    await act(() => refused(deletePolicy({ ctx: sam, input: { id } }), 403), 0);
    await act(() => refused(updatePolicy({ ctx: gus, input: { id, mode: "enforce", version: 1 } }), 404), 0);
    await act(() => refused(deletePolicy({ ctx: gus, input: { id } }), 404), 0);
    await act(() => refused(updatePolicy({ ctx: ada, input: { id, mode: "enforce", version: 7 } }), 409), 0);
    await act(() => refused(deletePolicy({ ctx: ada, input: { id, version: 7 } }), 409), 0);
    await act(() => refused(createPolicy({ ctx: ada, input: { scope: "node", scopeRef: policy.scopeRef } }), 409), 0);
    await act(() => refused(createPolicy({ ctx: ada, input: { scope: "planet" } }), 400), 0);
  });

  it("through the API, the entry names the key and says it came by the API", async () => {
    const [created] = await act(async () => expect((await policyApi.create(acme.adminKey, { scope: "cluster", scopeRef: `c-${rand()}` })).status).toBe(201));
    expect(created).toMatchObject({ actor: expect.stringMatching(/^api-key:/), via: "api", action: "network_policy.create" });
  });
});

describe("rule changes", () => {
  it("create, change and delete a rule: one entry each, naming the rule and its policy", async () => {
    const policy = await createPolicy({ ctx: ada, input: { scope: "global" } });
    let ruleId = "";
    const [created] = await act(async () => {
      ruleId = (await createRule({ ctx: ada, input: { id: policy.id, type: "domain", value: "Evil.Example.", action: "deny", reason: "C2" } })).id;
    });
    expect(created).toMatchObject({
      ...who, action: "network_policy_rule.create", subject_type: "network_policy_rule", subject_id: ruleId, subject_label: "deny domain evil.example",
      before: null, after: { policyId: policy.id, type: "domain", value: "evil.example", action: "deny", reason: "C2", expiresAt: null },
    });

    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const [changed] = await act(() => updateRule({ ctx: ada, input: { id: policy.id, ruleId, reason: "C2 of campaign 7", expiresAt, version: 1 } }));
    expect(changed).toMatchObject({ ...who, action: "network_policy_rule.update", subject_id: ruleId, subject_label: "deny domain evil.example" });
    expect({ before: changed.before, after: changed.after }).toEqual({
      before: { policyId: policy.id, reason: "C2", expiresAt: null },
      after: { policyId: policy.id, reason: "C2 of campaign 7", expiresAt },
    });
    const [retyped] = await act(() => updateRule({ ctx: ada, input: { id: policy.id, ruleId, action: "allow", version: 2 } }));
    expect(retyped).toMatchObject({ subject_label: "allow domain evil.example", before: { action: "deny" }, after: { action: "allow" } });
    // Saving the form unchanged records nothing.
    await act(() => updateRule({ ctx: ada, input: { id: policy.id, ruleId, reason: "C2 of campaign 7", version: 3 } }), 0);

    const [deleted] = await act(() => deleteRule({ ctx: ada, input: { id: policy.id, ruleId, version: 3 } }));
    expect(deleted).toMatchObject({
      ...who, action: "network_policy_rule.delete", subject_id: ruleId,
      before: { policyId: policy.id, type: "domain", value: "evil.example", action: "allow", reason: "C2 of campaign 7", expiresAt }, after: null,
    });
  });

  it("a refused rule act writes nothing: wrong role, another tenant, stale version, duplicate, bad value", async () => {
    const policy = await createPolicy({ ctx: ada, input: { scope: "node", scopeRef: `n-${rand()}` } });
    const rule = await createRule({ ctx: ada, input: { id: policy.id, type: "ip", value: "203.0.113.9", action: "deny" } });
    const ids = { id: policy.id, ruleId: rule.id };
    await act(() => refused(createRule({ ctx: sam, input: { id: policy.id, type: "ip", value: "203.0.113.10", action: "deny" } }), 403), 0);
    await act(() => refused(updateRule({ ctx: sam, input: { ...ids, reason: "x", version: 1 } }), 403), 0);
    await act(() => refused(deleteRule({ ctx: sam, input: ids }), 403), 0);
    await act(() => refused(createRule({ ctx: gus, input: { id: policy.id, type: "ip", value: "203.0.113.10", action: "deny" } }), 404), 0);
    await act(() => refused(updateRule({ ctx: gus, input: { ...ids, reason: "x", version: 1 } }), 404), 0);
    await act(() => refused(deleteRule({ ctx: gus, input: ids }), 404), 0);
    await act(() => refused(updateRule({ ctx: ada, input: { ...ids, reason: "x", version: 9 } }), 409), 0);
    await act(() => refused(deleteRule({ ctx: ada, input: { ...ids, version: 9 } }), 409), 0);
    await act(() => refused(createRule({ ctx: ada, input: { id: policy.id, type: "ip", value: "203.0.113.9", action: "deny" } }), 409), 0);
    await act(() => refused(createRule({ ctx: ada, input: { id: policy.id, type: "cidr", value: "10.0.0.0/33", action: "deny" } }), 400), 0);
  });
});

describe("one-click block", () => {
  async function flowEvent(): Promise<string> {
    const at = new Date(Date.now() - 3_600_000).toISOString();
    const id = `audit-${rand()}`;
    const flow = garnetEvent(id, {
      kind: "flows", created_at: at, updated_at: at,
      agent: { id: "agent-audit", hostname: "n1", kubernetes_context: { cluster: "prod-eu", namespace: "payments", node: "n1" } },
      data: { head: { name: "dropped_ip", importance: "high" }, flow: { proto: "TCP", remote: { address: "203.0.113.9", port: 443, names: ["203.0.113.9", "pool.minexmr.com"] } } },
    });
    const res = await ingestRoute(ingestRequest("garnet", JSON.stringify([flow]), { token: acme.agentToken }), routeParams({ format: "garnet" }));
    expect(res.status).toBe(200);
    return (await pool().query(`SELECT id::text FROM events WHERE tenant_id = $1 AND event_key = $2`, [acme.tenant.id, `garnet:id:${id}`])).rows[0].id;
  }

  it("records the policy it creates and the rule, then nothing for the same block, then the renewal of an expired rule", async () => {
    const event = await flowEvent();
    const samWho = { actor: "user:sam@acme.test", via: "web", address: "198.51.100.4" };
    let result = { networkPolicyId: "", networkPolicyRuleId: "" };
    const [policy, rule] = await act(async () => {
      result = await blockEvent({ ctx: sam, input: { id: event, scope: "namespace", reason: "Mining pool" } });
    }, 2);
    expect(policy).toMatchObject({
      ...samWho, action: "network_policy.create", subject_id: result.networkPolicyId, subject_label: "namespace prod-eu/payments",
      after: { scope: "namespace", scopeRef: "prod-eu/payments", mode: "enforce", origin: "block" },
    });
    expect(rule).toMatchObject({
      ...samWho, action: "network_policy_rule.create", subject_id: result.networkPolicyRuleId, subject_label: "deny domain pool.minexmr.com",
      after: { policyId: result.networkPolicyId, type: "domain", value: "pool.minexmr.com", action: "deny", reason: "Mining pool", expiresAt: null, sourceEventId: event, sourceIssueId: null },
    });

    // Blocked again: the rule is already there, nothing changes.
    await act(() => blockEvent({ ctx: sam, input: { id: event, scope: "namespace", reason: "Again" } }), 0);

    // Into an existing policy, only the rule is new.
    const cluster = await createPolicy({ ctx: ada, input: { scope: "cluster", scopeRef: "prod-eu" } });
    const [clusterRule] = await act(() => blockEvent({ ctx: sam, input: { id: event, scope: "cluster", reason: "Whole cluster" } }));
    expect(clusterRule).toMatchObject({ action: "network_policy_rule.create", after: { policyId: cluster.id, value: "pool.minexmr.com" } });

    // An expired block is renewed by blocking again: an update of its expiry and reason.
    const expired = new Date(Date.now() - 86_400_000).toISOString();
    await pool().query(`UPDATE network_policy_rules SET expires_at = $2 WHERE id = $1`, [result.networkPolicyRuleId, expired]);
    const until = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const [renewed] = await act(() => blockEvent({ ctx: sam, input: { id: event, scope: "namespace", reason: "Still mining", expiresAt: until } }));
    expect(renewed).toMatchObject({ ...samWho, action: "network_policy_rule.update", subject_id: result.networkPolicyRuleId, subject_label: "deny domain pool.minexmr.com" });
    expect({ before: renewed.before, after: renewed.after }).toEqual({
      before: { policyId: result.networkPolicyId, expiresAt: expired, reason: "Mining pool" },
      after: { policyId: result.networkPolicyId, expiresAt: until, reason: "Still mining" },
    });
  });

  it("a refused block writes nothing", async () => {
    const event = await flowEvent();
    const manager: CallerContext = { ...sam, role: "manager" };
    await act(() => refused(blockEvent({ ctx: manager, input: { id: event, reason: "x" } }), 403), 0);
    await act(() => refused(blockEvent({ ctx: gus, input: { id: event, scope: "namespace", reason: "x" } }), 404), 0);
    await act(() => refused(blockEvent({ ctx: sam, input: { id: event, scope: "namespace" } }), 400), 0);
  });
});

describe("the Admin page's audit list", () => {
  it("shows the entries with their labels and links each to its policy, a deleted policy to none", async () => {
    const page = await readAuditPage(ada, { subjectType: "network_policy" }, { limit: 200, total: false });
    const deleted = page.entries.find((e) => e.action === "network_policy.delete")!;
    expect(deleted.subjectLabel).toBe("namespace prod-eu/payments");
    expect(auditSubjectHref(deleted)).toBeNull();
    const live = page.entries.find((e) => e.action === "network_policy.create" && e.after?.origin === "block")!;
    expect(auditSubjectHref(live)).toBe(`/policies/${live.subjectId}`);
    const rules = await readAuditPage(ada, { subjectType: "network_policy_rule" }, { limit: 200, total: false });
    expect(rules.entries.length).toBeGreaterThan(0);
    for (const e of rules.entries) expect(auditSubjectHref(e)).toBe(`/policies/${(e.after ?? e.before)!.policyId}`);
  });
});
