import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../admin/accounts";
import { pool } from "../db";
import { ingestItems } from "../ingest/pipeline";
import type { CloseReason, IssueStatus } from "../issues/types";
import { withTestDatabase } from "../../test-support/test-db";
import { callerIn, makeTenantWithCredentials } from "../../test-support/ingest-fixtures";
import { ageBucket, mean, ratio } from "./metrics";
import { resolveWindows, windowBuckets } from "./range";
import { loadTriageFigures } from "./triage";
import { firstAcknowledgement, firstResolution, isFalsePositive, isTriaged, statusAt, UNRESOLVED, type IssueLineageEntry } from "./triage-rules";

withTestDatabase();

// Triage metrics against issues and lineage written with known times: a hand-computed week, a
// random history checked against the reference rules of triage-rules.ts, and another tenant's
// rows that must change nothing.

const NOW = new Date("2026-11-20T12:00:00.000Z");
const WINDOWS = resolveWindows({ kind: "absolute", from: "2026-11-13T12:00:00.000Z", to: NOW.toISOString() }, NOW);
const t = (s: string) => new Date(`2026-11-${s}Z`);
const HOUR = 3600;

interface IssueSpec {
  type: string;
  severity: "low" | "medium" | "high" | "critical";
  status?: IssueStatus;
  closeReason?: string | null;
  flags?: string[];
  createdAt: Date;
  firstSeenAt?: Date;
  lastSeenAt?: Date;
  firstEventId?: string;
  assigneeId?: string | null;
}

async function insertIssue(tenantId: string, s: IssueSpec): Promise<string> {
  const status = s.status ?? "open";
  const res = await pool().query<{ id: string }>(
    `INSERT INTO issues (tenant_id, fingerprint, accepts_events, type, kind, title, where_kind, event_severity, status, close_reason,
                         flags, first_seen_at, last_seen_at, first_event_id, assignee_id, created_at)
     VALUES ($1, $2, false, $3, 'detections', $3, 'agent', $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id::text`,
    [
      tenantId, randomBytes(8).toString("hex"), s.type, s.severity, status, s.closeReason ?? null, s.flags ?? [],
      s.firstSeenAt ?? new Date(s.createdAt.getTime() - 5 * 60_000), s.lastSeenAt ?? new Date(s.createdAt.getTime() + 3600_000),
      s.firstEventId ?? "0", s.assigneeId ?? null, s.createdAt,
    ],
  );
  return res.rows[0].id;
}

async function lineage(tenantId: string, issueId: string, at: Date, action: string, actor: string, details: Record<string, unknown>) {
  await pool().query(
    `INSERT INTO lineage_entries (tenant_id, subject_type, subject_id, action, actor, at, details) VALUES ($1, 'issue', $2, $3, $4, $5, $6)`,
    [tenantId, issueId, action, actor, at, JSON.stringify(details)],
  );
}

// The shapes lib/issues/update-issue.ts and assess-issues.ts write.
const statusChange = (from: string, to: string, closeReason?: string) => ({
  changed: closeReason ? ["status", "closeReason"] : ["status"],
  before: { status: from, ...(closeReason && { closeReason: null }) },
  after: { status: to, ...(closeReason && { closeReason }) },
});
const actionOf = (from: string, to: string) => (["resolved", "closed"].includes(from) && ["open", "in_progress"].includes(to) ? "reopened" : to === "in_progress" ? "started" : to);
const assigned = (email: string) => ({ changed: ["assignee"], before: { assignee: null }, after: { assignee: email } });

async function member(slug: string, role: "analyst" | "manager", name: string) {
  const email = `${name.toLowerCase()}-${randomBytes(3).toString("hex")}@example.test`;
  const user = await createUser({ email, password: "test-passphrase-123", name, tenant: slug, role });
  return { id: user.id, email, actor: `user:${email}` };
}

