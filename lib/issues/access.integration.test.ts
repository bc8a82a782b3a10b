import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as ingestRoute } from "../../app/api/v1/ingest/[format]/route";
import { GET as listRoute } from "../../app/api/v1/issues/route";
import { GET as getIssueRoute, PATCH as patchIssueRoute } from "../../app/api/v1/issues/[id]/route";
import { POST as assessIssueRoute } from "../../app/api/v1/issues/[id]/assessment/route";
import { GET as issueCommentsRoute, POST as createIssueCommentRoute } from "../../app/api/v1/issues/[id]/comments/route";
import { GET as issueEventsRoute } from "../../app/api/v1/issues/[id]/events/route";
import { GET as issueLineageRoute } from "../../app/api/v1/issues/[id]/lineage/route";
import { POST as bulkIssuesRoute } from "../../app/api/v1/issues/assessment/bulk/route";
import { POST as issueStatsRoute } from "../../app/api/v1/issues/stats/route";
import { GET as eventAssessmentRoute, POST as assessEventRoute } from "../../app/api/v1/events/[id]/assessment/route";
import { GET as eventCommentsRoute, POST as createEventCommentRoute } from "../../app/api/v1/events/[id]/comments/route";
import { POST as bulkEventsRoute } from "../../app/api/v1/events/assessment/bulk/route";
import { DELETE as deleteCommentRoute, PATCH as patchCommentRoute } from "../../app/api/v1/comments/[id]/route";
import { createApiKey, createUser, revokeCredential } from "../admin/accounts";
import { pool, prisma } from "../db";
import type { Body, Handler, Res } from "../../test-support/route-call";
import { routeFiles } from "../../test-support/route-files";
import { withTestDatabase } from "../../test-support/test-db";
import { garnetEvent, ingestRequest, makeTenantWithCredentials, routeParams } from "../../test-support/ingest-fixtures";

withTestDatabase();

// The role and tenant matrix of every issues route: who may read, who may write, what another
// tenant's id, a malformed id and a malformed body answer.


interface Ids {
  issue: string;
  event: string;
  comment: string;
}

interface RouteCase {
  name: string;
  handler: Handler;
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: (ids: Ids) => string;
  /** The id in the path, if any. */
  idKind?: keyof Ids;
  write: boolean;
  okStatus: number;
  /** A valid body for this caller. */
  body?: (token: string | undefined, ids: Ids) => Promise<unknown>;
  /** What the request needs first, made by the caller (their own comment to edit). */
  prepare?: (token: string | undefined, ids: Ids) => Promise<Ids>;
}

interface SendOptions {
  body?: unknown;
  contentType?: string | null;
  headers?: Record<string, string>;
  query?: Record<string, string>;
}

async function send(c: RouteCase, token: string | undefined, ids: Ids, opts: SendOptions = {}): Promise<Res> {
  const headers: Record<string, string> = { ...opts.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
    if (opts.contentType !== null) headers["content-type"] = opts.contentType ?? "application/json";
  }
  const query = opts.query ? `?${new URLSearchParams(opts.query)}` : "";
  const req = new NextRequest(`http://vigil.test/api/v1${c.path(ids)}${query}`, { method: c.method, headers, body });
  const res = await c.handler(req, routeParams(c.idKind ? { id: ids[c.idKind] } : {}));
  const text = await res.text();
  return { status: res.status, type: res.headers.get("content-type"), body: text ? JSON.parse(text) : null };
}

/** The request as a caller would make it: prepared, with a valid body. */
async function valid(c: RouteCase, token: string | undefined, ids: Ids, opts: Omit<SendOptions, "body"> = {}): Promise<Res> {
  const use = c.prepare ? await c.prepare(token, ids) : ids;
  return send(c, token, use, { ...opts, body: c.body ? await c.body(token, use) : undefined });
}

function fieldOf(body: Body): string | undefined {
  return body?.errors?.[0]?.field ?? body?.field;
}

