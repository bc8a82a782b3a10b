import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import type { Handler, Res } from "../../test-support/route-call";
import { expectProblem, fieldOf, newPolicy, newRule, policyApi as p, policyWorkspace, rand, routes } from "../../test-support/policy-api";
import { pool } from "../db";
import { withTestDatabase } from "../../test-support/test-db";
import { routeParams } from "../../test-support/ingest-fixtures";

withTestDatabase();

// The role and tenant matrix of every network-policies route: who may read, who may write,
// what another tenant's id, an id that names nothing and a malformed body answer.

const w = policyWorkspace();
const keys = w.keys;

interface Ids {
  policy: string;
  rule: string;
  /** The admin key of the tenant these ids belong to, to prepare what a request needs. */
  admin: string;
}

interface RouteCase {
  name: string;
  handler: Handler;
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: (ids: Ids) => string;
  write: boolean;
  okStatus: number;
  withId: boolean;
  body?: (ids: Ids) => Promise<unknown>;
  /** Fresh ids for a request that uses its target up (a delete). */
  prepare?: (ids: Ids) => Promise<Ids>;
}

const version = async (res: Promise<Res>) => ((await res).body?.version as number | undefined) ?? 1;

const CASES: RouteCase[] = [
  { name: "GET /network-policies", handler: routes.listRoute, method: "GET", path: () => "/network-policies", write: false, okStatus: 200, withId: false },
  {
    name: "POST /network-policies", handler: routes.createRoute, method: "POST", path: () => "/network-policies", write: true, okStatus: 201, withId: false,
    body: async () => ({ scope: "node", scopeRef: `node-${rand()}` }),
  },
  { name: "GET /network-policies/{id}", handler: routes.getRoute, method: "GET", path: (i) => `/network-policies/${i.policy}`, write: false, okStatus: 200, withId: true },
  {
    name: "PATCH /network-policies/{id}", handler: routes.patchRoute, method: "PATCH", path: (i) => `/network-policies/${i.policy}`, write: true, okStatus: 200, withId: true,
    body: async (i) => ({ mode: "enforce", version: await version(p.get(i.admin, i.policy)) }),
  },
  {
    name: "DELETE /network-policies/{id}", handler: routes.deleteRoute, method: "DELETE", path: (i) => `/network-policies/${i.policy}`, write: true, okStatus: 204, withId: true,
    prepare: async (i) => ({ ...i, policy: (await newPolicy(i.admin)).id }),
  },
  { name: "GET /network-policies/{id}/rules", handler: routes.listRulesRoute, method: "GET", path: (i) => `/network-policies/${i.policy}/rules`, write: false, okStatus: 200, withId: true },
  {
    name: "POST /network-policies/{id}/rules", handler: routes.createRuleRoute, method: "POST", path: (i) => `/network-policies/${i.policy}/rules`, write: true, okStatus: 201, withId: true,
    body: async () => ({ type: "domain", value: `m-${rand()}.example.com`, action: "deny", reason: "matrix" }),
  },
  {
    name: "GET /network-policies/{id}/rules/{ruleId}", handler: routes.getRuleRoute, method: "GET", path: (i) => `/network-policies/${i.policy}/rules/${i.rule}`,
    write: false, okStatus: 200, withId: true,
  },
  {
    name: "PATCH /network-policies/{id}/rules/{ruleId}", handler: routes.patchRuleRoute, method: "PATCH", path: (i) => `/network-policies/${i.policy}/rules/${i.rule}`,
    write: true, okStatus: 200, withId: true,
    body: async (i) => ({ reason: `r-${rand()}`, version: await version(p.getRule(i.admin, i.policy, i.rule)) }),
  },
  {
    name: "DELETE /network-policies/{id}/rules/{ruleId}", handler: routes.deleteRuleRoute, method: "DELETE", path: (i) => `/network-policies/${i.policy}/rules/${i.rule}`,
    write: true, okStatus: 204, withId: true,
    prepare: async (i) => ({ ...i, rule: (await newRule(i.admin, i.policy)).id }),
  },
  { name: "GET /network-policies/{id}/lineage", handler: routes.lineageRoute, method: "GET", path: (i) => `/network-policies/${i.policy}/lineage`, write: false, okStatus: 200, withId: true },
];

