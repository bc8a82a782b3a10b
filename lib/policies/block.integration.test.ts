import { describe, expect, it } from "vitest";
import { POST as ingestRoute } from "../../app/api/v1/ingest/[format]/route";
import { createAgentToken, revokeCredential } from "../admin/accounts";
import { blockApi as b } from "../../test-support/block-api";
import { expectProblem, fieldOf, policyApi as p, policyWorkspace, rand } from "../../test-support/policy-api";
import { callerIn, garnetEvent, ingestRequest, routeParams } from "../../test-support/ingest-fixtures";
import { withTestDatabase } from "../../test-support/test-db";
import { pool } from "../db";
import { searchEvents } from "../events/search";
import { getPolicyVerdict } from "./verdict";

withTestDatabase();

// One-click block from events and issues: the destination, the scope, the dry run, idempotence,
// flags and lineage, and the verdict the event page shows afterwards.

const w = policyWorkspace();
const keys = w.keys;

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

/** A Garnet flow from a pod in prod-eu/payments: its names are a CNAME chain, IP first and the original domain last. */
function minerFlow(id: string, opts: { iso?: string; names?: string[]; address?: string; namespace?: string; node?: string } = {}) {
  const iso = opts.iso ?? hoursAgo(1);
  return garnetEvent(id, {
    kind: "flows", created_at: iso, updated_at: iso,
    agent: { id: `agent-${opts.node ?? "n1"}`, hostname: opts.node ?? "n1", kubernetes_context: { cluster: "prod-eu", namespace: opts.namespace ?? "payments", node: opts.node ?? "n1" } },
    data: {
      head: { name: "dropped_ip", importance: "high" },
      process: { exe: "/usr/bin/curl", pid: 42 },
      flow: {
        proto: "TCP",
        remote: { address: opts.address ?? "203.0.113.9", port: 443, names: opts.names ?? ["203.0.113.9", "edge.cdn-x.net", "pool.minexmr.com"] },
      },
    },
  });
}

async function ingest(items: unknown[]) {
  const res = await ingestRoute(ingestRequest("garnet", JSON.stringify(items), { token: w.acme.agentToken }), routeParams({ format: "garnet" }));
  expect(res.status).toBe(200);
}

async function eventId(sourceId: string): Promise<string> {
  const res = await pool().query(`SELECT id::text FROM events WHERE tenant_id = $1 AND event_key = $2`, [w.acme.tenant.id, `garnet:id:${sourceId}`]);
  expect(res.rows[0], sourceId).toBeDefined();
  return res.rows[0].id;
}

async function issueOf(event: string): Promise<string> {
  const res = await pool().query(`SELECT issue_id::text FROM issue_events WHERE event_id = $1`, [event]);
  return res.rows[0].issue_id;
}