/** Two events naming a rule each (the policy of the issues made from them); issues ingest may open are removed. */
async function policyEvents(tenantId: string): Promise<{ miner: string; shell: string }> {
  const item = (id: string, rule: string) => ({
    id, event_type: "process_exec", action: "collect", severity: "low", rule_id: rule, timestamp: "2026-11-14T09:00:00Z",
    agent: { id: "a-1", name: "edge-1" }, process: { exec_path: "/usr/bin/true", argv: ["true"] }, payload: {},
  });
  const items = [item(`m-${tenantId}`, "miner-rule"), item(`s-${tenantId}`, "shell-rule")];
  const res = await ingestItems({ tenantId, actor: "test" }, "runtime", items.map((value, index) => ({ index, raw: JSON.stringify(value), value })));
  expect(res.created).toBe(2);
  await pool().query("DELETE FROM issues WHERE tenant_id = $1", [tenantId]);
  const ids = await pool().query<{ id: string; policy_name: string }>("SELECT id::text, policy_name FROM events WHERE tenant_id = $1", [tenantId]);
  const by = new Map(ids.rows.map((r) => [r.policy_name, r.id]));
  return { miner: by.get("miner-rule")!, shell: by.get("shell-rule")! };
}

describe("triage metrics of a hand-computed week", () => {
  let tenant: { id: string; slug: string };
  let ana: Awaited<ReturnType<typeof member>>;
  let bob: Awaited<ReturnType<typeof member>>;

  beforeAll(async () => {
    const made = await makeTenantWithCredentials("triage-week");
    tenant = made.tenant;
    [ana, bob] = await Promise.all([member(tenant.slug, "analyst", "Ana"), member(tenant.slug, "analyst", "Bob")]);
    await member(tenant.slug, "manager", "Mia");
    const ev = await policyEvents(tenant.id);
    const id = tenant.id;

    // I1: acknowledged by flag after 2 h, resolved after 24 h.
    const i1 = await insertIssue(id, { type: "miner", severity: "high", status: "resolved", closeReason: "true_positive", flags: ["acknowledged"], createdAt: t("14T10:00:00"), firstEventId: ev.miner });
    await lineage(id, i1, t("14T11:00:00"), "assigned", ana.actor, assigned(ana.email));
    await lineage(id, i1, t("14T12:00:00"), "assessed", ana.actor, { enableFlags: ["acknowledged"], disableFlags: [] });
    await lineage(id, i1, t("15T10:00:00"), "resolved", ana.actor, statusChange("open", "resolved", "true_positive"));
    // I2: started after 1 h, closed as a false positive after 3 h (by Bob), reopened, resolved again (by Ana): its first resolution counts.
    const i2 = await insertIssue(id, { type: "miner", severity: "medium", status: "resolved", closeReason: "false_positive", createdAt: t("15T00:00:00"), firstEventId: ev.miner });
    await lineage(id, i2, t("15T01:00:00"), "started", bob.actor, statusChange("open", "in_progress"));
    await lineage(id, i2, t("15T03:00:00"), "resolved", bob.actor, statusChange("in_progress", "resolved", "false_positive"));
    await lineage(id, i2, t("16T00:00:00"), "reopened", ana.actor, statusChange("resolved", "open"));
    await lineage(id, i2, t("17T00:00:00"), "resolved", ana.actor, statusChange("open", "resolved", "false_positive"));
    // I3: a follow-up flag is no acknowledgement; started after 6 h; still in progress, Bob's.
    const i3 = await insertIssue(id, { type: "shell", severity: "critical", status: "in_progress", flags: ["followup"], createdAt: t("16T00:00:00"), firstEventId: ev.shell, assigneeId: bob.id });
    await lineage(id, i3, t("16T00:30:00"), "assigned", bob.actor, assigned(bob.email));
    await lineage(id, i3, t("16T01:00:00"), "assessed", bob.actor, { enableFlags: ["followup"], disableFlags: [] });
    await lineage(id, i3, t("16T06:00:00"), "started", bob.actor, statusChange("open", "in_progress"));
    // I4: opened and acknowledged (4 h) in the previous week, resolved 96 h after opening, in this one.
    const i4 = await insertIssue(id, { type: "miner", severity: "high", status: "resolved", closeReason: "benign_true_positive", flags: ["notAThreat"], createdAt: t("10T00:00:00"), firstEventId: ev.miner });
    await lineage(id, i4, t("10T03:00:00"), "assigned", ana.actor, assigned(ana.email));
    await lineage(id, i4, t("10T04:00:00"), "started", ana.actor, statusChange("open", "in_progress"));
    await lineage(id, i4, t("14T00:00:00"), "resolved", ana.actor, statusChange("in_progress", "resolved", "benign_true_positive"));
    // I5: open, flagged false positive (a verdict, not an acknowledgement), Ana's.
    const i5 = await insertIssue(id, { type: "shell", severity: "medium", flags: ["falsePositive"], createdAt: t("19T00:00:00"), firstEventId: ev.shell, assigneeId: ana.id });
    await lineage(id, i5, t("19T05:00:00"), "assessed", ana.actor, { enableFlags: ["falsePositive"], disableFlags: [] });
    // I6: an old open issue nobody touched.
    await insertIssue(id, { type: "noise", severity: "low", createdAt: t("01T00:00:00"), lastSeenAt: t("01T01:00:00") });
  });

  it("counts issues opened, acknowledged and resolved in each period, and their mean times", async () => {
    const f = await loadTriageFigures({ ctx: callerIn(tenant.id, "manager"), windows: WINDOWS });
    expect(f.opened).toEqual({ current: 4, previous: 1 });
    expect(f.acknowledged).toEqual({ current: 3, previous: 1 });
    expect(f.resolved).toEqual({ current: 3, previous: 0 });
    expect(f.mttaSeconds.current).toBeCloseTo((2 + 1 + 6) / 3 * HOUR, 6);
    expect(f.mttaSeconds.previous).toBeCloseTo(4 * HOUR, 6);
    expect(f.mttrSeconds.current).toBeCloseTo((24 + 3 + 96) / 3 * HOUR, 6);
    expect(f.mttrSeconds.previous).toBeNull();
  });

  it("draws them per day", async () => {
    const f = await loadTriageFigures({ ctx: callerIn(tenant.id), windows: WINDOWS });
    const day = (d: string) => f.flow.find((p) => p.t === `2026-11-${d}T00:00:00.000Z`)!;
    expect(f.flow.map((p) => p.t)).toEqual(windowBuckets(WINDOWS.current, "1d"));
    expect(day("14")).toMatchObject({ opened: 1, acknowledged: 1, resolved: 1, mttaSeconds: 2 * HOUR, mttrSeconds: 96 * HOUR });
    expect(day("15")).toMatchObject({ opened: 1, acknowledged: 1, resolved: 2, mttaSeconds: 1 * HOUR, mttrSeconds: ((24 + 3) / 2) * HOUR });
    expect(day("16")).toMatchObject({ opened: 1, acknowledged: 1, resolved: 0, mttaSeconds: 6 * HOUR, mttrSeconds: null });
    expect(day("17")).toMatchObject({ opened: 0, acknowledged: 0, resolved: 0, mttaSeconds: null });
    expect(day("19")).toMatchObject({ opened: 1, acknowledged: 0, resolved: 0 });
  });

  it("reads the unresolved issues at the start and the end of the range from lineage", async () => {
    const f = await loadTriageFigures({ ctx: callerIn(tenant.id), windows: WINDOWS });
    // Start: I4 (in progress since the 10th) and I6. End: I3, I5, I6.
    expect(f.backlog).toEqual({ current: 3, previous: 2 });
    expect(f.inProgress).toBe(1);
    const sev = new Map(f.backlogBySeverity.map((r) => [r.severity, r]));
    expect(f.backlogBySeverity.map((r) => r.severity)).toEqual(["critical", "high", "medium", "low"]);
    expect(sev.get("critical")).toEqual({ severity: "critical", ages: [0, 1, 0, 0], total: 1, atStart: 0 });
    expect(sev.get("high")).toEqual({ severity: "high", ages: [0, 0, 0, 0], total: 0, atStart: 1 });
    expect(sev.get("medium")).toEqual({ severity: "medium", ages: [0, 1, 0, 0], total: 1, atStart: 0 });
    expect(sev.get("low")).toEqual({ severity: "low", ages: [0, 0, 1, 0], total: 1, atStart: 1 });
  });

  it("rates false positives among the triaged issues seen, per type and per the policy of their first event", async () => {
    const f = await loadTriageFigures({ ctx: callerIn(tenant.id), windows: WINDOWS });
    // Seen this week: I1, I2, I3, I5; triaged: I1, I2 (resolved), I5 (a verdict flag); false positive: I2 (closed as one), I5 (flag).
    expect(f.falsePositiveRate.current).toBeCloseTo(2 / 3, 10);
    // Seen last week: I4, triaged, no false positive.
    expect(f.falsePositiveRate.previous).toBe(0);
    expect(f.falsePositivesByType).toEqual([
      { value: "shell", total: 2, triaged: 1, falsePositives: 1, rate: 1, previousRate: null },
      { value: "miner", total: 2, triaged: 2, falsePositives: 1, rate: 0.5, previousRate: 0 },
    ]);
    expect(f.falsePositivesByPolicy).toEqual([
      { value: "shell-rule", total: 1, triaged: 1, falsePositives: 1, rate: 1, previousRate: null },
      { value: "miner-rule", total: 2, triaged: 2, falsePositives: 1, rate: 0.5, previousRate: 0 },
    ]);
  });

  it("shows each analyst's open issues, assignments and first resolutions; managers without any are left out", async () => {
    const f = await loadTriageFigures({ ctx: callerIn(tenant.id), windows: WINDOWS });
    expect(f.workload).toEqual([
      { userId: ana.id, name: "Ana", openAssigned: 1, assigned: { current: 1, previous: 1 }, resolved: { current: 2, previous: 0 } },
      { userId: bob.id, name: "Bob", openAssigned: 1, assigned: { current: 1, previous: 0 }, resolved: { current: 1, previous: 0 } },
    ]);
  });

  it("is unmoved by another tenant's issues and by its lineage naming this tenant's issue ids", async () => {
    const before = await loadTriageFigures({ ctx: callerIn(tenant.id), windows: WINDOWS });
    const other = await makeTenantWithCredentials("triage-other");
    const ids = (await pool().query<{ id: string }>("SELECT id::text FROM issues WHERE tenant_id = $1", [tenant.id])).rows.map((r) => r.id);
    const oid = await insertIssue(other.tenant.id, { type: "miner", severity: "critical", createdAt: t("15T00:00:00"), flags: ["falsePositive"] });
    for (const id of [...ids, oid]) {
      await lineage(other.tenant.id, id, t("15T00:10:00"), "resolved", "user:eve@example.test", statusChange("open", "resolved", "false_positive"));
      await lineage(other.tenant.id, id, t("15T00:00:00"), "assigned", "user:eve@example.test", assigned("eve@example.test"));
    }
    expect(await loadTriageFigures({ ctx: callerIn(tenant.id), windows: WINDOWS })).toEqual(before);
    const theirs = await loadTriageFigures({ ctx: callerIn(other.tenant.id), windows: WINDOWS });
    expect(theirs.opened.current).toBe(1);
    expect(theirs.resolved.current).toBe(1);
    expect(theirs.falsePositivesByType.map((r) => r.value)).toEqual(["miner"]);
  });
});

