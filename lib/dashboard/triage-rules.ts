// What the triage metrics count, read from an issue's lineage (lib/issues/update-issue.ts writes
// {changed, before, after} with the status; lib/issues/assess-issues.ts writes "assessed" with
// enableFlags). lib/dashboard/triage.ts computes the same in SQL, with these lists as parameters;
// these functions are the reference its tests compare with. Pure.
import type { CloseReason, IssueFlag, IssueStatus } from "@/lib/issues/types";

/** Statuses of an issue someone still has to answer. */
export const UNRESOLVED: readonly IssueStatus[] = ["open", "in_progress"];
export const RESOLVED: readonly IssueStatus[] = ["resolved", "closed"];
/** Leaving "open" for one of these acknowledges an issue. */
export const PAST_OPEN: readonly IssueStatus[] = ["in_progress", "resolved", "closed"];
/** Flags that carry an analyst's verdict: an issue with one counts as triaged even while open. */
export const VERDICT_FLAGS: readonly IssueFlag[] = ["falsePositive", "notAThreat", "identifiedThreat"];
export const FALSE_POSITIVE_FLAG: IssueFlag = "falsePositive";
export const FALSE_POSITIVE_REASON: CloseReason = "false_positive";
export const ACKNOWLEDGED_FLAG: IssueFlag = "acknowledged";

export interface IssueLineageEntry {
  at: Date;
  /** Lineage ids order entries written at the same instant. */
  id: number;
  action: string;
  actor: string;
  details: Record<string, unknown> | null;
}

function statusOf(part: unknown): IssueStatus | null {
  const s = (part as { status?: unknown } | undefined)?.status;
  return typeof s === "string" ? (s as IssueStatus) : null;
}

/** The status change an entry records, if any. */
export function statusMove(e: IssueLineageEntry): { before: IssueStatus | null; after: IssueStatus } | null {
  const after = statusOf(e.details?.after);
  return after ? { before: statusOf(e.details?.before), after } : null;
}

/** The first response to an issue: it leaves "open" (started, resolved, closed), or is flagged acknowledged. */
export function isAcknowledgement(e: IssueLineageEntry): boolean {
  const move = statusMove(e);
  if (move && move.before === "open" && PAST_OPEN.includes(move.after)) return true;
  const enabled = e.details?.enableFlags;
  return e.action === "assessed" && Array.isArray(enabled) && enabled.includes(ACKNOWLEDGED_FLAG);
}

/** An unresolved issue is resolved or closed. */
export function isResolution(e: IssueLineageEntry): boolean {
  const move = statusMove(e);
  return move !== null && move.before !== null && UNRESOLVED.includes(move.before) && RESOLVED.includes(move.after);
}

function ordered(entries: readonly IssueLineageEntry[]): IssueLineageEntry[] {
  return [...entries].sort((a, b) => a.at.getTime() - b.at.getTime() || a.id - b.id);
}

/** When the issue was first acknowledged; a later acknowledgement (after a reopen) does not count again. */
export function firstAcknowledgement(entries: readonly IssueLineageEntry[]): IssueLineageEntry | null {
  return ordered(entries).find(isAcknowledgement) ?? null;
}

/** When the issue was first resolved or closed; reopened issues count at their first resolution. */
export function firstResolution(entries: readonly IssueLineageEntry[]): IssueLineageEntry | null {
  return ordered(entries).find(isResolution) ?? null;
}

/** The issue's status just before `t`: its last status change before then, else "open". */
export function statusAt(entries: readonly IssueLineageEntry[], t: Date): IssueStatus {
  let status: IssueStatus = "open";
  for (const e of ordered(entries)) {
    if (e.at.getTime() >= t.getTime()) break;
    status = statusMove(e)?.after ?? status;
  }
  return status;
}

export interface IssueVerdict {
  status: IssueStatus;
  closeReason: CloseReason | null;
  flags: readonly string[];
}

export function isFalsePositive(i: IssueVerdict): boolean {
  return i.flags.includes(FALSE_POSITIVE_FLAG) || i.closeReason === FALSE_POSITIVE_REASON;
}

/** Answered: resolved or closed, or carrying a verdict flag. The false-positive rate is over these. */
export function isTriaged(i: IssueVerdict): boolean {
  return RESOLVED.includes(i.status) || i.flags.some((f) => (VERDICT_FLAGS as readonly string[]).includes(f));
}