const READS = CASES.filter((c) => !c.write);
const WRITES = CASES.filter((c) => c.write);
const WITH_BODY = CASES.filter((c) => c.body);
const WITH_ID = CASES.filter((c) => c.withId);

async function send(c: RouteCase, token: string | undefined, ids: Ids, opts: { body?: unknown; contentType?: string } = {}): Promise<Res> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
    headers["content-type"] = opts.contentType ?? "application/json";
  }
  const req = new NextRequest(`http://vigil.test/api/v1${c.path(ids)}`, { method: c.method, headers, body });
  const res = await c.handler(req, routeParams({ id: ids.policy, ruleId: ids.rule }));
  const text = await res.text();
  return { status: res.status, type: res.headers.get("content-type"), body: text ? JSON.parse(text) : null };
}

/** The request as a caller would make it: prepared, with a valid body. */
async function valid(c: RouteCase, token: string | undefined, ids: Ids): Promise<Res> {
  const use = c.prepare ? await c.prepare(ids) : ids;
  return send(c, token, use, { body: c.body ? await c.body(use) : undefined });
}

/** Everything a write leaves behind in a tenant, to show a refused write changed nothing. */
async function footprint(tenantId: string) {
  const res = await pool().query(
    `SELECT (SELECT count(*) FROM lineage_entries WHERE tenant_id = $1)::int AS lineage,
            (SELECT count(*) FROM network_policies WHERE tenant_id = $1)::int AS policies,
            (SELECT coalesce(sum(version), 0) FROM network_policies WHERE tenant_id = $1)::int AS policy_versions,
            (SELECT count(*) FROM network_policy_rules WHERE tenant_id = $1)::int AS rules,
            (SELECT coalesce(sum(version), 0) FROM network_policy_rules WHERE tenant_id = $1)::int AS rule_versions`,
    [tenantId],
  );
  return res.rows[0];
}

let ids: Ids;
let foreignIds: Ids;