function expectProblem(res: Res, status: number, what: string) {
  expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBe(status);
  expect(res.type, what).toBe("application/problem+json");
  expect(res.body, what).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
}

// ---------------------------------------------------------------------------------------------

const RANGE = { from: "2026-11-19T00:00:00Z", to: "2026-11-22T00:00:00Z" };

const getIssue = (token: string | undefined, id: string) => send(CASES[1], token, { issue: id, event: "", comment: "" });

async function createIssueComment(token: string | undefined, issue: string): Promise<Res> {
  return send(CASES[5], token, { issue, event: "", comment: "" }, { body: { body: "a note" } });
}

/** The caller's own comment on the issue, or the given one when the caller may not comment there. */
async function ownComment(token: string | undefined, ids: Ids): Promise<Ids> {
  const created = await createIssueComment(token, ids.issue);
  return created.status === 201 ? { ...ids, comment: created.body.id } : ids;
}

const CASES: RouteCase[] = [
  { name: "GET /issues", handler: listRoute, method: "GET", path: () => "/issues", write: false, okStatus: 200 },
  { name: "GET /issues/{id}", handler: getIssueRoute, method: "GET", path: (i) => `/issues/${i.issue}`, idKind: "issue", write: false, okStatus: 200 },
  {
    name: "PATCH /issues/{id}", handler: patchIssueRoute, method: "PATCH", path: (i) => `/issues/${i.issue}`, idKind: "issue", write: true, okStatus: 200,
    body: async (token, ids) => {
      const cur = await getIssue(token, ids.issue);
      return { priority: cur.body?.priority === "P1" ? "P2" : "P1", version: cur.status === 200 ? cur.body.version : 1 };
    },
  },
  {
    name: "POST /issues/{id}/assessment", handler: assessIssueRoute, method: "POST", path: (i) => `/issues/${i.issue}/assessment`, idKind: "issue", write: true, okStatus: 200,
    body: async () => ({ enableFlags: ["followup"] }),
  },
  { name: "GET /issues/{id}/comments", handler: issueCommentsRoute, method: "GET", path: (i) => `/issues/${i.issue}/comments`, idKind: "issue", write: false, okStatus: 200 },
  {
    name: "POST /issues/{id}/comments", handler: createIssueCommentRoute, method: "POST", path: (i) => `/issues/${i.issue}/comments`, idKind: "issue", write: true, okStatus: 201,
    body: async () => ({ body: "a note" }),
  },
  { name: "GET /issues/{id}/events", handler: issueEventsRoute, method: "GET", path: (i) => `/issues/${i.issue}/events`, idKind: "issue", write: false, okStatus: 200 },
  { name: "GET /issues/{id}/lineage", handler: issueLineageRoute, method: "GET", path: (i) => `/issues/${i.issue}/lineage`, idKind: "issue", write: false, okStatus: 200 },
  {
    name: "POST /issues/assessment/bulk", handler: bulkIssuesRoute, method: "POST", path: () => "/issues/assessment/bulk", write: true, okStatus: 200,
    body: async () => ({ search: { type: ["acme_shell"] }, assessment: { enableFlags: ["tuningCandidate"] } }),
  },
  {
    name: "POST /issues/stats", handler: issueStatsRoute, method: "POST", path: () => "/issues/stats", write: false, okStatus: 200,
    body: async () => ({ status: ["open"], groupBy: [{ field: "severity" }, { field: "assignee", missing: true }], timeRangeMetrics: [{ name: "week", from: "-7d" }] }),
  },
  { name: "GET /events/{id}/assessment", handler: eventAssessmentRoute, method: "GET", path: (i) => `/events/${i.event}/assessment`, idKind: "event", write: false, okStatus: 200 },
  {
    name: "POST /events/{id}/assessment", handler: assessEventRoute, method: "POST", path: (i) => `/events/${i.event}/assessment`, idKind: "event", write: true, okStatus: 200,
    body: async () => ({ enableFlags: ["followup"] }),
  },
  { name: "GET /events/{id}/comments", handler: eventCommentsRoute, method: "GET", path: (i) => `/events/${i.event}/comments`, idKind: "event", write: false, okStatus: 200 },
  {
    name: "POST /events/{id}/comments", handler: createEventCommentRoute, method: "POST", path: (i) => `/events/${i.event}/comments`, idKind: "event", write: true, okStatus: 201,
    body: async () => ({ body: "an event note" }),
  },
  {
    name: "POST /events/assessment/bulk", handler: bulkEventsRoute, method: "POST", path: () => "/events/assessment/bulk", write: true, okStatus: 200,
    body: async () => ({ search: { query: "type:acme_shell", ...RANGE }, assessment: { enableFlags: ["tuningCandidate"] } }),
  },
  {
    name: "PATCH /comments/{id}", handler: patchCommentRoute, method: "PATCH", path: (i) => `/comments/${i.comment}`, idKind: "comment", write: true, okStatus: 200,
    prepare: ownComment, body: async () => ({ body: "edited note" }),
  },
  {
    name: "DELETE /comments/{id}", handler: deleteCommentRoute, method: "DELETE", path: (i) => `/comments/${i.comment}`, idKind: "comment", write: true, okStatus: 204,
    prepare: ownComment,
  },
];

