import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { createApiKey, createUser } from "../admin/accounts";
import type { Role } from "../auth/roles";
import { pool } from "../db";
import { contractViolations } from "../../test-support/contract";
import { mulberry32, mutate, NASTY, pick } from "../../test-support/fuzz";
import { garnetEvent, ingestRequest, makeTenantWithCredentials, routeParams } from "../../test-support/ingest-fixtures";
import type { Handler } from "../../test-support/route-call";
import { loadRouteHandlers } from "../../test-support/route-files";
import { withTestDatabase } from "../../test-support/test-db";
import { API_ACCESS, type ApiRouteKey } from "./access";

withTestDatabase();

// Mutated requests to every JSON endpoint of the access table, as every kind of caller: no
// answer is a 5xx or breaks the OpenAPI document, a refused request leaves nothing behind, and no
// answer carries the other tenant's data. VIGIL_FUZZ_REQUESTS sets the count (10,000 here; `npm run bench -- fuzz` runs
// 100,000).

const REQUESTS = Number(process.env.VIGIL_FUZZ_REQUESTS ?? 10_000);
const MARK = { acme: "ACMEMARK7f3", globex: "GLOBEXMARK9k2" };

type Tenant = Awaited<ReturnType<typeof makeTenantWithCredentials>>;
interface Ids { event: string; issue: string; comment: string; policy: string; rule: string; savedSearch: string }

const flow = (id: string, mark: string) => {
  const at = new Date(Date.now() - 3_600_000).toISOString();
  return garnetEvent(id, {
    kind: "flows", created_at: at, updated_at: at, agent: { id: `${mark}-agent`, hostname: `${mark}-host`, kubernetes_context: { cluster: mark.toLowerCase(), namespace: "web", node: "n1" } },
    data: { head: { name: "dropped_ip", importance: "high", description: mark }, flow: { proto: "TCP", remote: { address: "203.0.113.9", port: 443, names: ["203.0.113.9", `${mark.toLowerCase()}.example`] } } },
  });
};

/** A valid body for each JSON endpoint: the seeds the fuzzer mutates. */
const SEEDS: Partial<Record<ApiRouteKey, (ids: Ids) => unknown>> = {
  "POST /api/v1/ingest/{format}": () => [flow(`fz-${Math.random()}`, "FUZZ")],
  "PUT /api/v1/events": () => flow(`fz-put-${Math.random()}`, "FUZZ"),
  "POST /api/v1/events/search": () => ({ query: "curl OR severity:high", filters: [{ field: "severity", values: ["high"] }], facets: ["severity", "agent"], histogram: { interval: "1h" }, limit: 10 }),
  "POST /api/v1/events/export": () => ({ format: "csv", query: "severity:high" }),
  "POST /api/v1/events/assessment/bulk": () => ({ search: { query: "severity:high" }, assessment: { enableFlags: ["followup"] }, dryRun: true }),
  "POST /api/v1/issues/assessment/bulk": () => ({ search: { status: ["open"] }, assessment: { enableFlags: ["followup"] }, dryRun: true }),
  "POST /api/v1/events/{id}/assessment": () => ({ enableFlags: ["followup"], comment: "fuzz" }),
  "POST /api/v1/issues/{id}/assessment": () => ({ enableFlags: ["followup"], newSeverity: "high" }),
  "PATCH /api/v1/issues/{id}": () => ({ status: "in_progress", priority: "P2", version: 1 }),
  "POST /api/v1/events/{id}/comments": () => ({ body: "**fuzz**" }),
  "POST /api/v1/issues/{id}/comments": () => ({ body: "fuzz" }),
  "PATCH /api/v1/comments/{id}": () => ({ body: "fuzz edit", version: 1 }),
  "POST /api/v1/events/{id}/actions/block": () => ({ scope: "node", reason: "fuzz", expiresAt: "2031-01-01T00:00:00Z" }),
  "POST /api/v1/events/{id}/actions/block/dry-run": () => ({ scope: "cluster" }),
  "POST /api/v1/issues/{id}/actions/block": () => ({ scope: "namespace", reason: "fuzz" }),
  "POST /api/v1/issues/{id}/actions/block/dry-run": () => ({}),
  "POST /api/v1/network-policies": () => ({ scope: "node", scopeRef: "fuzz-node", mode: "log" }),
  "PATCH /api/v1/network-policies/{id}": () => ({ mode: "log", version: 1 }),
  "POST /api/v1/network-policies/{id}/rules": () => ({ type: "cidr", value: "10.0.0.0/8", action: "deny", reason: "fuzz" }),
  "PATCH /api/v1/network-policies/{id}/rules/{ruleId}": () => ({ reason: "fuzz", version: 1 }),
  "POST /api/v1/saved-searches": () => ({ name: "fuzz", query: "q=curl", shared: false }),
  "PATCH /api/v1/saved-searches/{id}": () => ({ name: "fuzz 2", shared: true }),
};
const FUZZ_KEYS = ["id", "version", "scope", "query", "filters", "__proto__", "constructor", "tenantId", "search", "body"];