describe("blocking from an event", () => {
  it("previews the narrowest scope with a count that equals the search it names, then blocks the original domain", async () => {
    const tag = rand();
    await ingest([
      minerFlow(`m1-${tag}`), minerFlow(`m2-${tag}`, { node: "n2" }), minerFlow(`m3-${tag}`, { namespace: "web" }),
      minerFlow(`old-${tag}`, { iso: hoursAgo(24 * 8) }),
    ]);
    const id = await eventId(`m1-${tag}`);

    const dry = await b.previewEvent(keys.analyst, id);
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body.destination).toEqual({ type: "domain", value: "pool.minexmr.com" });
    expect(dry.body).toMatchObject({ scope: "namespace", scopeRef: "prod-eu/payments", policy: null, existingRule: null });
    expect(dry.body.scopeOptions.map((o: { scope: string; scopeRef: string }) => `${o.scope}:${o.scopeRef}`)).toEqual([
      "namespace:prod-eu/payments", "node:n1", "cluster:prod-eu", "global:",
    ]);
    expect(dry.body.matches).toMatchObject({ events: 2, agents: 2 });
    expect(dry.body.matches.issueCount).toBeGreaterThanOrEqual(1);
    const search = await searchEvents({ ctx: callerIn(w.acme.tenant.id), input: { query: dry.body.search, from: dry.body.window.from, to: dry.body.window.to, limit: 1 } });
    expect(search.total).toBe(dry.body.matches.events);

    const wide = await b.previewEvent(keys.analyst, id, { scope: "cluster" });
    expect(wide.body).toMatchObject({ scope: "cluster", scopeRef: "prod-eu", matches: { events: 3 } });
    const wideSearch = await searchEvents({ ctx: callerIn(w.acme.tenant.id), input: { query: wide.body.search, from: wide.body.window.from, to: wide.body.window.to, limit: 1 } });
    expect(wideSearch.total).toBe(3);

    const res = await b.blockEvent(keys.analyst, id, { scope: "namespace", reason: "Mining pool" });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ created: true, destination: { type: "domain", value: "pool.minexmr.com" }, scope: "namespace", scopeRef: "prod-eu/payments", mode: "enforce" });

    const rules = await p.rules(keys.manager, res.body.networkPolicyId);
    expect(rules.body.data).toHaveLength(1);
    expect(rules.body.data[0]).toMatchObject({
      id: res.body.networkPolicyRuleId, type: "domain", value: "pool.minexmr.com", action: "deny", reason: "Mining pool",
      sourceEventId: id, sourceIssueId: null, createdBy: expect.stringMatching(/^api-key:/),
    });

    const flags = await pool().query(`SELECT flags FROM event_assessments WHERE event_id = $1`, [id]);
    expect(flags.rows[0].flags).toEqual(["blocked"]);
    const issue = await issueOf(id);
    const issueFlags = await pool().query(`SELECT flags FROM issues WHERE id = $1`, [issue]);
    expect(issueFlags.rows[0].flags).toContain("blocked");
    const lineage = await pool().query(
      `SELECT subject_type, action, details FROM lineage_entries WHERE tenant_id = $1 AND action = 'blocked' AND subject_id IN ($2, $3) ORDER BY id`,
      [w.acme.tenant.id, id, issue],
    );
    expect(lineage.rows.map((r) => r.subject_type)).toEqual(["event", "issue"]);
    expect(lineage.rows[0].details).toMatchObject({ ruleId: res.body.networkPolicyRuleId, policyId: res.body.networkPolicyId, created: true });
    const policyLineage = await p.lineage(keys.analyst, res.body.networkPolicyId);
    expect(policyLineage.body.data.map((e: { action: string; subjectType: string }) => `${e.subjectType}:${e.action}`)).toEqual([
      "network_policy:created", "network_policy_rule:created",
    ]);

    // Blocked again: the existing rule answers, and the preview says so.
    const again = await b.blockEvent(keys.admin, id, { scope: "namespace", reason: "again" });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: false, networkPolicyRuleId: res.body.networkPolicyRuleId });
    const after = await b.previewEvent(keys.analyst, id);
    expect(after.body.existingRule).toMatchObject({ id: res.body.networkPolicyRuleId });
    expect(after.body.policy).toMatchObject({ id: res.body.networkPolicyId, mode: "enforce" });

    // The event page's verdict names the rule that now applies.
    const verdict = await getPolicyVerdict({ ctx: callerIn(w.acme.tenant.id), input: { id } });
    expect(verdict).toMatchObject({ action: "deny", mode: "enforce", value: "pool.minexmr.com", policyId: res.body.networkPolicyId });
    expect(verdict?.text).toBe("Denied by rule pool.minexmr.com in namespace prod-eu/payments (enforce)");
    // Another namespace's event is not covered by it.
    expect(await getPolicyVerdict({ ctx: callerIn(w.acme.tenant.id), input: { id: await eventId(`m3-${tag}`) } })).toBeNull();
  });

  it("answers one rule to 16 concurrent clicks", async () => {
    const tag = rand();
    await ingest([minerFlow(`c-${tag}`, { node: `node-${tag}`, names: ["198.51.100.7", `c2-${tag}.example.org`] })]);
    const id = await eventId(`c-${tag}`);
    const results = await Promise.all(Array.from({ length: 16 }, () => b.blockEvent(keys.analyst, id, { scope: "node", reason: "race" })));
    expect(results.map((r) => r.status).sort()).toEqual([...Array(15).fill(200), 201]);
    expect(new Set(results.map((r) => r.body.networkPolicyRuleId)).size).toBe(1);
    expect(results.filter((r) => r.body.created)).toHaveLength(1);
    const rows = await pool().query(
      `SELECT count(*)::int AS n FROM network_policy_rules WHERE tenant_id = $1 AND value = $2`, [w.acme.tenant.id, `c2-${tag}.example.org`],
    );
    expect(rows.rows[0].n).toBe(1);
    const entries = await pool().query(`SELECT count(*)::int AS n FROM lineage_entries WHERE subject_id = $1 AND action = 'blocked'`, [id]);
    expect(entries.rows[0].n).toBe(1);
  });

  it("blocks the remote IP when the event has no domain, and renews an expired rule", async () => {
    const tag = rand();
    const ip = `192.0.2.${1 + (parseInt(tag.slice(0, 2), 16) % 250)}`;
    await ingest([minerFlow(`ip-${tag}`, { names: [], address: ip, node: `ipnode-${tag}` })]);
    const id = await eventId(`ip-${tag}`);
    const dry = await b.previewEvent(keys.analyst, id, { scope: "node" });
    expect(dry.body.destination).toEqual({ type: "ip", value: ip });
    expect(dry.body.search).toBe(`remoteAddress:${ip} node:ipnode-${tag}`);
    expect(dry.body.matches.events).toBe(1);
    const res = await b.blockEvent(keys.analyst, id, { scope: "node", reason: "C2", expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect(res.body).toMatchObject({ created: true, destination: { type: "ip", value: ip } });
    await pool().query(`UPDATE network_policy_rules SET expires_at = now() - interval '1 minute' WHERE id = $1`, [res.body.networkPolicyRuleId]);
    expect(await getPolicyVerdict({ ctx: callerIn(w.acme.tenant.id), input: { id } })).toBeNull();
    const renewed = await b.blockEvent(keys.analyst, id, { scope: "node", reason: "C2 again" });
    expect(renewed.body).toMatchObject({ created: false, networkPolicyRuleId: res.body.networkPolicyRuleId });
    const rule = await p.getRule(keys.analyst, res.body.networkPolicyId, res.body.networkPolicyRuleId);
    expect(rule.body).toMatchObject({ expiresAt: null, expired: false, reason: "C2 again", version: 2 });
    expect((await getPolicyVerdict({ ctx: callerIn(w.acme.tenant.id), input: { id } }))?.text).toBe(`Denied by rule ${ip} in node ipnode-${tag} (enforce)`);
  });

  it("refuses what it cannot do: no destination (422), bad input naming the field (400), managers (403), other tenants (404)", async () => {
    const tag = rand();
    await ingest([garnetEvent(`proc-${tag}`, { created_at: hoursAgo(1), updated_at: hoursAgo(1) }), minerFlow(`ok-${tag}`)]);
    const proc = await eventId(`proc-${tag}`);
    const ok = await eventId(`ok-${tag}`);
    const none = await b.blockEvent(keys.analyst, proc, { scope: "global", reason: "x" });
    expectProblem(none, 422, "no destination");
    expect(none.body.detail).toMatch(/no network destination/);
    expectProblem(await b.previewEvent(keys.analyst, proc), 422, "no destination preview");

    const bad: [unknown, string][] = [
      [{ scope: "global" }, "reason"],
      [{ scope: "global", reason: "  " }, "reason"],
      [{ reason: "x" }, "scope"],
      [{ scope: "planet", reason: "x" }, "scope"],
      [{ scope: "repo", reason: "x" }, "scopeRef"],
      [{ scope: "cluster", scopeRef: "prod eu", reason: "x" }, "scopeRef"],
      [{ scope: "global", reason: "x", expiresAt: "2020-01-01T00:00:00Z" }, "expiresAt"],
      [{ scope: "global", reason: "x", expiresAt: "tomorrow" }, "expiresAt"],
      [{ scope: "global", reason: "x", action: "allow" }, "action"],
    ];
    for (const [body, field] of bad) {
      const res = await b.blockEvent(keys.analyst, ok, body);
      expectProblem(res, 400, JSON.stringify(body));
      expect(fieldOf(res.body), JSON.stringify(body)).toBe(field);
    }
    expectProblem(await b.blockEvent(keys.manager, ok, { scope: "global", reason: "x" }), 403, "manager");
    expectProblem(await b.previewEvent(keys.manager, ok), 403, "manager preview");
    expectProblem(await b.blockEvent(keys.foreign, ok, { scope: "global", reason: "x" }), 404, "foreign");
    expectProblem(await b.previewEvent(keys.foreign, ok), 404, "foreign preview");
    expectProblem(await b.blockEvent(keys.analyst, "not-an-id", { scope: "global", reason: "x" }), 404, "bad id");
    expectProblem(await b.blockEvent(w.acme.agentToken, ok, { scope: "global", reason: "x" }), 403, "agent token");
    const rules = await pool().query(`SELECT count(*)::int AS n FROM network_policy_rules WHERE source_event_id = $1`, [ok]);
    expect(rules.rows[0].n).toBe(0);
  });
});

