import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { POST as ingestRoute } from "../../app/api/v1/ingest/[format]/route";
import { GET as listRoute } from "../../app/api/v1/issues/route";
import { GET as getIssueRoute, PATCH as patchIssueRoute } from "../../app/api/v1/issues/[id]/route";
import { POST as assessIssueRoute } from "../../app/api/v1/issues/[id]/assessment/route";
import { GET as issueCommentsRoute, POST as createIssueCommentRoute } from "../../app/api/v1/issues/[id]/comments/route";
import { GET as issueLineageRoute } from "../../app/api/v1/issues/[id]/lineage/route";
import { POST as bulkIssuesRoute } from "../../app/api/v1/issues/assessment/bulk/route";
import { GET as eventAssessmentRoute, POST as assessEventRoute } from "../../app/api/v1/events/[id]/assessment/route";
import { GET as eventCommentsRoute, POST as createEventCommentRoute } from "../../app/api/v1/events/[id]/comments/route";
import { POST as bulkEventsRoute } from "../../app/api/v1/events/assessment/bulk/route";
import { DELETE as deleteCommentRoute, PATCH as patchCommentRoute } from "../../app/api/v1/comments/[id]/route";
import { createApiKey, createUser } from "../admin/accounts";
import { pool } from "../db";
import { callRoute, type Body, type Res } from "../../test-support/route-call";
import { withTestDatabase } from "../../test-support/test-db";
import { garnetEvent, ingestRequest, makeTenantWithCredentials, routeParams } from "../../test-support/ingest-fixtures";
import { ISSUE_SORTS, SYSTEM_FLAGS, type IssueDetail, type IssueListItem, type IssueSort } from "./types";

withTestDatabase();

// ---------------------------------------------------------------------------------------------
// Calling the route handlers directly, as the API clients do.


const call = callRoute;

const api = {
  list: (token: string, query: Record<string, string> = {}) => call(listRoute, "GET", `/issues?${new URLSearchParams(query)}`, { token }),
  get: (token: string, id: string) => call(getIssueRoute, "GET", `/issues/${id}`, { token, params: { id } }),
  patch: (token: string, id: string, body: unknown, headers?: Record<string, string>) =>
    call(patchIssueRoute, "PATCH", `/issues/${id}`, { token, body, headers, params: { id } }),
  assess: (token: string, id: string, body: unknown, headers?: Record<string, string>) =>
    call(assessIssueRoute, "POST", `/issues/${id}/assessment`, { token, body, headers, params: { id } }),
  lineage: (token: string, id: string) => call(issueLineageRoute, "GET", `/issues/${id}/lineage`, { token, params: { id } }),
  issueComments: (token: string, id: string) => call(issueCommentsRoute, "GET", `/issues/${id}/comments`, { token, params: { id } }),
  commentIssue: (token: string, id: string, body: unknown) => call(createIssueCommentRoute, "POST", `/issues/${id}/comments`, { token, body, params: { id } }),
  eventComments: (token: string, id: string) => call(eventCommentsRoute, "GET", `/events/${id}/comments`, { token, params: { id } }),
  commentEvent: (token: string, id: string, body: unknown) => call(createEventCommentRoute, "POST", `/events/${id}/comments`, { token, body, params: { id } }),
  editComment: (token: string, id: string, body: unknown) => call(patchCommentRoute, "PATCH", `/comments/${id}`, { token, body, params: { id } }),
  deleteComment: (token: string, id: string) => call(deleteCommentRoute, "DELETE", `/comments/${id}`, { token, params: { id } }),
  eventAssessment: (token: string, id: string) => call(eventAssessmentRoute, "GET", `/events/${id}/assessment`, { token, params: { id } }),
  assessEvent: (token: string, id: string, body: unknown, headers?: Record<string, string>) =>
    call(assessEventRoute, "POST", `/events/${id}/assessment`, { token, body, headers, params: { id } }),
  bulkEvents: (token: string, body: unknown) => call(bulkEventsRoute, "POST", `/events/assessment/bulk`, { token, body }),
  bulkIssues: (token: string, body: unknown) => call(bulkIssuesRoute, "POST", `/issues/assessment/bulk`, { token, body }),
};

/** The field a 400 names: zod's `errors[0].field`, or a domain error's `field`. */
function fieldOf(body: Body): string | undefined {
  return body?.errors?.[0]?.field ?? body?.field;
}

function expectProblem(res: Res, status: number, field?: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.type).toBe("application/problem+json");
  if (field !== undefined) expect(fieldOf(res.body)).toBe(field);
}

function ok(res: Res, status = 200): Body {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body;
}

// ---------------------------------------------------------------------------------------------
// Tenants, people and events: every test makes its own tenant.

async function member(tenant: string, role: "admin" | "analyst" | "manager", name: string) {
  const email = `${name.toLowerCase()}-${randomBytes(3).toString("hex")}@example.test`;
  const user = await createUser({ email, password: "test-passphrase-123", name, tenant, role });
  const key = await createApiKey({ tenant, role, name: `${name} key`, userEmail: email });
  return { id: user.id, email, key: key.secret };
}

async function workspace(label: string) {
  const t = await makeTenantWithCredentials(label);
  const [ana, bob] = await Promise.all([member(t.tenant.slug, "analyst", "Ana"), member(t.tenant.slug, "analyst", "Bob")]);
  return { ...t, ana, bob };
}

type Workspace = Awaited<ReturnType<typeof workspace>>;

async function ingest(token: string, items: unknown[]) {
  const res = await ingestRoute(ingestRequest("garnet", JSON.stringify(items), { token }), routeParams({ format: "garnet" }));
  expect(res.status).toBe(200);
}

const AGENT_2 = { id: "agent-2", hostname: "runner-2", os: "linux", arch: "amd64", version: "2.1.0" };

function detection(id: string, type: string, iso: string, opts: { importance?: string; exe?: string; agent?: typeof AGENT_2 } = {}) {
  return garnetEvent(id, {
    created_at: iso,
    updated_at: iso,
    ...(opts.agent && { agent: opts.agent }),
    data: { head: { name: type, importance: opts.importance ?? "high" }, process: { exe: opts.exe ?? "/tmp/xmrig", pid: 42 } },
  });
}

async function eventId(tenantId: string, sourceId: string): Promise<string> {
  const res = await pool().query(`SELECT id::text FROM events WHERE tenant_id = $1 AND event_key = $2`, [tenantId, `garnet:id:${sourceId}`]);
  if (!res.rows[0]) throw new Error(`no event ${sourceId}`);
  return res.rows[0].id;
}

/** The ids of the tenant's issues of this type, oldest first. */
async function issueIds(tenantId: string, type: string): Promise<string[]> {
  const res = await pool().query(`SELECT id::text FROM issues WHERE tenant_id = $1 AND type = $2 ORDER BY id`, [tenantId, type]);
  return res.rows.map((r) => r.id);
}

