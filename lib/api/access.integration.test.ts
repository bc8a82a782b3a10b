import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { createAgentToken, createApiKey, createUser, revokeCredential } from "../admin/accounts";
import { agentCan, roleCan, type Role } from "../auth/roles";
import { pool, prisma } from "../db";
import { POST as ingestRoute } from "../../app/api/v1/ingest/[format]/route";
import { callRoute, type Handler } from "../../test-support/route-call";
import { exportedRouteKeys, loadRouteHandlers } from "../../test-support/route-files";
import { garnetEvent, ingestRequest, makeTenantWithCredentials, routeParams } from "../../test-support/ingest-fixtures";
import { withTestDatabase } from "../../test-support/test-db";
import { API_ACCESS, type ApiRouteKey, type RouteAccess } from "./access";
import { retroHuntRunner } from "../rules/retro-hunt-runner";

withTestDatabase();

// The access table (lib/api/access.ts) against the file system and against every kind of
// caller. A route or method without a row fails the first test; every row is then called by
// every caller kind below and must answer as its row says: 401 without valid credentials, 403
// without the permission, and never a 401/403 for a caller that holds it. Another tenant's admin
// gets a 404 for this tenant's ids and changes nothing. (Sessions are exercised by the e2e specs.)

type CallerKind =
  | "anonymous" | "unknown key" | "revoked API key" | "revoked agent token" | "disabled user's key"
  | "agent token" | "manager" | "analyst" | "admin" | "demoted admin's key";

/** What a caller of this kind gets from a row: "allowed" (anything but 401 and 403), or the status. */
function expected(access: RouteAccess, kind: CallerKind): "allowed" | 401 | 403 {
  if (access.permission === null) return "allowed";
  const roleOf: Partial<Record<CallerKind, Role>> = { manager: "manager", analyst: "analyst", admin: "admin", "demoted admin's key": "analyst" };
  if (kind === "agent token") return agentCan(access.permission) ? "allowed" : 403;
  const role = roleOf[kind];
  if (!role) return 401;
  return roleCan(role, access.permission) ? "allowed" : 403;
}

interface Ids {
  event: string;
  issue: string;
  comment: string;
  policy: string;
  rule: string;
  savedSearch: string;
  ruleSet: string;
  retroHunt: string;
}

const NOWHERE: Ids = {
  event: "999999999999", issue: "999999999999", comment: "00000000-0000-0000-0000-000000000000",
  policy: "00000000-0000-0000-0000-000000000000", rule: "00000000-0000-0000-0000-000000000000", savedSearch: "00000000-0000-0000-0000-000000000000",
  ruleSet: "00000000-0000-0000-0000-000000000000", retroHunt: "00000000-0000-0000-0000-000000000000",
};

function paramsFor(key: string, ids: Ids): Record<string, string> {
  const p: Record<string, string> = {};
  if (key.includes("{format}")) p.format = "garnet";
  if (key.includes("{ruleId}")) p.ruleId = ids.rule;
  if (key.includes("{id}")) {
    const area = key.split(" ")[1].split("/")[3];
    p.id = { events: ids.event, issues: ids.issue, comments: ids.comment, "network-policies": ids.policy, "rule-sets": ids.ruleSet, "retro-hunts": ids.retroHunt, "saved-searches": ids.savedSearch }[area] ?? "";
  }
  return p;
}

let handlers = new Map<string, Handler>();

async function call(key: ApiRouteKey, token: string | undefined, ids: Ids) {
  const [method, route] = key.split(" ");
  const params = paramsFor(key, ids);
  const url = route.replace(/\{(\w+)\}/g, (_, name: string) => params[name]).replace(/^\/api\/v1/, "");
  const handler = handlers.get(key)!;
  const body = method === "GET" || method === "DELETE" ? undefined : {};
  if (route === "/api/health") {
    const res = await handler(new NextRequest(`http://vigil.test${route}`, token ? { headers: { authorization: `Bearer ${token}` } } : {}), routeParams({}));
    return { status: res.status, body: await res.json() };
  }
  return callRoute(handler, method, url, { token, body, params });
}