const byName = (name: string) => {
  const c = CASES.find((x) => x.name === name);
  if (!c) throw new Error(name);
  return c;
};
const READS = CASES.filter((c) => !c.write);
const WRITES = CASES.filter((c) => c.write);
const WITH_BODY = CASES.filter((c) => c.method === "POST" || c.method === "PATCH");
const WITH_ID = CASES.filter((c) => c.idKind);

const API_DIR = path.join(__dirname, "../../app/api/v1");

/** The triage routes: everything under issues/ and comments/, and the assessment and comments of events. */
const TRIAGE_ROUTE_FILES = [
  // Block actions have their own matrix (lib/policies/block.integration.test.ts).
  ...routeFiles(path.join(API_DIR, "issues")).filter((f) => !/[/\\]actions[/\\]/.test(f)),
  ...routeFiles(path.join(API_DIR, "comments")),
  ...routeFiles(path.join(API_DIR, "events")).filter((f) => /[/\\](assessment|comments)[/\\]/.test(f)),
];

// ---------------------------------------------------------------------------------------------

async function member(tenant: string, role: "admin" | "analyst" | "manager", name: string, keyRole = role) {
  const email = `${name.toLowerCase()}-${randomBytes(3).toString("hex")}@example.test`;
  const user = await createUser({ email, password: "test-passphrase-123", name, tenant, role });
  const key = await createApiKey({ tenant, role: keyRole, name: `${name} key`, userEmail: email });
  return { id: user.id, key: key.secret };
}

async function ingest(token: string, items: unknown[]) {
  const res = await ingestRoute(ingestRequest("garnet", JSON.stringify(items), { token }), routeParams({ format: "garnet" }));
  expect(res.status).toBe(200);
}

function detection(id: string, type: string, iso: string, exe = "/tmp/xmrig") {
  return garnetEvent(id, { created_at: iso, updated_at: iso, data: { head: { name: type, importance: "high" }, process: { exe, pid: 42 } } });
}

async function eventId(tenantId: string, sourceId: string): Promise<string> {
  const res = await pool().query(`SELECT id::text FROM events WHERE tenant_id = $1 AND event_key = $2`, [tenantId, `garnet:id:${sourceId}`]);
  return res.rows[0].id;
}

async function issueId(tenantId: string, type: string): Promise<string> {
  const res = await pool().query(`SELECT id::text FROM issues WHERE tenant_id = $1 AND type = $2`, [tenantId, type]);
  return res.rows[0].id;
}