async function oneIssue(w: Workspace, type: string, events = 1, start = "2026-11-20T10:00:00Z"): Promise<string> {
  const t0 = Date.parse(start);
  await ingest(w.agentToken, Array.from({ length: events }, (_, i) => detection(`${type}-${i}`, type, new Date(t0 + i * 60_000).toISOString())));
  const [id] = await issueIds(w.tenant.id, type);
  return id;
}

async function lineageActions(token: string, id: string): Promise<{ action: string; details: Body }[]> {
  return ok(await api.lineage(token, id)).data.map((e: Body) => ({ action: e.action, details: e.details }));
}

const RANGE = { from: "2026-11-19T00:00:00Z", to: "2026-11-22T00:00:00Z" };

// ---------------------------------------------------------------------------------------------

describe("assessment requests that are refused", () => {
  it("refuses a flag both enabled and disabled, naming disableFlags, for issues and events alike", async () => {
    const w = await workspace("as-overlap");
    const id = await oneIssue(w, "overlap");
    const ev = await eventId(w.tenant.id, "overlap-0");
    const both = { enableFlags: ["followup", "tuningCandidate"], disableFlags: ["tuningCandidate"] };
    const res = await api.assess(w.analystKey, id, both);
    expectProblem(res, 400, "disableFlags");
    expect(res.body.detail).toContain("tuningCandidate");
    expectProblem(await api.assessEvent(w.analystKey, ev, both), 400, "disableFlags");
    // Nothing was applied.
    expect(ok(await api.get(w.analystKey, id))).toMatchObject({ flags: [], version: 1 });
    expect(ok(await api.eventAssessment(w.analystKey, ev))).toMatchObject({ flags: [], version: 0 });
  });

  it.each(SYSTEM_FLAGS)("refuses the system flag %s set or cleared by hand, naming its position", async (flag) => {
    const w = await workspace("as-system");
    const id = await oneIssue(w, "sysflag");
    const ev = await eventId(w.tenant.id, "sysflag-0");
    const enabled = await api.assess(w.analystKey, id, { enableFlags: [flag] });
    expectProblem(enabled, 400, "enableFlags.0");
    expect(enabled.body.detail).toContain(flag);
    expect(enabled.body.detail).not.toMatch(/unknown/i); // refused as Vigil's own flag, not as an unknown one
    expectProblem(await api.assess(w.analystKey, id, { disableFlags: [flag] }), 400, "disableFlags.0");
    expectProblem(await api.assess(w.analystKey, id, { enableFlags: ["followup", flag] }), 400, "enableFlags.1");
    expectProblem(await api.assessEvent(w.analystKey, ev, { enableFlags: [flag] }), 400, "enableFlags.0");
    expect(ok(await api.get(w.analystKey, id))).toMatchObject({ flags: [], version: 1 });
  });

  it("refuses an unknown flag, an assessment that changes nothing, and associating on an issue", async () => {
    const w = await workspace("as-misc");
    const id = await oneIssue(w, "misc");
    const other = await oneIssue(w, "misc_other");

    const unknown = await api.assess(w.analystKey, id, { enableFlags: ["superBad"] });
    expectProblem(unknown, 400, "enableFlags.0");
    expect(unknown.body.detail).toContain("superBad");
    expectProblem(await api.assess(w.analystKey, id, { disableFlags: ["acknowledged", "nope"] }), 400, "disableFlags.1");

    expectProblem(await api.assess(w.analystKey, id, {}), 400, "body");
    expectProblem(await api.assess(w.analystKey, id, { enableFlags: [], disableFlags: [], comment: "   ", handledByAnalyst: false }), 400, "body");

    expectProblem(await api.assess(w.analystKey, id, { associateIssue: other }), 400, "associateIssue");
    expectProblem(await api.assess(w.analystKey, id, { disassociateIssue: id, enableFlags: ["followup"] }), 400, "disassociateIssue");

    expect(ok(await api.get(w.analystKey, id))).toMatchObject({ flags: [], version: 1 });
    expect((await lineageActions(w.analystKey, id)).map((e) => e.action)).toEqual(["created"]);
  });
});