const tokens = {} as Record<CallerKind, string | undefined> & { foreignAdmin: string };
let ids: Ids;
let tenantId: string;

async function footprint() {
  const res = await pool().query(
    `SELECT (SELECT count(*) FROM lineage_entries WHERE tenant_id = $1)::int AS lineage,
            (SELECT count(*) FROM events WHERE tenant_id = $1)::int AS events,
            (SELECT coalesce(sum(version), 0) FROM issues WHERE tenant_id = $1)::int AS issue_versions,
            (SELECT count(*) FROM comments WHERE tenant_id = $1 AND deleted_at IS NULL)::int AS comments,
            (SELECT count(*) FROM network_policy_rules WHERE tenant_id = $1)::int AS rules,
            (SELECT count(*) FROM saved_searches WHERE tenant_id = $1)::int AS saved,
            (SELECT count(*) FROM detection_rules WHERE tenant_id = $1)::int AS detection_rules,
            (SELECT count(*) FROM retro_hunts WHERE tenant_id = $1 AND NOT cancel_requested)::int AS retro_hunts`,
    [tenantId],
  );
  return res.rows[0];
}

beforeAll(async () => {
  handlers = await loadRouteHandlers();

  const acme = await makeTenantWithCredentials("access");
  const globex = await makeTenantWithCredentials("access-foreign");
  tenantId = acme.tenant.id;
  const slug = acme.tenant.slug;
  // Keys made for people: comments and saved searches are a person's, whatever the key's role.
  const person = async (role: Role, label: string, tenant = slug) => {
    const email = `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.test`;
    const user = await createUser({ email, password: "test-passphrase-123", name: label, tenant, role });
    const key = await createApiKey({ tenant, role, name: `${label} key`, userEmail: email });
    return { user, key };
  };
  const manager = await person("manager", "Mia");
  const analyst = await person("analyst", "Sam");
  const admin = await person("admin", "Ada");
  const demoted = await person("admin", "Dee");
  await prisma.membership.update({ where: { tenantId_userId: { tenantId, userId: demoted.user.id } }, data: { role: "analyst" } });
  const disabled = await person("admin", "Dan");
  await prisma.user.update({ where: { id: disabled.user.id }, data: { disabledAt: new Date() } });
  const revokedKey = await createApiKey({ tenant: slug, role: "admin", name: "revoked" });
  await revokeCredential("api-key", tenantId, revokedKey.id);
  const revokedAgent = await createAgentToken({ tenant: slug, name: "revoked agent" });
  await revokeCredential("agent-token", tenantId, revokedAgent.id);

  Object.assign(tokens, {
    anonymous: undefined, "unknown key": "vgl_key_unknown", "revoked API key": revokedKey.secret, "revoked agent token": revokedAgent.secret,
    "disabled user's key": disabled.key.secret, "agent token": acme.agentToken, manager: manager.key.secret, analyst: analyst.key.secret,
    admin: admin.key.secret, "demoted admin's key": demoted.key.secret, foreignAdmin: (await person("admin", "Gus", globex.tenant.slug)).key.secret,
  });

  // One of everything the routes name, in acme.
  const at = new Date(Date.now() - 3_600_000).toISOString();
  const flow = garnetEvent("access-1", {
    kind: "flows", created_at: at, updated_at: at, agent: { id: "access-agent", hostname: "h1" },
    data: { head: { name: "dropped_ip", importance: "high" }, flow: { proto: "TCP", remote: { address: "203.0.113.9", port: 443, names: ["203.0.113.9", "evil.example"] } } },
  });
  const ingested = await ingestRoute(ingestRequest("garnet", JSON.stringify([flow]), { token: acme.agentToken }), routeParams({ format: "garnet" }));
  expect(ingested.status).toBe(200);
  const event = (await pool().query(`SELECT e.id::text, ie.issue_id::text FROM events e JOIN issue_events ie ON ie.event_id = e.id WHERE e.tenant_id = $1`, [tenantId])).rows[0];
  const byAdmin = (key: ApiRouteKey, params: Record<string, string>, body: unknown) =>
    callRoute(handlers.get(key)!, key.split(" ")[0], key.split(" ")[1].replace(/\{(\w+)\}/g, (_, n: string) => params[n]).replace(/^\/api\/v1/, ""), { token: admin.key.secret, body, params });
  const comment = await byAdmin("POST /api/v1/issues/{id}/comments", { id: event.issue_id }, { body: "access matrix" });
  const policy = await byAdmin("POST /api/v1/network-policies", {}, { scope: "global" });
  const rule = await byAdmin("POST /api/v1/network-policies/{id}/rules", { id: policy.body.id }, { type: "domain", value: "evil.example", action: "deny" });
  const saved = await byAdmin("POST /api/v1/saved-searches", {}, { name: "matrix", query: "q=curl" });
  const ruleSet = await byAdmin("POST /api/v1/rule-sets", {}, {
    rule_sets: [{ ruleset_id: "acme/matrix", rules: [{ rule_id: "curl", event_type: "process_exec", condition: 'process.exec_path.endsWith("/curl")', action: "collect" }] }],
  });
  for (const r of [comment, policy, rule, saved, ruleSet]) expect(r.status, JSON.stringify(r.body)).toBe(201);
  // A queued retro-hunt (the runner held off), which another tenant's admin must not cancel.
  retroHuntRunner.autostart = false;
  const detectionRule = (await pool().query(`SELECT id FROM detection_rules WHERE tenant_id = $1`, [tenantId])).rows[0].id;
  const hunt = await byAdmin("POST /api/v1/retro-hunts", {}, { ruleId: detectionRule, from: "-1d" });
  expect(hunt.status, JSON.stringify(hunt.body)).toBe(202);
  ids = {
    event: event.id, issue: event.issue_id, comment: comment.body.id, policy: policy.body.id, rule: rule.body.id, savedSearch: saved.body.id,
    ruleSet: ruleSet.body.ruleSets[0].id, retroHunt: hunt.body.id,
  };
});