describe("who may call the network-policies API", () => {
  beforeAll(async () => {
    const policy = await newPolicy(keys.admin);
    ids = { policy: policy.id, rule: (await newRule(keys.admin, policy.id)).id, admin: keys.admin };
    const foreign = await newPolicy(keys.foreign);
    foreignIds = { policy: foreign.id, rule: (await newRule(keys.foreign, foreign.id)).id, admin: keys.foreign };
  });

  it("covers every route and method under network-policies", () => {
    const dir = path.join(__dirname, "../../app/api/v1");
    const files = (d: string): string[] =>
      readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(d, e.name)) : e.name === "route.ts" ? [path.join(d, e.name)] : []));
    const exported = files(path.join(dir, "network-policies"))
      // The agents' effective-policy endpoint has its own matrix (agent tokens read it).
      .filter((f) => !/[/\\]effective[/\\]/.test(f))
      .flatMap((file) => {
        const route = "/" + path.relative(dir, path.dirname(file)).split(path.sep).join("/").replace(/\[(\w+)\]/g, "{$1}");
        return [...readFileSync(file, "utf8").matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => `${m[1]} ${route}`);
      });
    expect(exported.sort()).toEqual(CASES.map((c) => c.name).sort());
  });

  it.each(CASES.map((c) => [c.name, c] as const))("%s: no credentials is a 401, an unknown key too", async (_, c) => {
    expectProblem(await valid(c, undefined, ids), 401, c.name);
    expectProblem(await valid(c, "vgl_key_unknown", ids), 401, c.name);
  });

  it.each(CASES.map((c) => [c.name, c] as const))("%s: an agent token is a 403", async (_, c) => {
    const before = await footprint(w.acme.tenant.id);
    expectProblem(await valid(c, w.acme.agentToken, ids), 403, c.name);
    if (!c.prepare) expect(await footprint(w.acme.tenant.id)).toEqual(before);
  });

  it.each(READS.flatMap((c) => (["manager", "analyst", "admin"] as const).map((role) => [c.name, role, c] as const)))("%s: a %s reads (200)", async (_, role, c) => {
    const res = await valid(c, keys[role], ids);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.type).toMatch(/^application\/json/);
  });

  it.each(WRITES.map((c) => [c.name, c] as const))("%s: a manager or analyst may not write (403) and changes nothing", async (_, c) => {
    const use = c.prepare ? await c.prepare(ids) : ids;
    const before = await footprint(w.acme.tenant.id);
    for (const role of ["manager", "analyst"] as const) {
      expectProblem(await send(c, keys[role], use, { body: c.body ? await c.body(use) : undefined }), 403, `${c.name} ${role}`);
    }
    expect(await footprint(w.acme.tenant.id)).toEqual(before);
  });

  it.each(WRITES.map((c) => [c.name, c] as const))("%s: an admin succeeds", async (_, c) => {
    const res = await valid(c, keys.userAdmin, ids);
    expect(res.status, JSON.stringify(res.body)).toBe(c.okStatus);
    if (c.okStatus !== 204) expect(res.type).toMatch(/^application\/json/);
  });

  it.each(WITH_ID.map((c) => [c.name, c] as const))("%s: another tenant's id is a 404 and changes nothing", async (_, c) => {
    const use = c.prepare ? await c.prepare(ids) : ids;
    const body = c.body ? await c.body(use) : undefined;
    const before = await footprint(w.acme.tenant.id);
    const res = await send(c, keys.foreign, use, { body });
    expectProblem(res, 404, c.name);
    expect(res.body.detail).not.toMatch(/tenant|forbidden/i);
    // A rule of another policy under one's own policy is a 404 too.
    if (c.path(ids).includes("/rules/")) expectProblem(await send(c, keys.foreign, { ...foreignIds, rule: use.rule }, { body }), 404, `${c.name} mixed`);
    expect(await footprint(w.acme.tenant.id)).toEqual(before);
    const own = await valid(c, keys.foreign, foreignIds);
    expect(own.status, JSON.stringify(own.body)).toBe(c.okStatus);
  });

  it.each(WITH_ID.map((c) => [c.name, c] as const))("%s: an id that is not one is a 404", async (_, c) => {
    for (const bad of ["abc", "12", "00000000-0000-0000-0000-000000000000", "effective"]) {
      const policyBad = await send(c, keys.admin, { ...ids, policy: bad }, { body: c.body ? await c.body(ids) : undefined });
      expectProblem(policyBad, 404, `${c.name} policy ${bad}`);
      if (c.path(ids).includes("/rules/")) {
        expectProblem(await send(c, keys.admin, { ...ids, rule: bad }, { body: c.body ? await c.body(ids) : undefined }), 404, `${c.name} rule ${bad}`);
      }
    }
  });
});

describe("malformed requests are 400s and 415s", () => {
  it.each(WITH_BODY.map((c) => [c.name, c] as const))("%s: malformed JSON, or JSON that is not an object, is a 400 naming body", async (_, c) => {
    for (const raw of ['{"scope": ', "", "[]", "null", "42"]) {
      const res = await send(c, keys.admin, ids, { body: raw });
      expectProblem(res, 400, `${c.name} ${JSON.stringify(raw)}`);
      expect(fieldOf(res.body)).toBe("body");
    }
  });

  it.each(WITH_BODY.map((c) => [c.name, c] as const))("%s: a body that is not JSON is a 415", async (_, c) => {
    const body = JSON.stringify(await c.body!(ids));
    expectProblem(await send(c, keys.admin, ids, { body, contentType: "text/plain" }), 415, c.name);
    expectProblem(await send(c, keys.admin, ids, { body, contentType: "application/x-www-form-urlencoded" }), 415, c.name);
  });
});
