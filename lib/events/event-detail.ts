import "server-only";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { pool } from "@/lib/db";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { isRowId } from "./pg-limits";
import { dnsChainOf, type DnsChain } from "./dns-chain";
import type { AgentDetail, EventDetail } from "./event-detail-types";
import { toListItem, type ListRow } from "./list-item";

// One event with everything the detail page shows, its raw payload, and its DNS chain.
// Tenant-scoped: an id that is not a number, unknown, or another tenant's is a 404.

export interface EventIdInput {
  id: string;
}

/** The id as the events table stores it, or null when it cannot name an event. */
export function parseEventId(id: string): string | null {
  return isRowId(id) ? id : null;
}

function requireRead(ctx: CallerContext) {
  if (!roleCan(ctx.role, "read")) throw new ForbiddenError();
}

/** Fetch-or-throw for operations on one event: its id when it exists in the caller's tenant. */
export async function requireEventId(ctx: CallerContext, rawId: string): Promise<string> {
  const id = parseEventId(rawId);
  if (!id) throw new NotFoundError("Event");
  const res = await pool().query(`SELECT 1 FROM events WHERE tenant_id = $1 AND id = $2`, [ctx.tenantId, id]);
  if (res.rowCount === 0) throw new NotFoundError("Event");
  return id;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

type Row = Record<string, unknown> & {
  id: string;
  occurred_at: Date;
  received_at: Date;
  updated_at: Date;
  a_id: string | null;
  a_first_seen_at: Date | null;
  a_last_seen_at: Date | null;
  payload_format: string | null;
  payload_bytes: number | null;
};

function agentOf(r: Row): AgentDetail | null {
  if (!r.a_id) return null;
  const s = (k: string) => (r[`a_${k}`] as string | null) ?? null;
  return {
    id: r.a_id,
    name: s("name")!,
    kind: s("kind")!,
    sourceFormat: s("source_format")!,
    externalKey: s("external_key")!,
    hostname: s("hostname"), os: s("os"), arch: s("arch"), version: s("version"),
    cluster: s("cluster"), namespace: s("namespace"), node: s("node"), pod: s("pod"), container: s("container"),
    image: s("image"), repository: s("repository"), workflow: s("workflow"), job: s("job"), runId: s("run_id"),
    firstSeenAt: iso(r.a_first_seen_at)!,
    lastSeenAt: iso(r.a_last_seen_at)!,
  };
}

function toDetail(r: Row): EventDetail {
  return {
    ...toListItem({ ...(r as unknown as ListRow), agent_name: null }),
    eventKey: r.event_key as string,
    contentHash: r.content_hash as string,
    updatedAt: r.updated_at.toISOString(),
    agent: agentOf(r),
    process: (r.process as EventDetail["process"]) ?? null,
    ancestry: Array.isArray(r.ancestry) ? (r.ancestry as EventDetail["ancestry"]) : null,
    flow: (r.flow as EventDetail["flow"]) ?? null,
    dnsNames: (r.dns_names as string[]) ?? [],
    file: (r.file as EventDetail["file"]) ?? null,
    payload: r.payload_format ? { format: r.payload_format, bytes: Number(r.payload_bytes ?? 0) } : null,
  };
}

const AGENT_COLUMNS = [
  "id", "name", "kind", "source_format", "external_key", "hostname", "os", "arch", "version", "cluster", "namespace",
  "node", "pod", "container", "image", "repository", "workflow", "job", "run_id", "first_seen_at", "last_seen_at",
];

export async function getEvent({ ctx, input }: { ctx: CallerContext; input: EventIdInput }): Promise<EventDetail> {
  requireRead(ctx);
  const id = parseEventId(input.id);
  if (!id) throw new NotFoundError("Event");
  // octet_length reads the stored size from the TOAST header: the body is not decompressed.
  const res = await pool().query<Row>(
    `SELECT e.*, ${AGENT_COLUMNS.map((c) => `a.${c} AS a_${c}`).join(", ")},
            p.format AS payload_format, octet_length(p.body) AS payload_bytes
       FROM events e
       LEFT JOIN agents a ON a.id = e.agent_id AND a.tenant_id = e.tenant_id
       LEFT JOIN event_payloads p ON p.event_id = e.id AND p.tenant_id = e.tenant_id
      WHERE e.tenant_id = $1 AND e.id = $2`,
    [ctx.tenantId, id],
  );
  if (res.rowCount === 0) throw new NotFoundError("Event");
  return toDetail(res.rows[0]);
}

export interface EventPayload {
  format: string;
  body: string;
}

/** The body the agent sent, byte for byte. */
export async function getEventPayload({ ctx, input }: { ctx: CallerContext; input: EventIdInput }): Promise<EventPayload> {
  requireRead(ctx);
  const id = parseEventId(input.id);
  if (!id) throw new NotFoundError("Event");
  const res = await pool().query<{ format: string; body: string }>(
    `SELECT p.format, p.body FROM events e JOIN event_payloads p ON p.event_id = e.id AND p.tenant_id = e.tenant_id
      WHERE e.tenant_id = $1 AND e.id = $2`,
    [ctx.tenantId, id],
  );
  if (res.rowCount === 0) throw new NotFoundError("Event payload");
  return res.rows[0];
}

export async function getEventDnsChain({ ctx, input }: { ctx: CallerContext; input: EventIdInput }): Promise<DnsChain> {
  return dnsChainOf(await getEvent({ ctx, input }));
}
