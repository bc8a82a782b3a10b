// The statistics contract shared by lib/stats, the API routes and the dashboard (Argus's event
// statistics, seed 004). Pure types: safe to import from client components.

/** What a bucket's key stands for: its id, a name for people, and the kind of thing it is. */
export interface StatsMetadata {
  /** The key (an agent's or user's id, a severity, a type); null for the bucket of rows without a value. */
  identifier: string | null;
  name: string;
  /** The field grouped by: "severity", "agent", "assignee", … */
  type: string;
}

export interface StatsBucket {
  /** The value grouped by (an agent or user id for agent and assignee); null: rows without a value. */
  key: string | null;
  count: number;
  metadata: StatsMetadata;
  /** Counts of the named time ranges, each over its own range. */
  timeRangeMetrics: Record<string, number>;
  /** The next level, most frequent first; empty at the last level. */
  buckets: StatsBucket[];
  /** Where a next level exists: rows in its buckets that the level's limit left out, and how many buckets. */
  other?: number;
  otherBuckets?: number;
}

export interface StatsTimeRange {
  name: string;
  from: string;
  to: string;
}

export interface StatsResponse {
  /** The window `count` counts; null for issues asked without one (every issue). */
  from: string | null;
  to: string | null;
  /** The fields grouped by, one per level. */
  groupBy: string[];
  count: number;
  timeRangeMetrics: Record<string, number>;
  /** The named time ranges, resolved (relative ones against the time of the request). */
  timeRanges: StatsTimeRange[];
  buckets: StatsBucket[];
  other: number;
  otherBuckets: number;
}
