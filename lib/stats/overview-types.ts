// The dashboard's event overview (lib/stats/event-overview.ts). Pure types: safe to import from
// client components.
import type { HistogramInterval, Severity } from "@/lib/events/types";
import type { StatsBucket } from "./types";

export type OverviewTopField = "type" | "agent" | "cluster" | "repository" | "workflow" | "destination";

export interface EventOverview {
  from: string;
  to: string;
  /** The comparison period; null when none was asked for. */
  previous: { from: string; to: string } | null;
  interval: HistogramInterval;
  /** Events in the window, and in the comparison period (null without one). */
  total: { count: number; previous: number | null };
  /** Events of kind "detections", and their series (every bucket of the window at `interval`, oldest first). */
  detections: { count: number; previous: number | null; interval: HistogramInterval; series: { t: string; count: number }[] };
  /** Events per severity, in the window and the comparison period. */
  bySeverity: Record<Severity, { count: number; previous: number | null }>;
  /** Agents that sent events, in the window and the comparison period. */
  agents: { count: number; previous: number | null };
  /** Every bucket of the window, oldest first. */
  series: { t: string; count: number; bySeverity: Record<Severity, number> }[];
  /** The most frequent values of each field; `timeRangeMetrics.previous` is the comparison period's count. */
  top: Record<OverviewTopField, StatsBucket[]>;
  /** The `groupBy` tree, when one was asked for: as POST /api/v1/events/stats answers it. */
  tree?: { groupBy: string[]; buckets: StatsBucket[]; other: number; otherBuckets: number };
}