describe("blocking from an issue", () => {
  it("blocks the destination of the issue's newest event, flags the issue and records where the rule came from", async () => {
    const tag = rand();
    await ingest([minerFlow(`i1-${tag}`, { names: ["203.0.113.50", `i-${tag}.example.net`], node: `inode-${tag}` })]);
    const id = await eventId(`i1-${tag}`);
    const issue = await issueOf(id);
    const dry = await b.previewIssue(keys.analyst, issue, { scope: "cluster" });
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body.destination).toEqual({ type: "domain", value: `i-${tag}.example.net` });
    expect(dry.body.matches.issues.map((i: { id: string }) => i.id)).toContain(issue);
    const res = await b.blockIssue(keys.analyst, issue, { scope: "cluster", reason: "issue block" });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const rule = await p.getRule(keys.analyst, res.body.networkPolicyId, res.body.networkPolicyRuleId);
    expect(rule.body).toMatchObject({ sourceIssueId: issue, sourceEventId: id });
    const flags = await pool().query(`SELECT flags FROM issues WHERE id = $1`, [issue]);
    expect(flags.rows[0].flags).toContain("blocked");
    expectProblem(await b.blockIssue(keys.foreign, issue, { scope: "global", reason: "x" }), 404, "foreign issue");
    expectProblem(await b.blockIssue(keys.manager, issue, { scope: "global", reason: "x" }), 403, "manager issue");
  });
});