describe("triage metrics of a random history", () => {
  it("agree with the reference rules for every issue", async () => {
    const made = await makeTenantWithCredentials("triage-random");
    const id = made.tenant.id;
    let seed = 20261120;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T,>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
    const start = Date.parse(WINDOWS.previous.from) - 5 * 86_400_000;
    const span = NOW.getTime() - start;
    const issues: { id: string; createdAt: Date; firstSeenAt: Date; lastSeenAt: Date; type: string; status: IssueStatus; closeReason: string | null; flags: string[]; entries: IssueLineageEntry[] }[] = [];
    let nextId = 1;
    for (let k = 0; k < 60; k++) {
      const createdAt = new Date(start + Math.floor(random() * span));
      const entries: IssueLineageEntry[] = [];
      let status: IssueStatus = "open";
      let closeReason: string | null = null;
      const flags = new Set<string>();
      let at = createdAt.getTime();
      for (let m = Math.floor(random() * 6); m > 0; m--) {
        // Some moves land at the same millisecond: lineage ids order them.
        at += random() < 0.1 ? 0 : Math.floor(random() * 30 * 3600_000);
        if (at >= NOW.getTime()) break;
        const kind = pick(["move", "move", "move", "ack", "flag", "assign"] as const);
        let action: string;
        let details: Record<string, unknown>;
        if (kind === "move") {
          const to = pick((["open", "in_progress", "resolved", "closed"] as const).filter((s) => s !== status));
          const reason = to === "resolved" || to === "closed" ? pick(["true_positive", "false_positive", "duplicate"]) : undefined;
          action = actionOf(status, to);
          details = statusChange(status, to, reason);
          status = to;
          closeReason = reason ?? null;
        } else if (kind === "ack" || kind === "flag") {
          const flag = kind === "ack" ? "acknowledged" : pick(["falsePositive", "notAThreat", "followup"]);
          flags.add(flag);
          action = "assessed";
          details = { enableFlags: [flag], disableFlags: [] };
        } else {
          action = "assigned";
          details = assigned("ana@example.test");
        }
        entries.push({ at: new Date(at), id: nextId++, action, actor: "user:ana@example.test", details });
      }
      const firstSeenAt = new Date(createdAt.getTime() - Math.floor(random() * 3600_000));
      const lastSeenAt = new Date(createdAt.getTime() + Math.floor(random() * 4 * 86_400_000));
      const type = pick(["miner", "shell", "dns"]);
      const issueId = await insertIssue(id, { type, severity: pick(["low", "medium", "high", "critical"] as const), status, closeReason, flags: [...flags], createdAt, firstSeenAt, lastSeenAt });
      for (const e of entries) await lineage(id, issueId, e.at, e.action, e.actor, e.details!);
      issues.push({ id: issueId, createdAt, firstSeenAt, lastSeenAt, type, status, closeReason, flags: [...flags], entries });
    }

    const f = await loadTriageFigures({ ctx: callerIn(id), windows: WINDOWS });
    const within = (d: Date, w: { from: string; to: string }) => d.getTime() >= Date.parse(w.from) && d.getTime() < Date.parse(w.to);
    const periodFigures = (w: { from: string; to: string }) => {
      const acks = issues.flatMap((i) => {
        const a = firstAcknowledgement(i.entries);
        return a && within(a.at, w) ? [(a.at.getTime() - i.createdAt.getTime()) / 1000] : [];
      });
      const res = issues.flatMap((i) => {
        const r = firstResolution(i.entries);
        return r && within(r.at, w) ? [(r.at.getTime() - i.createdAt.getTime()) / 1000] : [];
      });
      const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
      const seen = issues.filter((i) => i.lastSeenAt.getTime() >= Date.parse(w.from) && i.firstSeenAt.getTime() < Date.parse(w.to));
      const verdict = (i: (typeof issues)[number]) => ({ status: i.status, closeReason: i.closeReason as CloseReason | null, flags: i.flags });
      return {
        opened: issues.filter((i) => within(i.createdAt, w)).length,
        acks: acks.length, mtta: mean(sum(acks), acks.length),
        res: res.length, mttr: mean(sum(res), res.length),
        fpRate: ratio(seen.filter((i) => isFalsePositive(verdict(i))).length, seen.filter((i) => isTriaged(verdict(i))).length),
      };
    };
    const cur = periodFigures(WINDOWS.current);
    const prev = periodFigures(WINDOWS.previous);
    expect(cur.acks + cur.res + prev.acks + prev.res).toBeGreaterThan(10); // the history exercises what it checks
    expect(f.opened).toEqual({ current: cur.opened, previous: prev.opened });
    expect(f.acknowledged).toEqual({ current: cur.acks, previous: prev.acks });
    expect(f.resolved).toEqual({ current: cur.res, previous: prev.res });
    for (const [got, want] of [[f.mttaSeconds.current, cur.mtta], [f.mttaSeconds.previous, prev.mtta], [f.mttrSeconds.current, cur.mttr], [f.mttrSeconds.previous, prev.mttr]] as const) {
      if (want === null) expect(got).toBeNull();
      else expect(got).toBeCloseTo(want, 3);
    }
    expect(f.falsePositiveRate.current).toBeCloseTo(cur.fpRate ?? NaN, 10);

    const unresolvedAt = (at: Date) => issues.filter((i) => i.createdAt < at && UNRESOLVED.includes(statusAt(i.entries, at)));
    const end = unresolvedAt(NOW);
    expect(f.backlog).toEqual({ current: end.length, previous: unresolvedAt(new Date(WINDOWS.current.from)).length });
    const ages = [0, 0, 0, 0];
    for (const i of end) ages[ageBucket(NOW.getTime() - i.createdAt.getTime())] += 1;
    expect([0, 1, 2, 3].map((b) => f.backlogBySeverity.reduce((a, r) => a + r.ages[b], 0))).toEqual(ages);

    for (const p of f.flow) {
      const bucket = { from: p.t, to: new Date(Date.parse(p.t) + 86_400_000).toISOString() };
      const inBucket = (d: Date | undefined) => d !== undefined && within(d, bucket) && within(d, WINDOWS.current);
      expect(p.opened).toBe(issues.filter((i) => inBucket(i.createdAt)).length);
      expect(p.acknowledged).toBe(issues.filter((i) => inBucket(firstAcknowledgement(i.entries)?.at)).length);
      expect(p.resolved).toBe(issues.filter((i) => inBucket(firstResolution(i.entries)?.at)).length);
    }
  });
});