/** Everything a write leaves behind in a tenant, to show a refused write changed nothing. */
async function footprint(tenantId: string) {
  const res = await pool().query(
    `SELECT (SELECT count(*) FROM lineage_entries WHERE tenant_id = $1)::int AS lineage,
            (SELECT coalesce(sum(version), 0) FROM issues WHERE tenant_id = $1)::int AS issue_versions,
            (SELECT count(*) FROM event_assessments WHERE tenant_id = $1)::int AS assessments,
            (SELECT count(*) FROM comments WHERE tenant_id = $1 AND deleted_at IS NULL)::int AS comments,
            (SELECT coalesce(sum(version), 0) FROM comments WHERE tenant_id = $1)::int AS comment_versions`,
    [tenantId],
  );
  return res.rows[0];
}

let acme: Awaited<ReturnType<typeof makeTenantWithCredentials>>;
let globex: Awaited<ReturnType<typeof makeTenantWithCredentials>>;
const keys = { analyst: "", admin: "", manager: "", demoted: "", foreign: "", revoked: "" };
let ids: Ids;
let foreignIds: Ids;

beforeAll(async () => {
  acme = await makeTenantWithCredentials("acme");
  globex = await makeTenantWithCredentials("globex");
  keys.analyst = (await member(acme.tenant.slug, "analyst", "Ana")).key;
  keys.admin = (await member(acme.tenant.slug, "admin", "Ada")).key;
  keys.manager = (await member(acme.tenant.slug, "manager", "Max")).key;
  // An analyst key made for a user who is only a manager: it can never do more than its user.
  keys.demoted = (await member(acme.tenant.slug, "manager", "Dee", "analyst")).key;
  keys.foreign = (await member(globex.tenant.slug, "analyst", "Gus")).key;
  const revoked = await createApiKey({ tenant: acme.tenant.slug, role: "admin", name: "revoked" });
  await revokeCredential("api-key", acme.tenant.id, revoked.id);
  keys.revoked = revoked.secret;

  await ingest(acme.agentToken, [
    detection("m1", "acme_miner", "2026-11-20T10:00:00Z"),
    detection("m2", "acme_miner", "2026-11-20T10:05:00Z"),
    detection("s1", "acme_shell", "2026-11-20T10:02:00Z", "/bin/sh"),
  ]);
  await ingest(globex.agentToken, [detection("g1", "globex_miner", "2026-11-20T10:00:00Z")]);
  const issue = await issueId(acme.tenant.id, "acme_miner");
  const comment = await createIssueComment(keys.analyst, issue);
  expect(comment.status).toBe(201);
  ids = { issue, event: await eventId(acme.tenant.id, "m1"), comment: comment.body.id };
  const gIssue = await issueId(globex.tenant.id, "globex_miner");
  const gComment = await createIssueComment(keys.foreign, gIssue);
  foreignIds = { issue: gIssue, event: await eventId(globex.tenant.id, "g1"), comment: gComment.body.id };
});

describe("who may call the issues API", () => {
  it("covers every route and method of the triage API", () => {
    // A route or method added without a row in this matrix fails here.
    const exported = TRIAGE_ROUTE_FILES.flatMap((file) => {
      const route = "/" + path.relative(API_DIR, path.dirname(file)).split(path.sep).join("/").replace(/\[(\w+)\]/g, "{$1}");
      const methods = [...readFileSync(file, "utf8").matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]);
      return methods.map((m) => `${m} ${route}`);
    });
    expect(exported.sort()).toEqual(CASES.map((c) => c.name).sort());
  });

  it.each(CASES.map((c) => [c.name, c] as const))("%s: no credentials is a 401", async (_, c) => {
    expectProblem(await valid(c, undefined, ids), 401, c.name);
  });

  it.each(CASES.map((c) => [c.name, c] as const))("%s: an unknown or revoked key is a 401", async (_, c) => {
    expectProblem(await valid(c, "vgl_key_unknown", ids), 401, c.name);
    expectProblem(await valid(c, keys.revoked, ids), 401, c.name);
  });

  it.each(CASES.map((c) => [c.name, c] as const))("%s: an agent token is a 403", async (_, c) => {
    expectProblem(await valid(c, acme.agentToken, ids), 403, c.name);
  });

  it.each(READS.map((c) => [c.name, c] as const))("%s: a manager reads (200)", async (_, c) => {
    const res = await valid(c, keys.manager, ids);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });

  it.each(WRITES.map((c) => [c.name, c] as const))("%s: a manager may not write (403), nor an analyst key of a manager", async (_, c) => {
    const before = await footprint(acme.tenant.id);
    expectProblem(await valid(c, keys.manager, ids), 403, c.name);
    expectProblem(await valid(c, keys.demoted, ids), 403, c.name);
    expect(await footprint(acme.tenant.id)).toEqual(before);
  });

  it.each(CASES.flatMap((c) => (["analyst", "admin"] as const).map((role) => [c.name, role, c] as const)))(
    "%s: an %s succeeds",
    async (_, role, c) => {
      const res = await valid(c, keys[role], ids);
      expect(res.status, JSON.stringify(res.body)).toBe(c.okStatus);
      if (c.okStatus !== 204) expect(res.type).toMatch(/^application\/json/);
    },
  );
});