let handlers = new Map<string, Handler>();
let acme: Tenant;
let globex: Tenant;
let ids: Ids;
const callers: { name: string; token: string | undefined; tenant: "acme" | "globex" | null }[] = [];

async function fixtures(t: Tenant, mark: string): Promise<{ ids: Ids; admin: string }> {
  const slug = t.tenant.slug;
  const email = `${mark.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  await createUser({ email, password: "test-passphrase-123", name: mark, tenant: slug, role: "admin" });
  const admin = (await createApiKey({ tenant: slug, role: "admin", name: `${mark} admin`, userEmail: email })).secret;
  const res = await handlers.get("POST /api/v1/ingest/{format}")!(ingestRequest("garnet", JSON.stringify([flow(`${mark}-1`, mark)]), { token: t.agentToken }), routeParams({ format: "garnet" }));
  expect(res.status).toBe(200);
  const ev = (await pool().query(`SELECT e.id::text, ie.issue_id::text FROM events e JOIN issue_events ie ON ie.event_id = e.id WHERE e.tenant_id = $1`, [t.tenant.id])).rows[0];
  const post = async (key: ApiRouteKey, params: Record<string, string>, body: unknown) => {
    const r = await send(key, admin, params, JSON.stringify(body));
    expect(r.status, `${key}: ${r.text}`).toBe(201);
    return JSON.parse(r.text);
  };
  const comment = await post("POST /api/v1/issues/{id}/comments", { id: ev.issue_id }, { body: `${mark} comment` });
  const policy = await post("POST /api/v1/network-policies", {}, { scope: "cluster", scopeRef: mark.toLowerCase() });
  const rule = await post("POST /api/v1/network-policies/{id}/rules", { id: policy.id }, { type: "domain", value: `${mark.toLowerCase()}.example`, action: "deny", reason: mark });
  const saved = await post("POST /api/v1/saved-searches", {}, { name: `${mark} search`, query: `q=${mark}` });
  return { ids: { event: ev.id, issue: ev.issue_id, comment: comment.id, policy: policy.id, rule: rule.id, savedSearch: saved.id }, admin };
}

async function send(key: ApiRouteKey, token: string | undefined, params: Record<string, string>, body: string | undefined, contentType = "application/json", query = "") {
  const [method, route] = key.split(" ");
  const url = `http://vigil.test${route.replace(/\{(\w+)\}/g, (_, n: string) => encodeURIComponent((params[n] ?? "").toWellFormed()))}${query}`;
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = contentType;
  const res = await handlers.get(key)!(new NextRequest(url, { method, headers, body }), routeParams(params));
  const text = await res.text();
  return { status: res.status, text, contract: contractViolations(method, url, res.status, res.headers.get("content-type"), text) };
}

async function footprint() {
  const res = await pool().query(
    `SELECT (SELECT count(*) FROM lineage_entries)::int AS lineage, (SELECT count(*) FROM events)::int AS events,
            (SELECT count(*) FROM comments)::int AS comments, (SELECT count(*) FROM network_policy_rules)::int AS rules,
            (SELECT count(*) FROM network_policies)::int AS policies, (SELECT count(*) FROM saved_searches)::int AS saved,
            (SELECT coalesce(sum(version), 0) FROM issues)::int AS issue_versions, (SELECT count(*) FROM event_assessments)::int AS assessments`,
  );
  return res.rows[0];
}

