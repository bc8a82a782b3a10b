import { randomBytes } from "node:crypto";
import { beforeAll, expect } from "vitest";
import { createApiKey, createUser } from "../lib/admin/accounts";
import { makeTenantWithCredentials } from "./ingest-fixtures";
import { GET as listRoute, POST as createRoute } from "../app/api/v1/network-policies/route";
import { DELETE as deleteRoute, GET as getRoute, PATCH as patchRoute } from "../app/api/v1/network-policies/[id]/route";
import { GET as lineageRoute } from "../app/api/v1/network-policies/[id]/lineage/route";
import { GET as listRulesRoute, POST as createRuleRoute } from "../app/api/v1/network-policies/[id]/rules/route";
import { DELETE as deleteRuleRoute, GET as getRuleRoute, PATCH as patchRuleRoute } from "../app/api/v1/network-policies/[id]/rules/[ruleId]/route";
import { callRoute, type Body, type Handler, type Res } from "./route-call";

// The network-policies API as its tests call it: one function per route and method.

export const rand = () => randomBytes(4).toString("hex");

export const routes = {
  listRoute, createRoute, getRoute, patchRoute, deleteRoute, lineageRoute, listRulesRoute, createRuleRoute, getRuleRoute, patchRuleRoute, deleteRuleRoute,
} as unknown as Record<string, Handler>;

export const policyApi = {
  list: (token: string) => callRoute(routes.listRoute, "GET", "/network-policies", { token }),
  create: (token: string, body: unknown) => callRoute(routes.createRoute, "POST", "/network-policies", { token, body }),
  get: (token: string, id: string) => callRoute(routes.getRoute, "GET", `/network-policies/${id}`, { token, params: { id } }),
  patch: (token: string, id: string, body: unknown, headers?: Record<string, string>) =>
    callRoute(routes.patchRoute, "PATCH", `/network-policies/${id}`, { token, body, headers, params: { id } }),
  remove: (token: string, id: string, headers?: Record<string, string>) =>
    callRoute(routes.deleteRoute, "DELETE", `/network-policies/${id}`, { token, headers, params: { id } }),
  lineage: (token: string, id: string, query = "") =>
    callRoute(routes.lineageRoute, "GET", `/network-policies/${id}/lineage${query}`, { token, params: { id } }),
  rules: (token: string, id: string) => callRoute(routes.listRulesRoute, "GET", `/network-policies/${id}/rules`, { token, params: { id } }),
  addRule: (token: string, id: string, body: unknown) =>
    callRoute(routes.createRuleRoute, "POST", `/network-policies/${id}/rules`, { token, body, params: { id } }),
  getRule: (token: string, id: string, ruleId: string) =>
    callRoute(routes.getRuleRoute, "GET", `/network-policies/${id}/rules/${ruleId}`, { token, params: { id, ruleId } }),
  patchRule: (token: string, id: string, ruleId: string, body: unknown, headers?: Record<string, string>) =>
    callRoute(routes.patchRuleRoute, "PATCH", `/network-policies/${id}/rules/${ruleId}`, { token, body, headers, params: { id, ruleId } }),
  removeRule: (token: string, id: string, ruleId: string, headers?: Record<string, string>) =>
    callRoute(routes.deleteRuleRoute, "DELETE", `/network-policies/${id}/rules/${ruleId}`, { token, headers, params: { id, ruleId } }),
};

export function expectProblem(res: Res, status: number, what: string) {
  expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBe(status);
  expect(res.type, what).toBe("application/problem+json");
  expect(res.body, what).toMatchObject({ status, detail: expect.any(String) });
}

export const fieldOf = (body: Body): string | undefined => body?.errors?.[0]?.field ?? body?.field;

export async function newPolicy(token: string, body: Record<string, unknown> = {}) {
  const res = await policyApi.create(token, { scope: "node", scopeRef: `node-${rand()}`, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

export async function newRule(token: string, policyId: string, body: Record<string, unknown> = {}) {
  const res = await policyApi.addRule(token, policyId, { type: "domain", value: `h-${rand()}.example.com`, action: "deny", ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

type Tenant = Awaited<ReturnType<typeof makeTenantWithCredentials>>;

async function member(tenant: string, role: "admin" | "analyst" | "manager", name: string) {
  const email = `${name.toLowerCase()}-${rand()}@example.test`;
  await createUser({ email, password: "test-passphrase-123", name, tenant, role });
  return (await createApiKey({ tenant, role, name: `${name} key`, userEmail: email })).secret;
}

/** Two tenants and a key per role (set up before the file's tests): acme's keys, and globex's admin key as `foreign`. */
export function policyWorkspace() {
  const w = { acme: undefined as unknown as Tenant, globex: undefined as unknown as Tenant, keys: { admin: "", analyst: "", manager: "", userAdmin: "", foreign: "" } };
  beforeAll(async () => {
    w.acme = await makeTenantWithCredentials("acme");
    w.globex = await makeTenantWithCredentials("globex");
    w.keys.admin = w.acme.adminKey;
    w.keys.analyst = w.acme.analystKey;
    w.keys.manager = (await createApiKey({ tenant: w.acme.tenant.slug, role: "manager", name: "acme manager key" })).secret;
    w.keys.userAdmin = await member(w.acme.tenant.slug, "admin", "Ada");
    w.keys.foreign = w.globex.adminKey;
  });
  return w;
}
