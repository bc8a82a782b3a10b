import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as listRoute } from "../../app/api/v1/issues/route";
import { POST as issueStatsRoute } from "../../app/api/v1/issues/stats/route";
import { callRoute } from "../../test-support/route-call";
import { callerIn, makeTenantWithCredentials } from "../../test-support/ingest-fixtures";
import { withTestDatabase } from "../../test-support/test-db";
import { openedLink } from "../dashboard/links";
import { bucketWindow, resolveWindows } from "../dashboard/range";
import { loadTriageFigures } from "../dashboard/triage";
import { pool } from "../db";
import { listIssues } from "./queries";
import { parseIssueSearchParams, paramsRecord } from "./search-params";
import type { CloseReason, IssueStatus } from "./types";

withTestDatabase();

// The queue's "opened in" window and close-reason filters, through lib, the API and the
// dashboard's links: the issues a link to the opened issues of a range or bucket opens are the
// ones the dashboard counted there.

const NOW = new Date("2026-11-20T12:00:00.000Z");
const WINDOWS = resolveWindows({ kind: "absolute", from: "2026-11-13T12:00:00.000Z", to: NOW.toISOString() }, NOW);
const at = (s: string) => new Date(`2026-11-${s}Z`);

let t: Awaited<ReturnType<typeof makeTenantWithCredentials>>;
let other: string;

async function insertIssue(tenantId: string, createdAt: Date, status: IssueStatus = "open", closeReason: CloseReason | null = null, seen?: [Date, Date]) {
  await pool().query(
    `INSERT INTO issues (tenant_id, fingerprint, accepts_events, type, kind, title, where_kind, event_severity, status, close_reason,
                         flags, first_seen_at, last_seen_at, first_event_id, created_at)
     VALUES ($1, $2, false, 'crypto_miner', 'detections', 'crypto_miner', 'agent', 'high', $3, $4, '{}', $5, $6, '0', $7)`,
    [tenantId, randomBytes(8).toString("hex"), status, closeReason, seen?.[0] ?? createdAt, seen?.[1] ?? new Date(createdAt.getTime() + 3600_000), createdAt],
  );
}

const fromLink = (href: string) => parseIssueSearchParams(paramsRecord(new URL(href, "http://vigil.test").searchParams));

beforeAll(async () => {
  t = await makeTenantWithCredentials("queue-filters");
  other = (await makeTenantWithCredentials("queue-filters-other")).tenant.id;
  const id = t.tenant.id;
  // Before the window, but seen in it: counted by "seen", not by "opened".
  await insertIssue(id, at("10T08:00:00"), "open", null, [at("10T08:00:00"), at("15T09:00:00")]);
  await insertIssue(id, at("14T09:00:00"));
  await insertIssue(id, at("14T23:59:59.999"), "closed", "false_positive");
  await insertIssue(id, at("16T10:00:00"), "resolved", "true_positive");
  await insertIssue(id, at("16T11:00:00"), "closed", "false_positive");
  await insertIssue(id, at("19T12:00:00"), "in_progress");
  // After the window.
  await insertIssue(id, at("20T12:00:00"));
  await insertIssue(other, at("16T10:00:00"), "closed", "false_positive");
});

describe("the queue's opened window and close reason", () => {
  it("open, through the dashboard's link, exactly the issues the Opened figure and each bar counted", async () => {
    const f = await loadTriageFigures({ ctx: callerIn(t.tenant.id, "manager"), windows: WINDOWS });
    const ctx = callerIn(t.tenant.id, "manager");
    const all = await listIssues({ ctx, input: fromLink(openedLink(WINDOWS.current)) });
    expect(all.total).toBe(f.opened.current);
    expect(all.total).toBe(5);
    const seen = await listIssues({ ctx, input: { status: ["open", "in_progress", "resolved", "closed"], ...WINDOWS.current } });
    expect(seen.total).toBe(6);
    for (const p of f.flow) {
      const bucket = await listIssues({ ctx, input: fromLink(openedLink(bucketWindow(p.t, 86_400_000, WINDOWS.current))) });
      expect(bucket.total, p.t).toBe(p.opened);
    }
  });

  it("filter by close reason, alone and with the window, in the tenant only", async () => {
    const ctx = callerIn(t.tenant.id);
    const fp = await listIssues({ ctx, input: { status: ["resolved", "closed"], closeReason: ["false_positive"] } });
    expect(fp.total).toBe(2);
    const inDay = await listIssues({ ctx, input: { closeReason: ["false_positive", "true_positive"], openedFrom: "2026-11-16T00:00:00Z", openedTo: "2026-11-17T00:00:00Z" } });
    expect(inDay.data.map((i) => i.closeReason).sort()).toEqual(["false_positive", "true_positive"]);
  });

  it("answer through the API and its statistics, and name a close reason it does not know", async () => {
    const list = await callRoute(listRoute, "GET", "/issues?status=open,in_progress,resolved,closed&closeReason=false_positive&openedFrom=2026-11-14T00:00:00Z&openedTo=2026-11-15T00:00:00Z", { token: t.analystKey });
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(1);
    const stats = await callRoute(issueStatsRoute, "POST", "/issues/stats", {
      token: t.analystKey, body: { openedFrom: WINDOWS.current.from, openedTo: WINDOWS.current.to, groupBy: [{ field: "closeReason", missing: true }] },
    });
    expect(stats.status).toBe(200);
    expect(stats.body.count).toBe(5);
    expect(Object.fromEntries(stats.body.buckets.map((b: { key: string | null; count: number }) => [b.key, b.count]))).toEqual({ null: 2, false_positive: 2, true_positive: 1 });
    const bad = await callRoute(listRoute, "GET", "/issues?closeReason=maybe", { token: t.analystKey });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toMatch(/closeReason/);
  });
});