describe("the access table", () => {
  it("has a row for every route and method under app/api, and a route for every row", () => {
    const exported = exportedRouteKeys().sort();
    expect(exported).toEqual(Object.keys(API_ACCESS).sort());
  });

  const KINDS: CallerKind[] = [
    "anonymous", "unknown key", "revoked API key", "revoked agent token", "disabled user's key",
    "agent token", "manager", "analyst", "admin", "demoted admin's key",
  ];
  const rows = Object.entries(API_ACCESS) as [ApiRouteKey, RouteAccess][];

  it.each(rows)("%s answers each caller kind as its row says", async (key, access) => {
    for (const kind of KINDS) {
      const want = expected(access, kind);
      const res = await call(key, tokens[kind], NOWHERE);
      if (want === "allowed") expect([401, 403], `${key} as ${kind}: ${JSON.stringify(res.body)}`).not.toContain(res.status);
      else expect(res.status, `${key} as ${kind}: ${JSON.stringify(res.body)}`).toBe(want);
      expect(res.status, `${key} as ${kind}`).toBeLessThan(500);
    }
  });

  it.each(rows.filter(([key, a]) => key.includes("{id}") && a.permission !== null))("%s: another tenant's admin gets a 404 for this tenant's ids and changes nothing", async (key) => {
    const before = await footprint();
    const res = await call(key, tokens.foreignAdmin, ids);
    const method = key.split(" ")[0];
    // A write whose body is refused before any lookup answers 400; it still learns nothing and changes nothing.
    expect(method === "GET" || method === "DELETE" ? [404] : [400, 404], `${key}: ${JSON.stringify(res.body)}`).toContain(res.status);
    expect(JSON.stringify(res.body)).not.toMatch(/evil\.example|access matrix|matrix/);
    expect(await footprint()).toEqual(before);
  });

  it("counts its matrix", () => {
    const idRows = rows.filter(([key, a]) => key.includes("{id}") && a.permission !== null).length;
    // Recorded in docs/security.md: rows × caller kinds, plus the foreign-tenant checks.
    console.log(`access matrix: ${rows.length} routes × ${KINDS.length} caller kinds = ${rows.length * KINDS.length} calls, plus ${idRows} foreign-tenant checks`);
    expect(rows.length).toBeGreaterThan(40);
  });
});
