// The issues contract shared by lib/issues, the API routes and the pages.
// Pure types and constants: safe to import from client components.
import type { Severity } from "@/lib/events/types";

export const ISSUE_STATUSES = ["open", "in_progress", "resolved", "closed"] as const;
export type IssueStatus = (typeof ISSUE_STATUSES)[number];

export const STATUS_LABELS: Record<IssueStatus, string> = { open: "Open", in_progress: "In progress", resolved: "Resolved", closed: "Closed" };

/** Why an issue was resolved or closed; required for both. */
export const CLOSE_REASONS = ["true_positive", "benign_true_positive", "false_positive", "duplicate"] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

export const CLOSE_REASON_LABELS: Record<CloseReason, string> = {
  true_positive: "True positive",
  benign_true_positive: "Benign true positive",
  false_positive: "False positive",
  duplicate: "Duplicate",
};

export const PRIORITIES = ["P1", "P2", "P3", "P4"] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Flags an analyst sets and clears (Argus semantics, seed 004). */
export const ANALYST_FLAGS = ["falsePositive", "notAThreat", "tuningCandidate", "followup", "identifiedThreat", "acknowledged"] as const;
export type AnalystFlag = (typeof ANALYST_FLAGS)[number];

/** Flags only Vigil sets: by hand they are a 400. */
export const SYSTEM_FLAGS = ["partiallyAcknowledged", "handledByAnalyst", "reassessed", "severityAdjusted", "commented", "blocked"] as const;
export type SystemFlag = (typeof SYSTEM_FLAGS)[number];
export type IssueFlag = AnalystFlag | SystemFlag;

export const FLAG_LABELS: Record<IssueFlag, string> = {
  falsePositive: "False positive",
  notAThreat: "Not a threat",
  tuningCandidate: "Tuning candidate",
  followup: "Follow-up",
  identifiedThreat: "Identified threat",
  acknowledged: "Acknowledged",
  partiallyAcknowledged: "Partially acknowledged",
  handledByAnalyst: "Handled by analyst",
  reassessed: "Reassessed",
  severityAdjusted: "Severity adjusted",
  commented: "Commented",
  blocked: "Blocked",
};

/** Sort keys of the queue; "-" means descending. */
export const ISSUE_SORTS = ["-severity", "severity", "-lastSeen", "lastSeen", "-eventCount", "eventCount", "-firstSeen", "firstSeen"] as const;
export type IssueSort = (typeof ISSUE_SORTS)[number];

export interface IssueWhereView {
  kind: "agent" | "workload" | "cicd";
  agent: { id: string; name: string } | null;
  cluster: string | null;
  namespace: string | null;
  workload: string | null;
  repository: string | null;
  workflow: string | null;
}

export interface IssueListItem {
  id: string;
  title: string;
  type: string;
  kind: string;
  severity: Severity;
  /** True when an analyst set the severity (otherwise the highest of its events). */
  severityAdjusted: boolean;
  status: IssueStatus;
  closeReason: CloseReason | null;
  priority: Priority;
  assignee: { id: string; name: string; email: string } | null;
  flags: IssueFlag[];
  firstSeenAt: string;
  lastSeenAt: string;
  eventCount: number;
  agentCount: number;
  where: IssueWhereView;
  destination: { value: string; kind: "domain" | "ip" | "file" | "exe" } | null;
  /** Send it back (If-Match or `version`) with a change: a stale one is a 409. */
  version: number;
}

export interface IssueDetail extends IssueListItem {
  eventSeverity: Severity;
  firstEventId: string;
  latestEventId: string | null;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** Whether new events of its fingerprint still join it. */
  acceptsEvents: boolean;
  /** Its events over time, for the sparkline: about 30 buckets from first to last seen. */
  sparkline: { t: string; count: number }[];
}

export interface IssueListResponse {
  data: IssueListItem[];
  nextCursor: string | null;
  /** Issues matching every filter. */
  total: number;
  /** Issues matching every filter but the status one, per status (the queue's tabs). */
  statusCounts: Record<IssueStatus, number>;
}

export interface CommentItem {
  id: string;
  subjectType: "issue" | "event";
  subjectId: string;
  author: { id: string | null; name: string };
  body: string;
  createdAt: string;
  updatedAt: string;
  edited: boolean;
  /** The caller wrote it, so may edit and delete it. */
  mine: boolean;
  version: number;
}

/** An event's assessment: its own flags and severity, and those its issue's assessment applies. */
export interface EventAssessmentView {
  flags: string[];
  inheritedFlags: string[];
  severity: Severity | null;
  version: number;
  issue: { id: string; title: string; status: IssueStatus; severity: Severity; flags: IssueFlag[]; version: number } | null;
}

export interface BulkDryRunResponse {
  dryRun: true;
  count: number;
}

export interface BulkResultResponse {
  dryRun: false;
  successes: number;
  failures: { id: string; reason: string }[];
}