describe("another tenant's ids and ids that name nothing", () => {
  it.each(WITH_ID.map((c) => [c.name, c] as const))("%s: another tenant's id is a 404, and changes nothing", async (_, c) => {
    const before = await footprint(acme.tenant.id);
    const res = await valid(c, keys.foreign, ids);
    expectProblem(res, 404, c.name);
    expect(res.body.detail).not.toMatch(/tenant|forbidden/i);
    expect(await footprint(acme.tenant.id)).toEqual(before);
    // The same caller reaches its own tenant's.
    const own = await valid(c, keys.foreign, foreignIds);
    expect(own.status, JSON.stringify(own.body)).toBe(c.okStatus);
  });

  const BAD_IDS = ["abc", "0", "-1", "1.5", "1e3", "0x1F", "99999999999999999999", "9223372036854775808", " 1"];
  it.each(WITH_ID.filter((c) => c.idKind !== "comment").map((c) => [c.name, c] as const))("%s: an id that is not an id is a 404", async (_, c) => {
    for (const bad of BAD_IDS) {
      const res = await send(c, keys.analyst, { ...ids, [c.idKind!]: bad }, { body: c.body ? await c.body(keys.analyst, ids) : undefined });
      expectProblem(res, 404, `${c.name} ${bad}`);
    }
    const unknown = await send(c, keys.analyst, { ...ids, [c.idKind!]: "987654321" }, { body: c.body ? await c.body(keys.analyst, ids) : undefined });
    expectProblem(unknown, 404, `${c.name} unknown`);
  });

  it.each(CASES.filter((c) => c.idKind === "comment").map((c) => [c.name, c] as const))("%s: a comment id that is not one is a 404", async (_, c) => {
    for (const bad of ["abc", "12", "00000000-0000-0000-0000-000000000000", "6f1c8a52-1b7e-4c8e-9a6b-0d9f1e2a3b4c"]) {
      const res = await send(c, keys.analyst, { ...ids, comment: bad }, { body: c.body ? await c.body(keys.analyst, ids) : undefined });
      expectProblem(res, 404, `${c.name} ${bad}`);
    }
  });

  it("keeps bulk assessment inside the caller's tenant", async () => {
    const before = await footprint(acme.tenant.id);
    const events = await send(byName("POST /events/assessment/bulk"), keys.foreign, ids, {
      body: { search: { query: "type:acme_miner", ...RANGE }, assessment: { enableFlags: ["followup"] } },
    });
    expect(events.body).toEqual({ dryRun: false, successes: 0, failures: [] });
    const issues = await send(byName("POST /issues/assessment/bulk"), keys.foreign, ids, {
      body: { search: { q: "acme" }, assessment: { enableFlags: ["followup"] } },
    });
    expect(issues.body).toEqual({ dryRun: false, successes: 0, failures: [] });
    expect(await footprint(acme.tenant.id)).toEqual(before);
    // Nor can an event be moved into another tenant's issue.
    const moved = await send(byName("POST /events/assessment/bulk"), keys.foreign, ids, {
      body: { search: { query: "type:globex_miner", ...RANGE }, assessment: { associateIssue: ids.issue } },
    });
    expectProblem(moved, 400, "associateIssue into another tenant");
    expect(fieldOf(moved.body)).toBe("associateIssue");
  });

  it("lists another tenant's issues nowhere in the queue", async () => {
    const res = await send(byName("GET /issues"), keys.foreign, ids, { query: { limit: "500" } });
    expect(res.body.data.map((i: { id: string }) => i.id)).toEqual([foreignIds.issue]);
    expect(res.body.total).toBe(1);
  });

  it("lists only the issue's own events, whatever its events query says", async () => {
    // q is a query of the issue's events: it must not widen the search past the issue.
    const c = byName("GET /issues/{id}/events");
    const shell = await eventId(acme.tenant.id, "s1");
    const plain = await send(c, keys.analyst, ids);
    expect(plain.body.data.map((e: { id: string }) => e.id).sort()).toEqual([ids.event, await eventId(acme.tenant.id, "m2")].sort());
    for (const q of ["kind:detections) OR (kind:detections", "x) OR (type:acme_shell", "type:acme_shell"]) {
      const res = await send(c, keys.analyst, ids, { query: { q } });
      const found = res.status === 200 ? res.body.data.map((e: { id: string }) => e.id) : [];
      expect(found, `q=${q} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`).not.toContain(shell);
      expect(res.status).not.toBe(500);
    }
  });
});