describe("assessing an issue", () => {
  it("turns partiallyAcknowledged when events arrive after the acknowledgement, and acknowledging again clears it", async () => {
    const w = await workspace("as-ack");
    const id = await oneIssue(w, "ack");
    const acked: IssueDetail = ok(await api.assess(w.analystKey, id, { enableFlags: ["acknowledged"] }));
    expect(acked.flags).toEqual(["acknowledged"]);
    expect(acked.acknowledgedAt).not.toBeNull();

    await ingest(w.agentToken, [detection("ack-late", "ack", "2026-11-20T10:30:00Z")]);
    const partial: IssueDetail = ok(await api.get(w.analystKey, id));
    expect(partial.eventCount).toBe(2);
    expect(partial.flags).toEqual(["acknowledged", "partiallyAcknowledged"]);

    const again: IssueDetail = ok(await api.assess(w.analystKey, id, { enableFlags: ["acknowledged"] }));
    expect(again.flags).toEqual(["acknowledged"]);
    expect(again.version).toBe(partial.version + 1);

    // Dropping the acknowledgement clears a partial one too.
    await ingest(w.agentToken, [detection("ack-later", "ack", "2026-11-20T10:40:00Z")]);
    expect(ok(await api.get(w.analystKey, id)).flags).toEqual(["acknowledged", "partiallyAcknowledged"]);
    expect(ok(await api.assess(w.analystKey, id, { disableFlags: ["acknowledged"] })).flags).toEqual([]);
  });

  it("marks an issue an analyst handled as reassessed on the next assessment, and not before", async () => {
    const w = await workspace("as-reassess");
    const id = await oneIssue(w, "handled");
    const handled: IssueDetail = ok(await api.assess(w.analystKey, id, { handledByAnalyst: true, enableFlags: ["falsePositive"] }));
    expect(handled.flags).toEqual(["falsePositive", "handledByAnalyst"]);
    const again: IssueDetail = ok(await api.assess(w.analystKey, id, { disableFlags: ["falsePositive"], enableFlags: ["notAThreat"] }));
    expect(again.flags).toEqual(["handledByAnalyst", "notAThreat", "reassessed"]);
  });

  it("sets the severity with newSeverity (severityAdjusted) and gives it back to the events with null", async () => {
    const w = await workspace("as-sev");
    const id = await oneIssue(w, "sev");
    expect(ok(await api.get(w.analystKey, id))).toMatchObject({ severity: "high", eventSeverity: "high", severityAdjusted: false });

    const raised: IssueDetail = ok(await api.assess(w.analystKey, id, { newSeverity: "critical" }));
    expect(raised).toMatchObject({ severity: "critical", eventSeverity: "high", severityAdjusted: true });
    expect(raised.flags).toContain("severityAdjusted");
    expect((await api.list(w.analystKey, { severity: "critical" })).body.data.map((i: IssueListItem) => i.id)).toEqual([id]);

    // A more severe event does not override the analyst's severity.
    await ingest(w.agentToken, [detection("sev-low", "sev", "2026-11-20T10:10:00Z", { importance: "low" })]);
    expect(ok(await api.get(w.analystKey, id))).toMatchObject({ severity: "critical", eventSeverity: "high" });

    const cleared: IssueDetail = ok(await api.assess(w.analystKey, id, { newSeverity: null }));
    expect(cleared).toMatchObject({ severity: "high", severityAdjusted: false });
    expect(cleared.flags).not.toContain("severityAdjusted");

    const entries = (await lineageActions(w.analystKey, id)).filter((e) => e.action === "assessed");
    expect(entries.map((e) => e.details.severity)).toEqual([{ before: "high", after: "critical" }, { before: "critical", after: "high" }]);
  });

  it("marks a commented assessment and keeps the comment in its lineage entry", async () => {
    const w = await workspace("as-comment");
    const id = await oneIssue(w, "commented");
    const res: IssueDetail = ok(await api.assess(w.analystKey, id, { comment: "  Seen on **runner-1** only  ", enableFlags: ["followup"] }));
    expect(res.flags).toEqual(["commented", "followup"]);
    const [entry] = (await lineageActions(w.analystKey, id)).filter((e) => e.action === "assessed");
    expect(entry.details).toMatchObject({ comment: "Seen on **runner-1** only", enableFlags: ["commented", "followup"], disableFlags: [] });
  });

  it("writes exactly one 'assessed' lineage entry per assessment, with the flags it enabled and disabled", async () => {
    const w = await workspace("as-lineage");
    const id = await oneIssue(w, "lineage");
    ok(await api.assess(w.analystKey, id, { enableFlags: ["followup", "tuningCandidate"] }));
    ok(await api.assess(w.analystKey, id, { enableFlags: ["identifiedThreat"], disableFlags: ["followup"] }));
    ok(await api.assess(w.analystKey, id, { disableFlags: ["notAThreat"] })); // not set: enables and disables nothing
    const entries = (await lineageActions(w.analystKey, id)).filter((e) => e.action === "assessed");
    expect(entries).toHaveLength(3);
    expect(entries.map((e) => [e.details.enableFlags, e.details.disableFlags])).toEqual([
      [["followup", "tuningCandidate"], []],
      [["identifiedThreat"], ["followup"]],
      [[], []],
    ]);
    const rows = await pool().query(`SELECT count(*)::int AS n FROM lineage_entries WHERE tenant_id = $1 AND subject_type = 'issue' AND action = 'assessed'`, [w.tenant.id]);
    expect(rows.rows[0].n).toBe(3);
  });

  it("applies an assessment only at the version given (If-Match or body), else 409 with the issue as it is now", async () => {
    const w = await workspace("as-version");
    const id = await oneIssue(w, "asver");
    ok(await api.assess(w.analystKey, id, { enableFlags: ["followup"], version: 1 }));
    const stale = await api.assess(w.analystKey, id, { enableFlags: ["falsePositive"] }, { "if-match": '"1"' });
    expectProblem(stale, 409);
    expect(stale.body.current).toMatchObject({ id, version: 2, flags: ["followup"] });
    expect(ok(await api.assess(w.analystKey, id, { enableFlags: ["falsePositive"] }, { "if-match": 'W/"2"' })).version).toBe(3);
  });
});