beforeAll(async () => {
  handlers = await loadRouteHandlers();
  acme = await makeTenantWithCredentials("fuzz-acme");
  globex = await makeTenantWithCredentials("fuzz-globex");
  const a = await fixtures(acme, MARK.acme);
  const g = await fixtures(globex, MARK.globex);
  ids = a.ids;
  const person = async (role: Role) => {
    const email = `fz-${role}-${Math.random().toString(36).slice(2, 8)}@example.test`;
    await createUser({ email, password: "test-passphrase-123", name: role, tenant: acme.tenant.slug, role });
    return (await createApiKey({ tenant: acme.tenant.slug, role, name: `fuzz ${role}`, userEmail: email })).secret;
  };
  callers.push(
    { name: "anonymous", token: undefined, tenant: null },
    { name: "agent token", token: acme.agentToken, tenant: "acme" },
    { name: "manager", token: await person("manager"), tenant: "acme" },
    { name: "analyst", token: await person("analyst"), tenant: "acme" },
    { name: "admin", token: a.admin, tenant: "acme" },
    { name: "another tenant's admin", token: g.admin, tenant: "globex" },
  );
});

describe("fuzzing every JSON endpoint", () => {
  it("refuses a comment holding an unpaired surrogate with a 400 naming body (found by this fuzzer: it was a 500)", async () => {
    const admin = callers.find((c) => c.name === "admin")!.token;
    const res = await send("POST /api/v1/issues/{id}/comments", admin, { id: ids.issue }, '{"body":"\\ud800"}');
    expect(res.status, res.text).toBe(400);
    expect(JSON.parse(res.text)).toMatchObject({ field: "body", errors: [{ field: "body", message: expect.stringMatching(/unpaired surrogate/) }] });
  });

  it("stores a Garnet event whose id is only a NUL through PUT (found by this fuzzer: it was a 500)", async () => {
    const res = await send("PUT /api/v1/events", acme.agentToken, {}, JSON.stringify({ ...flow("x", "FUZZ"), id: "\u0000" }));
    expect(res.status, res.text).toBeLessThan(300);
    expect(JSON.parse(res.text).id).toMatch(/^\d+$/);
  });

  it(`answers ${REQUESTS.toLocaleString("en")} mutated requests from every kind of caller without a 5xx, a trace of a refused one, or another tenant's data`, async () => {
    const rnd = mulberry32(20261205);
    const keys = Object.keys(SEEDS) as ApiRouteKey[];
    expect(keys.every((k) => k in API_ACCESS)).toBe(true);
    const statuses = new Map<number, number>();
    for (let i = 0; i < REQUESTS; i++) {
      const key = pick(keys, rnd);
      const caller = pick(callers, rnd);
      const seed = SEEDS[key]!(ids);
      const r = rnd();
      const body = r < 0.85 ? JSON.stringify(mutate(seed, rnd, 0, FUZZ_KEYS)) ?? "null"
        : r < 0.95 ? JSON.stringify(seed).slice(0, Math.floor(rnd() * JSON.stringify(seed).length))
        : String(pick(NASTY, rnd));
      const params = { id: "", ruleId: ids.rule, format: "garnet" };
      const area = key.split(" ")[1].split("/")[3];
      params.id = ({ events: ids.event, issues: ids.issue, comments: ids.comment, "network-policies": ids.policy, "saved-searches": ids.savedSearch } as Record<string, string>)[area] ?? "";
      if (rnd() < 0.05) params.id = String(pick(NASTY, rnd));
      const contentType = rnd() < 0.03 ? "text/plain" : key.includes("ingest") && rnd() < 0.3 ? "application/x-ndjson" : "application/json";
      // A sample of refused requests is checked for leftovers (a footprint per request would be slow).
      const check = i % 20 === 0;
      const before = check ? await footprint() : null;
      const res = await send(key, caller.token, params, body, contentType, rnd() < 0.05 ? `?${String(pick(NASTY, rnd)).slice(0, 50)}=1` : "");
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const what = `#${i} ${key} as ${caller.name}: ${body.slice(0, 200)} → ${res.status} ${res.text.slice(0, 300)}`;
      expect(res.status, what).toBeLessThan(500);
      expect(res.contract, what).toEqual([]);
      if (caller.tenant === "acme") expect(res.text.includes(MARK.globex), what).toBe(false);
      if (caller.tenant === "globex") expect(res.text.includes(MARK.acme), what).toBe(false);
      if (before && res.status >= 400) expect(await footprint(), what).toEqual(before);
    }
    console.log(`API fuzz: ${REQUESTS} requests; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(REQUESTS / 10);
    expect([...statuses.keys()].some((s) => s < 300)).toBe(true);
  }, Math.max(1_800_000, REQUESTS * 40));
});
