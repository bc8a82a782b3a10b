import "server-only";
import type { PoolClient } from "pg";
import type { CallerContext } from "@/lib/auth/context";
import { pool } from "@/lib/db";
import { NotFoundError, UnprocessableError } from "@/lib/errors";
import { networkDestinationOf, type NetworkDestination } from "@/lib/events/destination";
import { parseEventId } from "@/lib/events/event-detail";
import { parseIssueId } from "@/lib/issues/internal";
import type { ScopeContext } from "./scope-ref";

// What a block acts on: the destination of an event (or of an issue's newest event that has
// one) and the agent context its scope is taken from.

export type BlockSubject = { kind: "event"; id: string } | { kind: "issue"; id: string };

export interface BlockSource {
  eventId: string;
  issueId: string | null;
  destination: NetworkDestination;
  /** Where the connection went as an address, when the agent said (ip and cidr rules match it). */
  remoteAddress: string | null;
  context: ScopeContext;
}

interface Row {
  id: string;
  issue_id: string | null;
  domain: string | null;
  dns_names: string[] | null;
  remote_address: string | null;
  remote_name: string | null;
  cluster: string | null;
  namespace: string | null;
  node: string | null;
  repository: string | null;
  workflow: string | null;
}

const COLUMNS = "e.id, e.domain, e.dns_names, e.remote_address, e.remote_name, e.cluster, e.namespace, e.node, e.repository, e.workflow";

export async function loadBlockSource(ctx: CallerContext, subject: BlockSubject, db: Pick<PoolClient, "query"> = pool()): Promise<BlockSource> {
  const row = subject.kind === "event" ? await eventRow(ctx, subject.id, db) : await issueRow(ctx, subject.id, db);
  const destination = networkDestinationOf({
    domain: row.domain, dnsNames: row.dns_names ?? [], remoteAddress: row.remote_address, remoteName: row.remote_name,
  });
  if (!destination) {
    throw new UnprocessableError(
      subject.kind === "event"
        ? `Event ${subject.id} has no network destination (no domain and no remote address): there is nothing to block`
        : `Issue ${subject.id} has no event with a network destination: there is nothing to block`,
    );
  }
  return {
    eventId: String(row.id),
    issueId: row.issue_id === null ? null : String(row.issue_id),
    destination,
    remoteAddress: row.remote_address,
    context: { cluster: row.cluster, namespace: row.namespace, node: row.node, repository: row.repository, workflow: row.workflow },
  };
}

async function eventRow(ctx: CallerContext, rawId: string, db: Pick<PoolClient, "query">): Promise<Row> {
  const id = parseEventId(rawId);
  const res = id
    ? await db.query<Row>(
        `SELECT ${COLUMNS}, ie.issue_id FROM events e LEFT JOIN issue_events ie ON ie.event_id = e.id
          WHERE e.tenant_id = $1 AND e.id = $2`,
        [ctx.tenantId, id],
      )
    : null;
  if (!res?.rows[0]) throw new NotFoundError("Event");
  return res.rows[0];
}

/** The issue's newest event with a destination; an issue without one still answers with a row (and a 422 above). */
async function issueRow(ctx: CallerContext, rawId: string, db: Pick<PoolClient, "query">): Promise<Row> {
  const id = parseIssueId(rawId);
  const res = id
    ? await db.query<Row & { found: boolean }>(
        `SELECT i.id AS issue_id, ev.*
           FROM issues i
           LEFT JOIN LATERAL (
             SELECT ${COLUMNS} FROM issue_events ie JOIN events e ON e.id = ie.event_id
              WHERE ie.issue_id = i.id AND e.destination IS NOT NULL
              ORDER BY ie.occurred_at DESC, ie.event_id DESC LIMIT 1
           ) ev ON true
          WHERE i.tenant_id = $1 AND i.id = $2`,
        [ctx.tenantId, id],
      )
    : null;
  if (!res?.rows[0]) throw new NotFoundError("Issue");
  return res.rows[0];
}
