import { describe, expect, it } from "vitest";
import type { IssueListItem } from "@/lib/issues/types";
import { planTriage } from "./triage-plan";

function issue(id: string, over: Partial<IssueListItem> = {}): IssueListItem {
  return {
    id,
    title: `Issue ${id}`,
    type: "crypto_miner_execution",
    kind: "detections",
    severity: "high",
    severityAdjusted: false,
    status: "open",
    closeReason: null,
    priority: "P3",
    assignee: null,
    flags: [],
    firstSeenAt: "2026-12-01T00:00:00.000Z",
    lastSeenAt: "2026-12-01T01:00:00.000Z",
    eventCount: 1,
    agentCount: 1,
    where: { kind: "agent", agent: null, cluster: null, namespace: null, workload: null, repository: null, workflow: null },
    destination: null,
    version: 1,
    ...over,
  };
}

const me = { id: "00000000-0000-4000-8000-000000000001" };

describe("planTriage", () => {
  it("acknowledges only the issues that are not yet, and says how many", () => {
    const plan = planTriage({ kind: "flag", flag: "acknowledged" }, [issue("1"), issue("2", { flags: ["acknowledged"] })], me);
    expect(plan.calls.map((c) => c.issue.id)).toEqual(["1"]);
    expect(plan.unchanged).toBe(1);
    expect(plan.done(1)).toBe("Acknowledged 1 issue");
  });

  it("takes a flag away when every target already has it", () => {
    const plan = planTriage({ kind: "flag", flag: "falsePositive" }, [issue("1", { flags: ["falsePositive"] }), issue("2", { flags: ["falsePositive"] })], me);
    expect(plan.calls).toHaveLength(2);
    expect(plan.done(2)).toBe("Cleared false positive on 2 issues");
  });

  it("assigns to me, or unassigns when all are mine already", () => {
    const mine = { id: me.id, name: "Ana", email: "ana@example.test" };
    expect(planTriage({ kind: "assignMe" }, [issue("1"), issue("2", { assignee: mine })], me).calls.map((c) => c.issue.id)).toEqual(["1"]);
    expect(planTriage({ kind: "assignMe" }, [issue("2", { assignee: mine })], me).done(1)).toBe("Unassigned 1 issue");
  });

  it("resolves with the reason unless already resolved with it", () => {
    const plan = planTriage(
      { kind: "close", status: "resolved", reason: "true_positive" },
      [issue("1"), issue("2", { status: "resolved", closeReason: "true_positive" }), issue("3", { status: "resolved", closeReason: "duplicate" })],
      me,
    );
    expect(plan.calls.map((c) => c.issue.id)).toEqual(["1", "3"]);
    expect(plan.done(2)).toBe("Resolved 2 issues as true positive");
  });

  it("leaves nothing to do for an empty selection", () => {
    expect(planTriage({ kind: "priority", priority: "P1" }, [], me).calls).toEqual([]);
  });
});
