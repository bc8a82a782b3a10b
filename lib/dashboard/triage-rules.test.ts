import { describe, expect, it } from "vitest";
import { firstAcknowledgement, firstResolution, isAcknowledgement, isFalsePositive, isResolution, isTriaged, statusAt, type IssueLineageEntry } from "./triage-rules";

// Lineage as lib/issues writes it: updateIssue records {changed, before, after}; assessment
// records enableFlags/disableFlags; ingest records "created".
let nextId = 1;
const at = (iso: string) => new Date(`2026-11-${iso}Z`);
const entry = (when: string, action: string, details: Record<string, unknown> | null = null): IssueLineageEntry => ({
  at: at(when), id: nextId++, action, actor: "user:ana@example.test", details,
});
const move = (when: string, from: string, to: string, closeReason?: string) =>
  entry(when, to === "in_progress" ? "started" : ["open", "in_progress"].includes(to) && ["resolved", "closed"].includes(from) ? "reopened" : to, {
    changed: closeReason ? ["status", "closeReason"] : ["status"],
    before: { status: from, ...(closeReason && { closeReason: null }) },
    after: { status: to, ...(closeReason && { closeReason }) },
  });
const assessed = (when: string, enableFlags: string[]) => entry(when, "assessed", { enableFlags, disableFlags: [] });

describe("acknowledgement", () => {
  it("is the first move out of open, or the acknowledged flag, whichever comes first", () => {
    const created = entry("14T10:00:00", "created", { eventId: "1" });
    const flagged = assessed("14T12:00:00", ["acknowledged"]);
    const started = move("14T13:00:00", "open", "in_progress");
    expect(firstAcknowledgement([created, started, flagged])).toBe(flagged);
    expect(firstAcknowledgement([created, started])).toBe(started);
  });

  it("is not an assignment, a comment, another flag or a move between unresolved states back to open", () => {
    expect(isAcknowledgement(entry("14T11:00:00", "assigned", { changed: ["assignee"], before: { assignee: null }, after: { assignee: "ana@example.test" } }))).toBe(false);
    expect(isAcknowledgement(entry("14T11:00:00", "commented", { commentId: "c1", comment: "looking" }))).toBe(false);
    expect(isAcknowledgement(assessed("14T11:00:00", ["followup"]))).toBe(false);
    expect(isAcknowledgement(move("14T11:00:00", "in_progress", "open"))).toBe(false);
    expect(isAcknowledgement(move("14T11:00:00", "resolved", "open"))).toBe(false);
    // Resolving straight from open acknowledges it too.
    expect(isAcknowledgement(move("14T11:00:00", "open", "closed", "duplicate"))).toBe(true);
  });

  it("counts once: a reopened issue's second start is no acknowledgement", () => {
    const entries = [move("14T01:00:00", "open", "in_progress"), move("14T02:00:00", "in_progress", "resolved", "true_positive"), move("15T00:00:00", "resolved", "open"), move("15T05:00:00", "open", "in_progress")];
    expect(firstAcknowledgement(entries)?.at).toEqual(at("14T01:00:00"));
  });
});

describe("resolution", () => {
  it("is the first move from unresolved to resolved or closed; a reopened issue keeps its first", () => {
    const first = move("15T03:00:00", "in_progress", "resolved", "false_positive");
    const entries = [move("15T01:00:00", "open", "in_progress"), first, move("16T00:00:00", "resolved", "open"), move("17T00:00:00", "open", "resolved", "true_positive")];
    expect(firstResolution(entries)).toBe(first);
    expect(isResolution(move("17T00:00:00", "resolved", "closed", "duplicate"))).toBe(false);
    expect(firstResolution([assessed("15T00:00:00", ["acknowledged"])])).toBeNull();
  });
});

describe("statusAt", () => {
  const entries = [move("14T01:00:00", "open", "in_progress"), move("14T05:00:00", "in_progress", "resolved", "true_positive"), move("16T00:00:00", "resolved", "open")];
  it("replays the status changes before the instant", () => {
    expect(statusAt(entries, at("14T00:00:00"))).toBe("open");
    expect(statusAt(entries, at("14T01:00:00"))).toBe("open");
    expect(statusAt(entries, at("14T01:00:00.001"))).toBe("in_progress");
    expect(statusAt(entries, at("15T00:00:00"))).toBe("resolved");
    expect(statusAt(entries, at("17T00:00:00"))).toBe("open");
  });
});

describe("verdicts", () => {
  it("a false positive is flagged so or closed as one; triaged is resolved, closed or given a verdict", () => {
    expect(isFalsePositive({ status: "open", closeReason: null, flags: ["falsePositive"] })).toBe(true);
    expect(isFalsePositive({ status: "closed", closeReason: "false_positive", flags: [] })).toBe(true);
    expect(isFalsePositive({ status: "resolved", closeReason: "benign_true_positive", flags: ["notAThreat"] })).toBe(false);
    expect(isTriaged({ status: "open", closeReason: null, flags: ["notAThreat"] })).toBe(true);
    expect(isTriaged({ status: "in_progress", closeReason: null, flags: ["followup", "acknowledged"] })).toBe(false);
    expect(isTriaged({ status: "closed", closeReason: "duplicate", flags: [] })).toBe(true);
  });
});