describe("malformed requests are 400s, 413s and 415s, never 500s", () => {
  it.each(WITH_BODY.map((c) => [c.name, c] as const))("%s: malformed JSON, or JSON that is not an object, is a 400 naming body", async (_, c) => {
    for (const raw of ['{"enableFlags": [', "", "[]", "null", '"text"', "42"]) {
      const res = await send(c, keys.analyst, ids, { body: raw });
      expectProblem(res, 400, `${c.name} ${JSON.stringify(raw)}`);
      expect(fieldOf(res.body)).toBe("body");
    }
  });

  it.each(WITH_BODY.map((c) => [c.name, c] as const))("%s: a body that is not JSON is a 415", async (_, c) => {
    const body = JSON.stringify(await c.body!(keys.analyst, ids));
    expectProblem(await send(c, keys.analyst, ids, { body, contentType: "text/plain" }), 415, c.name);
    expectProblem(await send(c, keys.analyst, ids, { body, contentType: "application/x-www-form-urlencoded" }), 415, c.name);
    expectProblem(await send(c, keys.analyst, ids, { body, contentType: null }), 415, c.name);
  });

  it.each(WITH_BODY.map((c) => [c.name, c] as const))("%s: a body larger than 64 KiB is a 413", async (_, c) => {
    expectProblem(await send(c, keys.analyst, ids, { body: { body: "x".repeat(70_000) } }), 413, c.name);
  });

  const WRONG: [string, unknown, string][] = [
    ["PATCH /issues/{id}", { status: 5, version: 1 }, "status"],
    ["PATCH /issues/{id}", { status: "snoozed", version: 1 }, "status"],
    ["PATCH /issues/{id}", { priority: "P1", version: "1" }, "version"],
    ["PATCH /issues/{id}", { priority: "P1", version: 2_147_483_648 }, "version"],
    ["PATCH /issues/{id}", { priority: "P9", version: 1 }, "priority"],
    ["PATCH /issues/{id}", { assigneeId: 7, version: 1 }, "assigneeId"],
    ["PATCH /issues/{id}", { closeReason: "bored", status: "closed", version: 1 }, "closeReason"],
    ["PATCH /issues/{id}", { priority: "P1", version: 1, owner: "me" }, "owner"],
    ["PATCH /issues/{id}", { version: 1 }, "status"],
    ["POST /issues/{id}/assessment", { enableFlags: "followup" }, "enableFlags"],
    ["POST /issues/{id}/assessment", { enableFlags: [7] }, "enableFlags.0"],
    ["POST /issues/{id}/assessment", { newSeverity: "extreme" }, "newSeverity"],
    ["POST /issues/{id}/assessment", { handledByAnalyst: "yes" }, "handledByAnalyst"],
    ["POST /issues/{id}/assessment", { comment: 5 }, "comment"],
    ["POST /issues/{id}/assessment", { comment: "a\u0000b" }, "comment"],
    ["POST /issues/{id}/assessment", { enableFlags: ["followup"], version: -1 }, "version"],
    ["POST /issues/{id}/assessment", { flags: ["followup"] }, "flags"],
    ["POST /issues/{id}/comments", { body: 5 }, "body"],
    ["POST /issues/{id}/comments", { body: "x".repeat(20_001) }, "body"],
    ["POST /issues/{id}/comments", { body: "hi", pinned: true }, "pinned"],
    ["POST /issues/assessment/bulk", { search: { status: "open" }, assessment: { enableFlags: ["followup"] } }, "search.status"],
    ["POST /issues/assessment/bulk", { search: { limit: 5 }, assessment: { enableFlags: ["followup"] } }, "search.limit"],
    ["POST /issues/assessment/bulk", { search: {}, assessment: "followup" }, "assessment"],
    ["POST /issues/assessment/bulk", { search: {}, assessment: { enableFlags: ["followup"] }, dryRun: "yes" }, "dryRun"],
    ["POST /issues/assessment/bulk", { assessment: { enableFlags: ["followup"] } }, "search"],
    ["POST /issues/stats", { groupBy: [{ field: "hostname" }] }, "groupBy.0.field"],
    ["POST /issues/stats", { groupBy: [{ field: "status", limit: 0 }] }, "groupBy.0.limit"],
    ["POST /issues/stats", { timeRangeMetrics: [{ name: "x", from: "last week" }] }, "timeRangeMetrics.0.from"],
    ["POST /events/{id}/assessment", { enableFlags: [5] }, "enableFlags.0"],
    ["POST /events/{id}/assessment", { associateIssue: 12 }, "associateIssue"],
    ["POST /events/{id}/assessment", { associateIssue: "abc" }, "associateIssue"],
    ["POST /events/{id}/assessment", { newSeverity: 3 }, "newSeverity"],
    ["POST /events/{id}/comments", { body: ["x"] }, "body"],
    ["POST /events/{id}/comments", { body: "   " }, "body"],
    ["POST /events/assessment/bulk", { search: { query: 5 }, assessment: { enableFlags: ["followup"] } }, "search.query"],
    ["POST /events/assessment/bulk", { search: { sort: "name" }, assessment: { enableFlags: ["followup"] } }, "search.sort"],
    ["POST /events/assessment/bulk", { search: { query: "type:(" , ...RANGE }, assessment: { enableFlags: ["followup"] } }, "query"],
    ["POST /events/assessment/bulk", { search: { ...RANGE }, assessment: { enableFlags: ["followup"] }, dryRun: 1 }, "dryRun"],
    ["POST /events/assessment/bulk", { search: { ...RANGE }, assessment: { enableFlags: ["followup"], disableFlags: ["followup"] } }, "disableFlags"],
    ["PATCH /comments/{id}", { body: 5 }, "body"],
    ["PATCH /comments/{id}", { body: "x", version: "2" }, "version"],
  ];
  const short = (body: unknown) => JSON.stringify(body).replace(/x{20,}/g, (m) => `x×${m.length}`);
  it.each(WRONG.map(([name, body, field]) => [name, short(body), field, body] as const))("%s with %s is a 400 naming %s", async (name, _, field, body) => {
    const c = byName(name);
    const use = c.prepare ? await c.prepare(keys.analyst, ids) : ids;
    const res = await send(c, keys.analyst, use, { body });
    expectProblem(res, 400, `${name} ${JSON.stringify(body)}`);
    expect(fieldOf(res.body) ?? res.body.detail).toBe(field);
  });

  // An issue id of 19 digits passes the shape check but does not fit a bigint.
  it.each([
    ["POST /events/assessment/bulk", { search: { query: "type:acme_shell", ...RANGE }, assessment: { associateIssue: "9999999999999999999" } }, "assessment.associateIssue"],
    ["POST /events/assessment/bulk", { search: { query: "type:acme_shell", ...RANGE }, assessment: { disassociateIssue: "9223372036854775808" } }, "assessment.disassociateIssue"],
    ["POST /events/{id}/assessment", { associateIssue: "9999999999999999999" }, "associateIssue"],
  ] as const)("%s with %j is a 400 naming %s, not a 500", async (name, body, field) => {
    const res = await send(byName(name), keys.analyst, ids, { body });
    expectProblem(res, 400, `${name} ${JSON.stringify(body)}`);
    expect(fieldOf(res.body)).toBe(field);
  });

  it.each(["PATCH /issues/{id}", "POST /issues/{id}/assessment", "POST /events/{id}/assessment", "PATCH /comments/{id}"])(
    "%s: an If-Match that is not a version is a 400 naming If-Match",
    async (name) => {
      const c = byName(name);
      // "0" is a version (an event's before its first assessment): a conflict, not a 400.
      for (const header of ["abc", '"-1"', '"99999999999"', "1, 2"]) {
        const res = await valid(c, keys.analyst, ids, { headers: { "if-match": header } });
        expectProblem(res, 400, `${name} If-Match ${header}`);
        expect(fieldOf(res.body)).toBe("If-Match");
      }
    },
  );

  const BAD_QUERIES: [string, Record<string, string>, string][] = [
    ["GET /issues", { limit: "abc" }, "limit"],
    ["GET /issues", { limit: "501" }, "limit"],
    ["GET /issues", { severity: "extreme" }, "severity.0"],
    ["GET /issues", { assignee: "somebody" }, "assignee.0"],
    ["GET /issues", { flags: "superBad" }, "flags.0"],
    ["GET /issues", { priority: "P0" }, "priority.0"],
    ["GET /issues", { from: "yesterday" }, "from"],
    ["GET /issues", { q: "a\u0000b" }, "q"],
    ["GET /issues", { sort: "title" }, "sort"],
    ["GET /issues", { cursor: "eyJub3QiOiJhIGN1cnNvciJ9" }, "cursor"],
    ["GET /issues/{id}/events", { limit: "0" }, "limit"],
    ["GET /issues/{id}/events", { sort: "-title" }, "sort"],
    ["GET /issues/{id}/events", { q: "type:(" }, "query"],
    ["GET /issues/{id}/events", { cursor: "garbage" }, "cursor"],
    ["GET /issues/{id}/events", { page: "2" }, "page"],
    ["GET /issues/{id}/lineage", { cursor: "abc" }, "cursor"],
    ["GET /issues/{id}/lineage", { limit: "9999" }, "limit"],
  ];
  it.each(BAD_QUERIES)("%s?%j is a 400 naming %s", async (name, query, field) => {
    const res = await send(byName(name), keys.analyst, ids, { query });
    expectProblem(res, 400, `${name} ${JSON.stringify(query)}`);
    expect(fieldOf(res.body) ?? res.body.detail).toBe(field);
  });

  it("refuses every route to the key of a user who was disabled (401)", async () => {
    const email = `leaver-${randomBytes(3).toString("hex")}@example.test`;
    await createUser({ email, password: "test-passphrase-123", name: "Leaver", tenant: acme.tenant.slug, role: "analyst" });
    const key = (await createApiKey({ tenant: acme.tenant.slug, role: "analyst", name: "leaver", userEmail: email })).secret;
    expect((await valid(byName("GET /issues"), key, ids)).status).toBe(200);
    await prisma.user.update({ where: { email }, data: { disabledAt: new Date() } });
    for (const c of CASES) expectProblem(await valid(c, key, ids), 401, `${c.name} disabled user`);
  });
});