describe("the effective policy for agents", () => {
  it("merges the scopes that apply, in the order to apply them, with an ETag; expired rules drop out", async () => {
    const tag = rand();
    const cluster = `eff-${tag}`;
    const global = (await p.list(keys.admin)).body.data.find((x: { scope: string }) => x.scope === "global")?.id
      ?? (await p.create(keys.admin, { scope: "global", mode: "enforce" })).body.id;
    const ns = (await p.create(keys.admin, { scope: "namespace", scopeRef: `${cluster}/shop`, mode: "log" })).body.id;
    const other = (await p.create(keys.admin, { scope: "namespace", scopeRef: `${cluster}/other`, mode: "enforce" })).body.id;
    const bypass = (await p.create(keys.admin, { scope: "cluster", scopeRef: cluster, mode: "bypass" })).body.id;
    const g = (await p.addRule(keys.admin, global, { type: "domain", value: `*.${tag}.example.com`, action: "deny" })).body;
    const n = (await p.addRule(keys.admin, ns, { type: "domain", value: `api.${tag}.example.com`, action: "allow" })).body;
    await p.addRule(keys.admin, other, { type: "domain", value: `x.${tag}.example.com`, action: "deny" });
    await p.addRule(keys.admin, bypass, { type: "cidr", value: "10.0.0.0/8", action: "deny" });

    const query = `?cluster=${cluster}&namespace=shop&node=n-${tag}`;
    const res = await b.effective(w.acme.agentToken, query);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const mine = res.body.rules.filter((r: { value: string }) => r.value.includes(tag));
    expect(mine.map((r: { value: string; scope: string; mode: string }) => `${r.scope}:${r.mode}:${r.value}`)).toEqual([
      `namespace:log:api.${tag}.example.com`, `global:enforce:*.${tag}.example.com`,
    ]);
    expect(res.body.rules.some((r: { value: string }) => r.value === "10.0.0.0/8")).toBe(false);
    expect(res.body.policies.map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining([global, ns, bypass]));
    expect(res.body.context).toEqual({ cluster, namespace: "shop", node: `n-${tag}`, repository: null, workflow: null });

    const raw = await blockEffectiveRaw(w.acme.agentToken, query);
    const etag = raw.headers.get("etag")!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const unchanged = await blockEffectiveRaw(w.acme.agentToken, query, { "if-none-match": etag });
    expect(unchanged.status).toBe(304);
    expect(unchanged.headers.get("etag")).toBe(etag);

    await pool().query(`UPDATE network_policy_rules SET expires_at = now() - interval '1 second' WHERE id = $1`, [n.id]);
    const expired = await blockEffectiveRaw(w.acme.agentToken, query, { "if-none-match": etag });
    expect(expired.status).toBe(200);
    const body = await expired.json();
    expect(body.rules.map((r: { id: string }) => r.id)).not.toContain(n.id);
    expect(body.rules.map((r: { id: string }) => r.id)).toContain(g.id);

    // A policy's mode and a rule's reason are part of what agents get: each change is a new ETag.
    const afterExpiry = expired.headers.get("etag")!;
    const nsPolicy = await p.get(keys.admin, ns);
    await p.patch(keys.admin, ns, { mode: "enforce", version: nsPolicy.body.version });
    const modeChanged = await blockEffectiveRaw(w.acme.agentToken, query, { "if-none-match": afterExpiry });
    expect(modeChanged.status).toBe(200);
    const modeEtag = modeChanged.headers.get("etag")!;
    expect((await modeChanged.json()).policies.find((x: { id: string }) => x.id === ns).mode).toBe("enforce");
    const gRule = await p.getRule(keys.admin, global, g.id);
    await p.patchRule(keys.admin, global, g.id, { reason: "changed", version: gRule.body.version });
    const reasonChanged = await blockEffectiveRaw(w.acme.agentToken, query, { "if-none-match": modeEtag });
    expect(reasonChanged.status).toBe(200);
    expect((await reasonChanged.json()).rules.find((r: { id: string }) => r.id === g.id).reason).toBe("changed");
    // The same version twice is the same body, served again.
    const twice = await blockEffectiveRaw(w.acme.agentToken, query);
    expect(twice.headers.get("etag")).toBe(reasonChanged.headers.get("etag"));

    // Every role may read it too; another tenant's agent sees none of it; agent tokens read nothing else.
    expect((await b.effective(keys.manager, query)).status).toBe(200);
    const foreign = await b.effective(w.globex.agentToken, query);
    expect(foreign.body.rules.some((r: { value: string }) => r.value.includes(tag))).toBe(false);
    expectProblem(await p.list(w.acme.agentToken), 403, "agent token lists policies");
    expectProblem(await b.effective(w.acme.agentToken, "?cluster="), 400, "empty cluster");
    expectProblem(await b.effective(w.acme.agentToken, "?agent=nobody"), 404, "unknown agent");
    expectProblem(await b.effective(w.acme.agentToken, "?colour=blue"), 400, "unknown parameter");
  });

  it("fills the context from an agent Vigil knows", async () => {
    const tag = rand();
    await ingest([minerFlow(`ag-${tag}`, { node: `agnode-${tag}` })]);
    const res = await b.effective(w.acme.agentToken, `?agent=id:agent-agnode-${tag}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.context).toEqual({ cluster: "prod-eu", namespace: "payments", node: `agnode-${tag}`, repository: null, workflow: null });
  });
});

async function blockEffectiveRaw(token: string, query: string, headers: Record<string, string> = {}) {
  const { GET } = await import("../../app/api/v1/network-policies/effective/route");
  const { NextRequest } = await import("next/server");
  return GET(new NextRequest(`http://vigil.test/api/v1/network-policies/effective${query}`, { headers: { authorization: `Bearer ${token}`, ...headers } }), routeParams({}));
}

describe("who may call the block and effective-policy routes", () => {
  it("answers each caller kind as the access table says", async () => {
    const tag = rand();
    await ingest([minerFlow(`acl-${tag}`, { node: `aclnode-${tag}` })]);
    const event = await eventId(`acl-${tag}`);
    const issue = await issueOf(event);
    const body = { scope: "node", reason: "matrix" };
    const calls: [string, (token: string) => ReturnType<typeof b.effective>, { agent: number; manager: number; analyst: number; admin: number }][] = [
      ["POST /events/{id}/actions/block", (t) => b.blockEvent(t, event, body), { agent: 403, manager: 403, analyst: 201, admin: 200 }],
      ["POST /events/{id}/actions/block/dry-run", (t) => b.previewEvent(t, event), { agent: 403, manager: 403, analyst: 200, admin: 200 }],
      ["POST /issues/{id}/actions/block", (t) => b.blockIssue(t, issue, body), { agent: 403, manager: 403, analyst: 200, admin: 200 }],
      ["POST /issues/{id}/actions/block/dry-run", (t) => b.previewIssue(t, issue), { agent: 403, manager: 403, analyst: 200, admin: 200 }],
      ["GET /network-policies/effective", (t) => b.effective(t), { agent: 200, manager: 200, analyst: 200, admin: 200 }],
    ];
    const revoked = await createAgentToken({ tenant: w.acme.tenant.slug, name: `revoked-${tag}` });
    await revokeCredential("agent-token", w.acme.tenant.id, revoked.id);
    for (const [name, call, expected] of calls) {
      expectProblem(await call(""), 401, `${name} anonymous`);
      expectProblem(await call("vgl_key_unknown"), 401, `${name} unknown key`);
      expectProblem(await call(revoked.secret), 401, `${name} revoked agent token`);
      const got = {
        agent: (await call(w.acme.agentToken)).status,
        manager: (await call(keys.manager)).status,
        analyst: (await call(keys.analyst)).status,
        admin: (await call(keys.admin)).status,
      };
      expect(got, name).toEqual(expected);
    }
  });
});
