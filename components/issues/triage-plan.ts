// What a triage action does to a set of issues: which ones it changes, with which request, and
// how the result reads ("Acknowledged 3 issues"). Pure apart from the request functions it names.
import type { AssessmentInput, UpdateIssueInput } from "@/lib/issues/schemas";
import { CLOSE_REASON_LABELS, type CloseReason, type IssueDetail, type IssueListItem, type IssueStatus, type Priority } from "@/lib/issues/types";
import { assessIssue, updateIssue } from "./issues-api";

export type TriageAction =
  | { kind: "flag"; flag: "acknowledged" | "falsePositive" }
  | { kind: "assignMe" }
  | { kind: "assign"; assignee: { id: string; name: string } | null }
  | { kind: "close"; status: "resolved" | "closed"; reason: CloseReason }
  | { kind: "status"; status: Extract<IssueStatus, "open" | "in_progress"> }
  | { kind: "priority"; priority: Priority };

export interface TriagePlan {
  /** The issues the action changes, with the request for each. */
  calls: { issue: IssueListItem; run: () => Promise<IssueDetail> }[];
  /** "Acknowledged 3 issues" for n done. */
  done: (n: number) => string;
  /** Issues left alone because they already are as asked. */
  unchanged: number;
}

export const issues = (n: number) => `${n.toLocaleString("en")} ${n === 1 ? "issue" : "issues"}`;

function assess(issue: IssueListItem, a: AssessmentInput) {
  return { issue, run: () => assessIssue(issue.id, { ...a, version: issue.version }) };
}

function update(issue: IssueListItem, patch: Omit<UpdateIssueInput, "version">) {
  return { issue, run: () => updateIssue(issue.id, { ...patch, version: issue.version } as UpdateIssueInput) };
}

/** Flags and assignment toggle: when every target already has it, the action takes it away. */
export function planTriage(action: TriageAction, targets: readonly IssueListItem[], me: { id: string }): TriagePlan {
  const build = (pick: (i: IssueListItem) => boolean, make: (i: IssueListItem) => TriagePlan["calls"][number], done: TriagePlan["done"]): TriagePlan => {
    const changed = targets.filter(pick);
    return { calls: changed.map(make), done, unchanged: targets.length - changed.length };
  };
  switch (action.kind) {
    case "flag": {
      const { flag } = action;
      const name = flag === "acknowledged" ? null : "false positive";
      if (targets.length > 0 && targets.every((i) => i.flags.includes(flag))) {
        return build(
          () => true,
          (i) => assess(i, { disableFlags: [flag] }),
          (n) => (name ? `Cleared false positive on ${issues(n)}` : `Removed the acknowledgement of ${issues(n)}`),
        );
      }
      return build(
        (i) => !i.flags.includes(flag),
        (i) => assess(i, { enableFlags: [flag] }),
        (n) => (name ? `Marked ${issues(n)} as false positive` : `Acknowledged ${issues(n)}`),
      );
    }
    case "assignMe":
      if (targets.length > 0 && targets.every((i) => i.assignee?.id === me.id)) {
        return build(() => true, (i) => update(i, { assigneeId: null }), (n) => `Unassigned ${issues(n)}`);
      }
      return build((i) => i.assignee?.id !== me.id, (i) => update(i, { assigneeId: me.id }), (n) => `Assigned ${issues(n)} to you`);
    case "assign": {
      const { assignee } = action;
      return build(
        (i) => (i.assignee?.id ?? null) !== (assignee?.id ?? null),
        (i) => update(i, { assigneeId: assignee?.id ?? null }),
        (n) => (assignee ? `Assigned ${issues(n)} to ${assignee.name}` : `Unassigned ${issues(n)}`),
      );
    }
    case "close": {
      const { status, reason } = action;
      return build(
        (i) => i.status !== status || i.closeReason !== reason,
        (i) => update(i, { status, closeReason: reason }),
        (n) => `${status === "resolved" ? "Resolved" : "Closed"} ${issues(n)} as ${CLOSE_REASON_LABELS[reason].toLowerCase()}`,
      );
    }
    case "status": {
      const { status } = action;
      return build(
        (i) => i.status !== status,
        (i) => update(i, { status }),
        (n) => (status === "open" ? `Reopened ${issues(n)}` : `Started progress on ${issues(n)}`),
      );
    }
    case "priority": {
      const { priority } = action;
      return build((i) => i.priority !== priority, (i) => update(i, { priority }), (n) => `Set priority ${priority} on ${issues(n)}`);
    }
  }
}

/** Runs `tasks` at most `limit` at a time. */
export async function runLimited<T>(tasks: (() => Promise<T>)[], limit = 4): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next++];
      await task();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}