describe("PATCH /api/v1/issues/{id}", () => {
  it("refuses a stale version with 409 carrying the current issue; If-Match works like the body's version", async () => {
    const w = await workspace("patch-ver");
    const id = await oneIssue(w, "patchver");
    const first: IssueDetail = ok(await api.patch(w.analystKey, id, { priority: "P1", version: 1 }));
    expect(first).toMatchObject({ priority: "P1", version: 2 });

    const stale = await api.patch(w.analystKey, id, { priority: "P2", version: 1 });
    expectProblem(stale, 409);
    expect(stale.body.current).toMatchObject({ id, version: 2, priority: "P1" });

    const staleHeader = await api.patch(w.analystKey, id, { priority: "P2" }, { "if-match": '"1"' });
    expectProblem(staleHeader, 409);
    expect(staleHeader.body.current.version).toBe(2);

    // The header wins over the body.
    expect(ok(await api.patch(w.analystKey, id, { priority: "P2", version: 1 }, { "if-match": '"2"' }))).toMatchObject({ priority: "P2", version: 3 });
    expectProblem(await api.patch(w.analystKey, id, { priority: "P4" }), 400, "version");
    expect(ok(await api.get(w.analystKey, id))).toMatchObject({ priority: "P2", version: 3 });
  });

  it("resolves only with a close reason, stops taking events, and reopens clean", async () => {
    const w = await workspace("patch-resolve");
    const id = await oneIssue(w, "resolve");
    expectProblem(await api.patch(w.analystKey, id, { status: "resolved", version: 1 }), 400, "closeReason");
    expectProblem(await api.patch(w.analystKey, id, { status: "closed", version: 1 }), 400, "closeReason");
    expectProblem(await api.patch(w.analystKey, id, { status: "in_progress", closeReason: "duplicate", version: 1 }), 400, "closeReason");

    const resolved: IssueDetail = ok(await api.patch(w.analystKey, id, { status: "resolved", closeReason: "true_positive", version: 1 }));
    expect(resolved).toMatchObject({ status: "resolved", closeReason: "true_positive", acceptsEvents: false, version: 2 });
    expect(resolved.resolvedAt).not.toBeNull();
    const row = await pool().query(`SELECT accepts_events FROM issues WHERE id = $1`, [id]);
    expect(row.rows[0].accepts_events).toBe(false);

    // Well inside the grouping window, yet it opens a new issue.
    await ingest(w.agentToken, [detection("resolve-late", "resolve", "2026-11-20T10:05:00Z")]);
    const ids = await issueIds(w.tenant.id, "resolve");
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(id);
    expect(ok(await api.get(w.analystKey, id)).eventCount).toBe(1);
    expect(ok(await api.get(w.analystKey, ids[1]))).toMatchObject({ status: "open", eventCount: 1, acceptsEvents: true });

    const reopened: IssueDetail = ok(await api.patch(w.analystKey, id, { status: "open", version: 2 }));
    expect(reopened).toMatchObject({ status: "open", closeReason: null, resolvedAt: null, version: 3 });
    // The newer issue keeps taking its fingerprint's events.
    expect(reopened.acceptsEvents).toBe(false);

    expect((await lineageActions(w.analystKey, id)).map((e) => e.action)).toEqual(["created", "resolved", "reopened"]);
    const [resolvedEntry] = (await lineageActions(w.analystKey, id)).filter((e) => e.action === "resolved");
    expect(resolvedEntry.details).toMatchObject({ before: { status: "open", closeReason: null }, after: { status: "resolved", closeReason: "true_positive" } });
  });

  it("takes events again when reopened while no newer issue of its fingerprint does", async () => {
    const w = await workspace("patch-reopen");
    const id = await oneIssue(w, "reopen");
    ok(await api.patch(w.analystKey, id, { status: "closed", closeReason: "false_positive", version: 1 }));
    expect(ok(await api.patch(w.analystKey, id, { status: "open", version: 2 }))).toMatchObject({ acceptsEvents: true, closeReason: null });
    await ingest(w.agentToken, [detection("reopen-late", "reopen", "2026-11-20T10:05:00Z")]);
    expect(await issueIds(w.tenant.id, "reopen")).toEqual([id]);
    expect(ok(await api.get(w.analystKey, id)).eventCount).toBe(2);
  });

  it("assigns members only, and writes 'assigned' to the lineage", async () => {
    const w = await workspace("patch-assign");
    const stranger = await workspace("patch-assign-other");
    const id = await oneIssue(w, "assign");
    expectProblem(await api.patch(w.analystKey, id, { assigneeId: stranger.ana.id, version: 1 }), 400, "assigneeId");
    expectProblem(await api.patch(w.analystKey, id, { assigneeId: "7b0c9ad2-5d0f-4d52-9d1e-3a0f5c1d2e3f", version: 1 }), 400, "assigneeId");
    expectProblem(await api.patch(w.analystKey, id, { assigneeId: "not-a-user", version: 1 }), 400, "assigneeId");

    const assigned: IssueDetail = ok(await api.patch(w.analystKey, id, { assigneeId: w.bob.id, version: 1 }));
    expect(assigned.assignee).toMatchObject({ id: w.bob.id, name: "Bob", email: w.bob.email });
    const unassigned: IssueDetail = ok(await api.patch(w.analystKey, id, { assigneeId: null, version: 2 }));
    expect(unassigned.assignee).toBeNull();
    const entries = (await lineageActions(w.analystKey, id)).filter((e) => e.action === "assigned");
    expect(entries.map((e) => [e.details.before.assignee, e.details.after.assignee])).toEqual([[null, w.bob.email], [w.bob.email, null]]);
  });

  it("lets exactly one of two concurrent PATCHes with the same version through", async () => {
    const w = await workspace("patch-race");
    const id = await oneIssue(w, "race");
    for (let round = 0; round < 5; round++) {
      const { version, priority, assignee } = ok(await api.get(w.analystKey, id));
      // Both change something, whichever won the round before.
      const results = await Promise.all([
        api.patch(w.ana.key, id, { priority: priority === "P1" ? "P2" : "P1", version }),
        api.patch(w.bob.key, id, { assigneeId: assignee?.id === w.ana.id ? w.bob.id : w.ana.id, version }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const loser = results.find((r) => r.status === 409)!;
      expect(loser.body.current.version).toBe(version + 1);
      expect(ok(await api.get(w.analystKey, id)).version).toBe(version + 1);
    }
  });

  it("lets exactly one of two concurrent assessments with the same version through", async () => {
    const w = await workspace("assess-race");
    const id = await oneIssue(w, "arace");
    const results = await Promise.all([
      api.assess(w.ana.key, id, { enableFlags: ["followup"], version: 1 }),
      api.assess(w.bob.key, id, { enableFlags: ["falsePositive"], version: 1 }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const issue: IssueDetail = ok(await api.get(w.analystKey, id));
    expect(issue.version).toBe(2);
    expect(issue.flags).toHaveLength(1);
  });
});

describe("assessing an event", () => {
  it("stores its flags, bumps its version, and shows the flags its issue applies", async () => {
    const w = await workspace("ev-flags");
    const id = await oneIssue(w, "evflags", 2);
    const ev = await eventId(w.tenant.id, "evflags-0");
    const untouched = await eventId(w.tenant.id, "evflags-1");

    const first = ok(await api.assessEvent(w.analystKey, ev, { enableFlags: ["followup"] }));
    expect(first).toMatchObject({ flags: ["followup"], version: 1, severity: null, issue: { id } });
    const second = ok(await api.assessEvent(w.analystKey, ev, { enableFlags: ["falsePositive"], newSeverity: "low" }));
    expect(second).toMatchObject({ flags: ["falsePositive", "followup", "severityAdjusted"], version: 2, severity: "low" });
    const third = ok(await api.assessEvent(w.analystKey, ev, { disableFlags: ["followup"], newSeverity: null }));
    expect(third).toMatchObject({ flags: ["falsePositive"], version: 3, severity: null });

    ok(await api.assess(w.analystKey, id, { enableFlags: ["acknowledged"] }));
    const view = ok(await api.eventAssessment(w.analystKey, ev));
    expect(view).toMatchObject({ flags: ["falsePositive"], inheritedFlags: ["acknowledged"], version: 3, issue: { id, flags: ["acknowledged"] } });
    expect(ok(await api.eventAssessment(w.analystKey, untouched))).toMatchObject({ flags: [], inheritedFlags: ["acknowledged"], version: 0 });

    // An event's assessment does not touch its issue.
    expect(ok(await api.get(w.analystKey, id)).flags).toEqual(["acknowledged"]);
    const logged = await pool().query(`SELECT count(*)::int AS n FROM lineage_entries WHERE subject_type = 'event' AND subject_id = $1 AND action = 'assessed'`, [ev]);
    expect(logged.rows[0].n).toBe(3);
  });

  it("checks the version sent (If-Match or body) against the event's assessment", async () => {
    const w = await workspace("ev-version");
    await oneIssue(w, "evver");
    const ev = await eventId(w.tenant.id, "evver-0");
    ok(await api.assessEvent(w.analystKey, ev, { enableFlags: ["followup"] }));
    const stale = await api.assessEvent(w.analystKey, ev, { enableFlags: ["falsePositive"] }, { "if-match": '"2"' });
    expectProblem(stale, 409);
    expect(stale.body.current).toMatchObject({ version: 1, flags: ["followup"] });
    expect(ok(await api.assessEvent(w.analystKey, ev, { enableFlags: ["falsePositive"], version: 1 })).version).toBe(2);
  });

  it("accepts back the version 0 it shows for an event never assessed", async () => {
    // GET answers version 0 for an unassessed event; a client echoing it (as for issues) must not get a 400.
    const w = await workspace("ev-version0");
    await oneIssue(w, "evver0");
    const ev = await eventId(w.tenant.id, "evver0-0");
    const view = ok(await api.eventAssessment(w.analystKey, ev));
    expect(view.version).toBe(0);
    const res = await api.assessEvent(w.analystKey, ev, { enableFlags: ["followup"], version: view.version });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ flags: ["followup"], version: 1 });
  });

  it("moves an event to another issue with associateIssue and recounts both issues", async () => {
    const w = await workspace("ev-assoc");
    const from = await oneIssue(w, "assoc_from", 3);
    const to = await oneIssue(w, "assoc_to", 1, "2026-11-20T09:00:00Z");
    const ev = await eventId(w.tenant.id, "assoc_from-2"); // the latest event of `from`

    const moved = ok(await api.assessEvent(w.analystKey, ev, { associateIssue: to }));
    expect(moved.issue).toMatchObject({ id: to });
    expect(ok(await api.get(w.analystKey, from))).toMatchObject({ eventCount: 2, lastSeenAt: "2026-11-20T10:01:00.000Z" });
    expect(ok(await api.get(w.analystKey, to))).toMatchObject({ eventCount: 2, firstSeenAt: "2026-11-20T09:00:00.000Z", lastSeenAt: "2026-11-20T10:02:00.000Z" });
    const links = await pool().query(`SELECT issue_id::text FROM issue_events WHERE event_id = $1`, [ev]);
    expect(links.rows).toEqual([{ issue_id: to }]);

    expect((await lineageActions(w.analystKey, to)).map((e) => e.action)).toContain("associated");
    expect((await lineageActions(w.analystKey, from)).map((e) => e.action)).toContain("disassociated");

    // Associating it again with the issue it is in changes nothing.
    ok(await api.assessEvent(w.analystKey, ev, { associateIssue: to }));
    expect(ok(await api.get(w.analystKey, to)).eventCount).toBe(2);
  });

  it("refuses to disassociate an event from an issue it is not in, and disassociates it from its own", async () => {
    const w = await workspace("ev-disassoc");
    const mine = await oneIssue(w, "dis_mine", 2);
    const other = await oneIssue(w, "dis_other");
    const ev = await eventId(w.tenant.id, "dis_mine-0");

    const refused = await api.assessEvent(w.analystKey, ev, { disassociateIssue: other, enableFlags: ["followup"] });
    expectProblem(refused, 400, "disassociateIssue");
    // The whole assessment was refused: the flag was not stored either.
    expect(ok(await api.eventAssessment(w.analystKey, ev))).toMatchObject({ flags: [], version: 0, issue: { id: mine } });
    expect(ok(await api.get(w.analystKey, other)).eventCount).toBe(1);

    expectProblem(await api.assessEvent(w.analystKey, ev, { associateIssue: "987654321" }), 400, "associateIssue");

    const out = ok(await api.assessEvent(w.analystKey, ev, { disassociateIssue: mine }));
    expect(out.issue).toBeNull();
    expect(ok(await api.get(w.analystKey, mine)).eventCount).toBe(1);
  });
});

// The same rules through the bulk route on one event's id: assessEventsWhere is shared, so these
// check the semantics even while the single-event route answers 500 (see "assessing an event").
describe("an event's assessment applied through a search of its id", () => {
  const byId = (token: string, ev: string, assessment: unknown) =>
    api.bulkEvents(token, { search: { query: `id:${ev}`, ...RANGE }, assessment });

  it("stores its flags, bumps its version, and shows the flags its issue applies", async () => {
    const w = await workspace("evb-flags");
    const id = await oneIssue(w, "evbflags", 2);
    const ev = await eventId(w.tenant.id, "evbflags-0");
    const untouched = await eventId(w.tenant.id, "evbflags-1");

    expect(ok(await byId(w.analystKey, ev, { enableFlags: ["followup"] }))).toMatchObject({ successes: 1, failures: [] });
    expect(ok(await api.eventAssessment(w.analystKey, ev))).toMatchObject({ flags: ["followup"], version: 1, severity: null, issue: { id } });
    ok(await byId(w.analystKey, ev, { enableFlags: ["falsePositive"], newSeverity: "low" }));
    expect(ok(await api.eventAssessment(w.analystKey, ev))).toMatchObject({ flags: ["falsePositive", "followup", "severityAdjusted"], version: 2, severity: "low" });
    ok(await byId(w.analystKey, ev, { disableFlags: ["followup"], newSeverity: null }));
    expect(ok(await api.eventAssessment(w.analystKey, ev))).toMatchObject({ flags: ["falsePositive"], version: 3, severity: null });

    ok(await api.assess(w.analystKey, id, { enableFlags: ["acknowledged"] }));
    expect(ok(await api.eventAssessment(w.analystKey, ev))).toMatchObject({
      flags: ["falsePositive"], inheritedFlags: ["acknowledged"], version: 3, issue: { id, flags: ["acknowledged"] },
    });
    expect(ok(await api.eventAssessment(w.analystKey, untouched))).toMatchObject({ flags: [], inheritedFlags: ["acknowledged"], version: 0 });
    expect(ok(await api.get(w.analystKey, id)).flags).toEqual(["acknowledged"]);
  });

  it("moves the event with associateIssue, recounting the issue it left and the one it joined", async () => {
    const w = await workspace("evb-assoc");
    const from = await oneIssue(w, "evb_from", 3);
    const to = await oneIssue(w, "evb_to", 1, "2026-11-20T09:00:00Z");
    const ev = await eventId(w.tenant.id, "evb_from-2");

    expect(ok(await byId(w.analystKey, ev, { associateIssue: to }))).toMatchObject({ successes: 1, failures: [] });
    expect(ok(await api.eventAssessment(w.analystKey, ev)).issue).toMatchObject({ id: to });
    expect(ok(await api.get(w.analystKey, from))).toMatchObject({ eventCount: 2, lastSeenAt: "2026-11-20T10:01:00.000Z" });
    expect(ok(await api.get(w.analystKey, to))).toMatchObject({ eventCount: 2, firstSeenAt: "2026-11-20T09:00:00.000Z", lastSeenAt: "2026-11-20T10:02:00.000Z" });
    expect((await lineageActions(w.analystKey, to)).map((e) => e.action)).toContain("associated");
    expect((await lineageActions(w.analystKey, from)).map((e) => e.action)).toContain("disassociated");
    const evEntries = await pool().query(`SELECT action, details FROM lineage_entries WHERE subject_type = 'event' AND subject_id = $1 AND action <> 'created'`, [ev]);
    expect(evEntries.rows).toEqual([{ action: "associated", details: { issueId: to } }]);

    ok(await byId(w.analystKey, ev, { associateIssue: to }));
    expect(ok(await api.get(w.analystKey, to)).eventCount).toBe(2);
    expect(ok(await api.get(w.analystKey, from)).eventCount).toBe(2);
  });

  it("reports an event not in the issue to disassociate as a failure, and disassociates it from its own", async () => {
    const w = await workspace("evb-dis");
    const mine = await oneIssue(w, "evb_mine", 2);
    const other = await oneIssue(w, "evb_other");
    const ev = await eventId(w.tenant.id, "evb_mine-0");

    expect(ok(await byId(w.analystKey, ev, { disassociateIssue: other }))).toEqual({ dryRun: false, successes: 0, failures: [{ id: ev, reason: `not an event of issue ${other}` }] });
    expect(ok(await api.get(w.analystKey, other)).eventCount).toBe(1);
    expectProblem(await byId(w.analystKey, ev, { associateIssue: "987654321" }), 400, "associateIssue");

    expect(ok(await byId(w.analystKey, ev, { disassociateIssue: mine }))).toMatchObject({ successes: 1, failures: [] });
    expect(ok(await api.eventAssessment(w.analystKey, ev)).issue).toBeNull();
    expect(ok(await api.get(w.analystKey, mine)).eventCount).toBe(1);
  });
});

describe("bulk assessment", () => {
  async function minersAndShells(w: Workspace) {
    await ingest(w.agentToken, [
      ...Array.from({ length: 5 }, (_, i) => detection(`bm-${i}`, "miner", `2026-11-20T10:0${i}:00Z`)),
      ...Array.from({ length: 3 }, (_, i) => detection(`bs-${i}`, "shell", `2026-11-20T10:0${i}:00Z`, { exe: "/bin/sh" })),
    ]);
  }

  it("assesses every event a search matches: the dry run counts what the real run then assesses", async () => {
    const w = await workspace("bulk-ev");
    await minersAndShells(w);
    const body = { search: { query: "type:miner", ...RANGE }, assessment: { enableFlags: ["tuningCandidate"] } };
    const dry = ok(await api.bulkEvents(w.analystKey, { ...body, dryRun: true }));
    expect(dry).toEqual({ dryRun: true, count: 5 });
    expect((await pool().query(`SELECT count(*)::int AS n FROM event_assessments WHERE tenant_id = $1`, [w.tenant.id])).rows[0].n).toBe(0);

    const run = ok(await api.bulkEvents(w.analystKey, body));
    expect(run).toEqual({ dryRun: false, successes: dry.count, failures: [] });
    const assessed = await pool().query(
      `SELECT e.type, ea.flags FROM event_assessments ea JOIN events e ON e.id = ea.event_id WHERE ea.tenant_id = $1`,
      [w.tenant.id],
    );
    expect(assessed.rows).toHaveLength(5);
    expect(assessed.rows.every((r) => r.type === "miner" && r.flags.join() === "tuningCandidate")).toBe(true);

    // Filters narrow it too, and a search matching nothing assesses nothing.
    expect(ok(await api.bulkEvents(w.analystKey, { search: { filters: [{ field: "type", values: ["shell"] }], ...RANGE }, assessment: { enableFlags: ["followup"] }, dryRun: true })).count).toBe(3);
    expect(ok(await api.bulkEvents(w.analystKey, { search: { query: "type:nothing", ...RANGE }, assessment: { enableFlags: ["followup"] } }))).toMatchObject({ successes: 0 });
  });

  it("moves every event a search matches into one issue, and reports events not in the issue to disassociate", async () => {
    const w = await workspace("bulk-move");
    await minersAndShells(w);
    const [miner] = await issueIds(w.tenant.id, "miner");
    const [shell] = await issueIds(w.tenant.id, "shell");
    const moved = ok(await api.bulkEvents(w.analystKey, { search: { query: "type:shell", ...RANGE }, assessment: { associateIssue: miner } }));
    expect(moved).toMatchObject({ successes: 3, failures: [] });
    expect(ok(await api.get(w.analystKey, miner)).eventCount).toBe(8);
    expect(ok(await api.get(w.analystKey, shell)).eventCount).toBe(0);

    const shellIds = await Promise.all([0, 1, 2].map((i) => eventId(w.tenant.id, `bs-${i}`)));
    const res = ok(await api.bulkEvents(w.analystKey, { search: { query: "type:shell", ...RANGE }, assessment: { disassociateIssue: shell } }));
    expect(res.successes).toBe(0);
    expect(res.failures.map((f: { id: string }) => f.id).sort()).toEqual([...shellIds].sort());
  });

  it("assesses every issue the queue's filters match: the dry run counts what the real run assesses", async () => {
    const w = await workspace("bulk-is");
    for (const [i, type] of ["b1", "b2", "b3", "b4", "b5"].entries()) await oneIssue(w, type, 1, `2026-11-20T10:0${i}:00Z`);
    const [b1] = await issueIds(w.tenant.id, "b1");
    const [b2] = await issueIds(w.tenant.id, "b2");
    const [b3] = await issueIds(w.tenant.id, "b3");
    ok(await api.patch(w.analystKey, b1, { status: "resolved", closeReason: "duplicate", version: 1 }));
    ok(await api.patch(w.analystKey, b2, { assigneeId: w.ana.id, version: 1 }));

    const body = { search: { status: ["open"], assignee: ["unassigned"] }, assessment: { enableFlags: ["followup"], comment: "bulk" } };
    const dry = ok(await api.bulkIssues(w.analystKey, { ...body, dryRun: true }));
    expect(dry).toEqual({ dryRun: true, count: 3 });
    const run = ok(await api.bulkIssues(w.analystKey, body));
    expect(run).toEqual({ dryRun: false, successes: dry.count, failures: [] });

    const flagged = ok(await api.list(w.analystKey, { flags: "followup" })).data.map((i: IssueListItem) => i.id).sort();
    const expected = [...(await issueIds(w.tenant.id, "b3")), ...(await issueIds(w.tenant.id, "b4")), ...(await issueIds(w.tenant.id, "b5"))].sort();
    expect(flagged).toEqual(expected);
    expect(ok(await api.get(w.analystKey, b3))).toMatchObject({ flags: ["commented", "followup"], version: 2 });
    expect(ok(await api.get(w.analystKey, b1)).flags).toEqual([]);
    expect(ok(await api.get(w.analystKey, b2)).flags).toEqual([]);
    const [entry] = (await lineageActions(w.analystKey, b3)).filter((e) => e.action === "assessed");
    expect(entry.details).toMatchObject({ bulk: true, comment: "bulk", enableFlags: ["commented", "followup"] });

    // assignee "me" is the key's user.
    expect(ok(await api.bulkIssues(w.ana.key, { search: { assignee: ["me"] }, assessment: { enableFlags: ["identifiedThreat"] }, dryRun: true })).count).toBe(1);
    expect(ok(await api.bulkIssues(w.bob.key, { search: { assignee: ["me"] }, assessment: { enableFlags: ["identifiedThreat"] }, dryRun: true })).count).toBe(0);
    expectProblem(await api.bulkIssues(w.analystKey, { search: {}, assessment: { associateIssue: b1 } }), 400, "associateIssue");
  });
});

describe("comments", () => {
  it("creates, lists, edits (author only) and deletes comments on an issue, flagging it commented", async () => {
    const w = await workspace("cm-issue");
    const id = await oneIssue(w, "cm");
    expectProblem(await api.commentIssue(w.ana.key, id, { body: "   " }), 400, "body");
    expectProblem(await api.commentIssue(w.ana.key, id, {}), 400, "body");

    const created = await api.commentIssue(w.ana.key, id, { body: "Looks like **xmrig**" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ subjectType: "issue", subjectId: id, body: "Looks like **xmrig**", author: { id: w.ana.id, name: "Ana" }, mine: true, edited: false, version: 1 });
    expect(ok(await api.get(w.analystKey, id)).flags).toContain("commented");

    const second = ok(await api.commentIssue(w.bob.key, id, { body: "Agreed" }), 201);
    const listed = ok(await api.issueComments(w.bob.key, id));
    expect(listed.map((c: Body) => [c.id, c.body, c.mine])).toEqual([[created.body.id, "Looks like **xmrig**", false], [second.id, "Agreed", true]]);

    const edited = ok(await api.editComment(w.ana.key, created.body.id, { body: "Looks like **xmrig** 6.21" }));
    expect(edited).toMatchObject({ body: "Looks like **xmrig** 6.21", edited: true, version: 2 });
    const [editEntry] = (await lineageActions(w.analystKey, id)).filter((e) => e.action === "comment_edited");
    expect(editEntry.details).toMatchObject({ commentId: created.body.id, before: { comment: "Looks like **xmrig**" }, after: { comment: "Looks like **xmrig** 6.21" } });

    expectProblem(await api.editComment(w.bob.key, created.body.id, { body: "hijacked" }), 403);
    expectProblem(await api.deleteComment(w.bob.key, created.body.id), 403);
    expectProblem(await api.editComment(w.ana.key, created.body.id, { body: "" }), 400, "body");
    expectProblem(await api.editComment(w.ana.key, created.body.id, { body: "stale", version: 1 }), 409);

    const deleted = await api.deleteComment(w.ana.key, created.body.id);
    expect(deleted.status).toBe(204);
    expect(ok(await api.issueComments(w.ana.key, id)).map((c: Body) => c.id)).toEqual([second.id]);
    expectProblem(await api.editComment(w.ana.key, created.body.id, { body: "back" }), 404);
    expectProblem(await api.deleteComment(w.ana.key, created.body.id), 404);

    const actions = (await lineageActions(w.analystKey, id)).map((e) => e.action);
    expect(actions.filter((a) => a === "commented")).toHaveLength(2);
    expect(actions).toContain("comment_deleted");
  });

  it("comments on an event, and refuses an API key that is nobody's", async () => {
    const w = await workspace("cm-event");
    await oneIssue(w, "cmev");
    const ev = await eventId(w.tenant.id, "cmev-0");
    const created = ok(await api.commentEvent(w.bob.key, ev, { body: "the parent is bash" }), 201);
    expect(created).toMatchObject({ subjectType: "event", subjectId: ev, author: { name: "Bob" } });
    expect(ok(await api.eventComments(w.ana.key, ev)).map((c: Body) => c.body)).toEqual(["the parent is bash"]);
    expectProblem(await api.commentEvent(w.analystKey, ev, { body: "from a tenant key" }), 403);
  });
});

describe("GET /api/v1/issues — the queue", () => {
  // Twelve issues over two agents, with ties in severity, last seen and event count.
  const PLAN: { type: string; importance: string; agent: 1 | 2; at: string[]; exe?: string }[] = [
    { type: "q01", importance: "low", agent: 1, at: ["10:00"] },
    { type: "q02", importance: "medium", agent: 1, at: ["10:00", "10:05"] },
    { type: "q03", importance: "high", agent: 1, at: ["10:00", "10:05"] },
    { type: "q04", importance: "critical", agent: 1, at: ["10:10"] },
    { type: "q05", importance: "high", agent: 2, at: ["09:00", "09:30", "10:10"] },
    { type: "q06", importance: "medium", agent: 2, at: ["10:10"] },
    { type: "q07", importance: "critical", agent: 2, at: ["08:00"], exe: "/opt/needle-7" },
    { type: "q08", importance: "low", agent: 1, at: ["10:10"] },
    { type: "q09", importance: "high", agent: 1, at: ["09:00"] },
    { type: "q10", importance: "medium", agent: 2, at: ["09:00", "10:00"] },
    { type: "q11", importance: "low", agent: 2, at: ["07:00", "07:01", "07:02"] },
    { type: "q12", importance: "critical", agent: 1, at: ["10:05"] },
  ];

  async function queue() {
    const w = await workspace("queue");
    await ingest(
      w.agentToken,
      PLAN.flatMap((p) => p.at.map((hm, i) => detection(`${p.type}-${i}`, p.type, `2026-11-20T${hm}:00Z`, { importance: p.importance, exe: p.exe, ...(p.agent === 2 && { agent: AGENT_2 }) }))),
    );
    const id = async (type: string) => (await issueIds(w.tenant.id, type))[0];
    const patch = async (type: string, body: Record<string, unknown>) => ok(await api.patch(w.analystKey, await id(type), { ...body, version: 1 }));
    await patch("q01", { status: "resolved", closeReason: "false_positive" });
    await patch("q08", { status: "resolved", closeReason: "duplicate" });
    await patch("q02", { status: "in_progress" });
    await patch("q09", { status: "in_progress" });
    for (const t of ["q03", "q04", "q10"]) await patch(t, { assigneeId: w.ana.id });
    await patch("q05", { assigneeId: w.bob.id });
    for (const t of ["q04", "q06"]) ok(await api.assess(w.analystKey, await id(t), { enableFlags: ["followup"] }));
    ok(await api.assess(w.analystKey, await id("q07"), { enableFlags: ["acknowledged"] }));
    const all: IssueListItem[] = ok(await api.list(w.analystKey, { limit: "500" })).data;
    expect(all).toHaveLength(PLAN.length);
    return { w, all, id };
  }

  const RANK = { low: 1, medium: 2, high: 3, critical: 4 } as const;
  const keyOf: Record<string, (i: IssueListItem) => (number | string)[]> = {
    severity: (i) => [RANK[i.severity], i.lastSeenAt, Number(i.id)],
    lastSeen: (i) => [i.lastSeenAt, Number(i.id)],
    eventCount: (i) => [i.eventCount, Number(i.id)],
    firstSeen: (i) => [i.firstSeenAt, Number(i.id)],
  };
  function sorted(items: IssueListItem[], sort: IssueSort): string[] {
    const desc = sort.startsWith("-");
    const key = keyOf[desc ? sort.slice(1) : sort];
    const cmp = (a: IssueListItem, b: IssueListItem) => {
      const ka = key(a), kb = key(b);
      for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return (ka[i] < kb[i] ? -1 : 1) * (desc ? -1 : 1);
      return 0;
    };
    return [...items].sort(cmp).map((i) => i.id);
  }
  const ids = (res: Res) => ok(res).data.map((i: IssueListItem) => i.id).sort();
  const where = (all: IssueListItem[], pred: (i: IssueListItem) => boolean) => all.filter(pred).map((i) => i.id).sort();

  it("filters by status, severity, assignee (me, unassigned, a user), flags, words and agent", async () => {
    const { w, all, id } = await queue();
    const check = async (query: Record<string, string>, pred: (i: IssueListItem) => boolean, token = w.analystKey) => {
      const expected = where(all, pred);
      expect(expected.length, JSON.stringify(query)).toBeGreaterThan(0);
      expect(expected.length, JSON.stringify(query)).toBeLessThan(all.length);
      expect(ids(await api.list(token, { ...query, limit: "500" })), JSON.stringify(query)).toEqual(expected);
    };
    await check({ status: "open" }, (i) => i.status === "open");
    await check({ status: "resolved,in_progress" }, (i) => i.status === "resolved" || i.status === "in_progress");
    await check({ severity: "critical" }, (i) => i.severity === "critical");
    await check({ severity: "low,medium" }, (i) => i.severity === "low" || i.severity === "medium");
    await check({ assignee: "me" }, (i) => i.assignee?.id === w.ana.id, w.ana.key);
    await check({ assignee: "me" }, (i) => i.assignee?.id === w.bob.id, w.bob.key);
    await check({ assignee: "unassigned" }, (i) => i.assignee === null);
    await check({ assignee: `me,${w.bob.id}` }, (i) => i.assignee !== null, w.ana.key);
    await check({ flags: "followup" }, (i) => i.flags.includes("followup"));
    await check({ flags: "acknowledged,followup" }, (i) => i.flags.includes("followup") || i.flags.includes("acknowledged"));
    await check({ q: "needle" }, (i) => i.title.includes("needle"));
    await check({ q: `#${await id("q05")}` }, (i) => i.type === "q05");
    await check({ agent: "runner-2" }, (i) => i.where.agent?.name === "runner-2");
    await check({ status: "open", severity: "critical", agent: "runner-1" }, (i) => i.status === "open" && i.severity === "critical" && i.where.agent?.name === "runner-1");
    expect(ids(await api.list(w.analystKey, { assignee: "me" }))).toEqual([]); // a key that is nobody's has no "me"
    expect(ids(await api.list(w.analystKey, { q: "no-such-issue" }))).toEqual([]);
  });

  it("counts per status without the status filter, and totals with it", async () => {
    const { w, all } = await queue();
    const counts = { open: 8, in_progress: 2, resolved: 2, closed: 0 };
    const everything = ok(await api.list(w.analystKey));
    expect(everything).toMatchObject({ total: all.length, statusCounts: counts });
    const open = ok(await api.list(w.analystKey, { status: "open" }));
    expect(open).toMatchObject({ total: 8, statusCounts: counts });
    const openCritical = ok(await api.list(w.analystKey, { status: "open", severity: "critical" }));
    const critical = all.filter((i) => i.severity === "critical");
    expect(openCritical.statusCounts).toEqual({
      open: critical.filter((i) => i.status === "open").length, in_progress: 0, resolved: 0, closed: 0,
    });
    expect(openCritical.total).toBe(critical.filter((i) => i.status === "open").length);
  });

  it("counts an issue once in the total when a status is named twice", async () => {
    const { w } = await queue();
    const twice = ok(await api.list(w.analystKey, { status: "open,open" }));
    expect(twice.data).toHaveLength(8);
    expect(twice.total).toBe(8);
  });

  it.each(ISSUE_SORTS)("sorts by %s and pages by keyset, every issue exactly once", async (sort) => {
    const { w, all } = await queue();
    const whole = ok(await api.list(w.analystKey, { sort, limit: "500" })).data.map((i: IssueListItem) => i.id);
    expect(whole).toEqual(sorted(all, sort));
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const res: Body = ok(await api.list(w.analystKey, { sort, limit: "5", ...(cursor && { cursor }) }));
      expect(res.data.length).toBeLessThanOrEqual(5);
      expect(res.total).toBe(all.length);
      seen.push(...res.data.map((i: IssueListItem) => i.id));
      cursor = res.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(whole);
    // And with a filter.
    const openSeen: string[] = [];
    cursor = null;
    for (let page = 0; page < 10; page++) {
      const res: Body = ok(await api.list(w.analystKey, { sort, status: "open", limit: "3", ...(cursor && { cursor }) }));
      openSeen.push(...res.data.map((i: IssueListItem) => i.id));
      cursor = res.nextCursor;
      if (!cursor) break;
    }
    expect(openSeen).toEqual(sorted(all.filter((i) => i.status === "open"), sort));
  });

  it("refuses an unknown sort, a bad cursor, and a cursor of another sort", async () => {
    const { w } = await queue();
    const badSort = await api.list(w.analystKey, { sort: "-title" });
    expectProblem(badSort, 400, "sort");
    expectProblem(await api.list(w.analystKey, { cursor: "not-a-cursor" }), 400, "cursor");
    const page = ok(await api.list(w.analystKey, { sort: "-eventCount", limit: "2" }));
    expect(page.nextCursor).toEqual(expect.any(String));
    expectProblem(await api.list(w.analystKey, { sort: "-lastSeen", cursor: page.nextCursor }), 400, "cursor");
    expectProblem(await api.list(w.analystKey, { limit: "0" }), 400, "limit");
    expectProblem(await api.list(w.analystKey, { status: "snoozed" }), 400, "status.0");
    expectProblem(await api.list(w.analystKey, { bogus: "1" }), 400, "bogus");
  });

  it("refuses a cursor whose severity rank does not fit, with a 400 rather than a 500", async () => {
    const { w } = await queue();
    const forged = Buffer.from(JSON.stringify(["-severity", "3000000000", "2026-11-20T10:00:00.000Z", "1"])).toString("base64url");
    expectProblem(await api.list(w.analystKey, { sort: "-severity", cursor: forged }), 400, "cursor");
  });
});
