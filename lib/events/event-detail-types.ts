// The event detail contract: what GET /api/v1/events/{id} returns and the detail page renders.
// Pure types, safe to import from client components.
import type { FileInfo, FlowInfo, ProcessInfo } from "@/lib/ingest/types";
import type { EventListItem } from "./types";

export interface AgentDetail {
  id: string;
  name: string;
  /** standalone, kubernetes or github */
  kind: string;
  sourceFormat: string;
  externalKey: string;
  hostname: string | null;
  os: string | null;
  arch: string | null;
  version: string | null;
  cluster: string | null;
  namespace: string | null;
  node: string | null;
  pod: string | null;
  container: string | null;
  image: string | null;
  repository: string | null;
  workflow: string | null;
  job: string | null;
  runId: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
}

/** Everything the results table shows, plus identity, the agent's full context and the JSON parts. */
export interface EventDetail extends Omit<EventListItem, "agent"> {
  /** Identity inside the tenant: "<format>:id:<source id>" or a content hash key. */
  eventKey: string;
  contentHash: string;
  updatedAt: string;
  agent: AgentDetail | null;
  /** The event's process as normalized at ingest, with its reported parent under `parent`. */
  process: (ProcessInfo & { parent?: ProcessInfo }) | null;
  /** Ancestors nearest-first. */
  ancestry: ProcessInfo[] | null;
  flow: FlowInfo | null;
  /** Garnet order: [IP, CNAME_N, …, CNAME_1, original domain]. */
  dnsNames: string[];
  file: FileInfo | null;
  /** The stored raw body (GET …/payload returns it verbatim). */
  payload: { format: string; bytes: number } | null;
}

/** TanStack Query keys of the detail page; the tenant comes first, as in every key factory. */
export const eventDetailKeys = {
  all: (tenantId: string) => ["event-detail", tenantId] as const,
  payload: (tenantId: string, id: string) => [...eventDetailKeys.all(tenantId), id, "payload"] as const,
};
