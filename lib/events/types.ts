// The event search contract shared by lib/events, the API routes and the Events page.
// Pure types and constants: safe to import from client components.
import type { z } from "zod";
import type { fieldFilterSchema, searchRequestSchema } from "./schemas";

export type Severity = "low" | "medium" | "high" | "critical";

/** One row of the results table and of `data` in search responses. */
export interface EventListItem {
  id: string;
  occurredAt: string;
  receivedAt: string;
  kind: string;
  type: string;
  severity: Severity;
  sourceFormat: string;
  title: string | null;
  agent: { id: string; name: string } | null;
  hostname: string | null;
  cluster: string | null;
  namespace: string | null;
  node: string | null;
  pod: string | null;
  container: string | null;
  image: string | null;
  repository: string | null;
  workflow: string | null;
  processExe: string | null;
  processComm: string | null;
  processArgs: string | null;
  processPid: number | null;
  processPpid: number | null;
  processUid: number | null;
  parentExe: string | null;
  remoteAddress: string | null;
  remotePort: number | null;
  remoteName: string | null;
  protocol: string | null;
  domain: string | null;
  filePath: string | null;
  action: string | null;
  outcome: string | null;
  policyName: string | null;
  flags: string[];
}

/** A facet filter: the field matches any of `values` (or, with `exclude`, none of them). */
export type FieldFilter = z.input<typeof fieldFilterSchema>;

export const HISTOGRAM_INTERVALS = ["1m", "5m", "15m", "30m", "1h", "3h", "6h", "12h", "1d"] as const;
export type HistogramInterval = (typeof HISTOGRAM_INTERVALS)[number];

/** A search, as its zod schema (lib/events/schemas.ts) takes it: the one source of the request type. */
export type SearchRequest = z.input<typeof searchRequestSchema>;

export interface FacetValue {
  value: string;
  count: number;
}

export interface HistogramBucket {
  /** Bucket start, ISO-8601. */
  t: string;
  count: number;
  bySeverity: Record<Severity, number>;
}

export interface SearchResponse {
  data: EventListItem[];
  nextCursor: string | null;
  total: number;
  totalIsExact: boolean;
  facets: Record<string, FacetValue[]>;
  histogram: HistogramBucket[];
  /** The effective range and bucket size. */
  from: string;
  to: string;
  interval: HistogramInterval | null;
}

/** A query-language or filter error, with the position in `query` when it comes from there. */
export interface SearchProblem {
  detail: string;
  field?: string;
  position?: number;
}
