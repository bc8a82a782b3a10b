// The dashboard's contract: what lib/dashboard answers and the page draws. Pure types.
import type { HistogramBucket, HistogramInterval, Severity } from "@/lib/events/types";

/** [from, to) as ISO instants. */
export interface DashboardWindow {
  from: string;
  to: string;
}

/** The range shown, the period of the same length just before it (the deltas), and the bucket of per-day charts. */
export interface DashboardWindows {
  current: DashboardWindow;
  previous: DashboardWindow;
  /** Buckets of the issue, block and detection series: hours up to two days, days beyond. */
  bucket: BucketInterval;
  /** min(to, now): where "open at the end" and agent silence are measured. */
  end: string;
  /** The range reaches now: its end figures are the current state (and the queue's links show them). */
  live: boolean;
}

export type BucketInterval = "1h" | "1d";

/** A figure in the range and in the previous period; null where there is nothing to measure (a mean of no issues). */
export interface Figure {
  current: number | null;
  previous: number | null;
}

export interface TopItem {
  value: string;
  count: number;
  /** Its count in the previous period; null when it is not known (the previous period's list was cut). */
  previous: number | null;
}

/** What the dashboard lists top values of: event facets (lib/events/fields.ts), destination as below. */
export const TOP_FIELDS = ["type", "agent", "cluster", "repository", "workflow", "destination"] as const;
export type TopField = (typeof TOP_FIELDS)[number];

export interface EventFigures {
  total: Figure;
  detections: Figure;
  bySeverity: Record<Severity, Figure>;
  histogram: HistogramBucket[];
  histogramInterval: HistogramInterval | null;
  detectionSeries: { t: string; count: number }[];
  detectionInterval: HistogramInterval | null;
  top: Record<TopField, TopItem[]>;
  /** The facet behind top.destination: "destination" (the original domain, else the remote IP), or "domain" where that is no facet. */
  destinationField: "destination" | "domain";
  /** Agents that sent events; `capped` when there are more than were counted. */
  activeAgents: Figure & { capped: boolean };
}

export interface BacklogRow {
  severity: Severity;
  /** Unresolved issues at the end of the range by age: < 1 day, 1–7 days, 7–30 days, 30 days and more. */
  ages: [number, number, number, number];
  total: number;
  /** Unresolved at the start of the range. */
  atStart: number;
}

export interface FlowPoint {
  t: string;
  opened: number;
  resolved: number;
  acknowledged: number;
  /** Mean seconds to acknowledge / resolve of the issues acknowledged / resolved in the bucket. */
  mttaSeconds: number | null;
  mttrSeconds: number | null;
}

export interface FalsePositiveRow {
  value: string;
  /** Issues seen in the range. */
  total: number;
  /** Of those, resolved, closed or given a verdict flag. */
  triaged: number;
  falsePositives: number;
  rate: number | null;
  previousRate: number | null;
}

export interface WorkloadRow {
  /** The member's id (the queue's assignee filter), null for an actor that is no member (an API key). */
  userId: string | null;
  name: string;
  /** Unresolved issues assigned to them now. */
  openAssigned: number;
  /** Issues assigned to them in the range. */
  assigned: Figure;
  /** Issues they resolved or closed (first resolution) in the range. */
  resolved: Figure;
}

export interface TriageFigures {
  /** Unresolved issues: current = at the end of the range, previous = at its start. */
  backlog: Figure;
  backlogBySeverity: BacklogRow[];
  inProgress: number;
  opened: Figure;
  acknowledged: Figure;
  resolved: Figure;
  mttaSeconds: Figure;
  mttrSeconds: Figure;
  flow: FlowPoint[];
  falsePositiveRate: Figure;
  falsePositivesByType: FalsePositiveRow[];
  falsePositivesByPolicy: FalsePositiveRow[];
  workload: WorkloadRow[];
}

export interface BlockedDestination {
  value: string;
  type: string;
  /** Events to the destination in the range and the previous period. */
  events: Figure;
  /** Block rules for it (one per scope). */
  rules: number;
  scopes: string[];
  firstBlockedAt: string;
}

export interface BlockFigures {
  created: Figure;
  series: { t: string; count: number }[];
  top: BlockedDestination[];
}

export interface SilentAgent {
  id: string;
  name: string;
  kind: string;
  lastSeenAt: string;
}

export interface AgentFigures {
  /** Agents the tenant has ever seen. */
  known: number;
  /** Hosts and Kubernetes agents that sent events in the range and nothing in the last hour before its end. */
  silent: number;
  silentAgents: SilentAgent[];
}

/** A bucket of the group-by explorer's tree (lib/dashboard/explorer.ts). */
export interface ExplorerNode {
  /** The value grouped by (an agent's id for agent); null: events without a value. */
  key: string | null;
  label: string;
  count: number;
  /** The value the Events search filters this bucket by: the key, or an agent's name where no other agent of the tenant has it; null for no value. */
  filter: string | null;
  /** The next level, most frequent first; empty at the last level. */
  children: ExplorerNode[];
  /** Events in the next level's buckets that its limit left out, and how many buckets. */
  other: number;
  otherBuckets: number;
}

export interface ExplorerResult {
  from: string;
  to: string;
  /** The fields grouped by, top level first. */
  by: string[];
  limit: number;
  /** Events in the window. */
  count: number;
  buckets: ExplorerNode[];
  other: number;
  otherBuckets: number;
}

/** A detection rule's false-positive rate (lib/rules/false-positives.ts): `value` is its rule_id. */
export interface RuleFalsePositiveRow extends FalsePositiveRow {
  /** detection_rules.id */
  ruleId: string;
  /** The rule set's ruleset_id, and its row's id (the rule's page is /rules/<ruleSetId>/<ruleId>). */
  rulesetId: string;
  ruleSetId: string;
}
