import type { PoolClient } from "pg";
import type { AgentRow, EventRow } from "./event-row";
import type { ProcessNodeRow } from "./process-nodes";

// Set-based SQL for the ingest hot path: one statement per table per batch, rows passed as
// parallel arrays through unnest(). Callers sort rows by key so concurrent batches lock in
// the same order and cannot deadlock.

export function pgArrayLiteral(values: string[]): string {
  return `{${values.map((v) => `"${v.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`).join(",")}}`;
}

function column<T, K extends keyof T>(rows: T[], key: K): T[K][] {
  return rows.map((r) => r[key]);
}

export async function selectExistingHashes(
  client: PoolClient,
  tenantId: string,
  keys: string[],
): Promise<Map<string, string>> {
  const res = await client.query<{ event_key: string; content_hash: string }>(
    `SELECT event_key, content_hash FROM events WHERE tenant_id = $1 AND event_key = ANY($2::text[])`,
    [tenantId, keys],
  );
  return new Map(res.rows.map((r) => [r.event_key, r.content_hash]));
}

export async function selectEventsForDiff(
  client: PoolClient,
  tenantId: string,
  keys: string[],
): Promise<Map<string, Record<string, unknown>>> {
  if (keys.length === 0) return new Map();
  const res = await client.query(
    `SELECT event_key AS "eventKey", occurred_at AS "occurredAt", kind, type, severity, title, cluster, namespace, node,
            pod, container, image, hostname, repository, workflow, process_exe AS "processExe",
            process_args AS "processArgs", process_pid AS "processPid", process_ppid AS "processPpid",
            process_uid AS "processUid", parent_exe AS "parentExe", remote_address AS "remoteAddress",
            remote_port AS "remotePort", remote_name AS "remoteName", protocol, domain, file_path AS "filePath",
            action, outcome, policy_name AS "policyName", flags
       FROM events WHERE tenant_id = $1 AND event_key = ANY($2::text[])`,
    [tenantId, keys],
  );
  return new Map(res.rows.map((r: Record<string, unknown>) => [r.eventKey as string, r]));
}

export async function upsertAgents(
  client: PoolClient,
  tenantId: string,
  format: string,
  agents: (AgentRow & { seenFirst: string; seenLast: string })[],
): Promise<Map<string, string>> {
  const c = (k: keyof AgentRow["context"]) => agents.map((a) => a.context[k] ?? null);
  const res = await client.query<{ id: string; external_key: string }>(
    `INSERT INTO agents (tenant_id, external_key, source_format, kind, name, hostname, os, arch, version, cluster,
                         namespace, node, pod, container, image, repository, workflow, job, run_id,
                         first_seen_at, last_seen_at)
     SELECT $1, u.* FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                               $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[],
                               $15::text[], $16::text[], $17::text[], $18::text[], $19::text[],
                               $20::timestamptz[], $21::timestamptz[]) AS u
     ON CONFLICT (tenant_id, external_key) DO UPDATE SET
       name = EXCLUDED.name,
       hostname = coalesce(EXCLUDED.hostname, agents.hostname), os = coalesce(EXCLUDED.os, agents.os),
       arch = coalesce(EXCLUDED.arch, agents.arch), version = coalesce(EXCLUDED.version, agents.version),
       cluster = coalesce(EXCLUDED.cluster, agents.cluster), namespace = coalesce(EXCLUDED.namespace, agents.namespace),
       node = coalesce(EXCLUDED.node, agents.node), pod = coalesce(EXCLUDED.pod, agents.pod),
       container = coalesce(EXCLUDED.container, agents.container), image = coalesce(EXCLUDED.image, agents.image),
       repository = coalesce(EXCLUDED.repository, agents.repository), workflow = coalesce(EXCLUDED.workflow, agents.workflow),
       job = coalesce(EXCLUDED.job, agents.job), run_id = coalesce(EXCLUDED.run_id, agents.run_id),
       first_seen_at = least(agents.first_seen_at, EXCLUDED.first_seen_at),
       last_seen_at = greatest(agents.last_seen_at, EXCLUDED.last_seen_at)
     RETURNING id, external_key`,
    [
      tenantId,
      column(agents, "externalKey"),
      agents.map(() => format),
      column(agents, "kind"),
      column(agents, "name"),
      c("hostname"), c("os"), c("arch"), c("version"), c("cluster"), c("namespace"), c("node"), c("pod"),
      c("container"), c("image"), c("repository"), c("workflow"), c("job"), c("runId"),
      column(agents, "seenFirst"),
      column(agents, "seenLast"),
    ],
  );
  return new Map(res.rows.map((r) => [r.external_key, r.id]));
}

export interface UpsertedEvent {
  id: string;
  eventKey: string;
  inserted: boolean;
}

export async function upsertEvents(
  client: PoolClient,
  tenantId: string,
  now: string,
  rows: (EventRow & { agentId: string })[],
): Promise<UpsertedEvent[]> {
  const res = await client.query<{ id: string; event_key: string; inserted: boolean }>(
    `INSERT INTO events (tenant_id, received_at, updated_at, event_key, content_hash, occurred_at, kind, type, severity,
                         source_format, title, agent_id, cluster, namespace, node, pod, container, image, hostname,
                         repository, workflow, process_exe, process_comm, process_args, process_pid, process_ppid,
                         process_uid, parent_exe, remote_address, remote_port, remote_name, protocol, domain, file_path,
                         action, outcome, policy_name, flags, process, ancestry, flow, dns_names, file)
     SELECT $1, $2::timestamptz, $2::timestamptz, u.event_key, u.content_hash, u.occurred_at, u.kind, u.type, u.severity,
            u.source_format, u.title, u.agent_id, u.cluster, u.namespace, u.node, u.pod, u.container, u.image,
            u.hostname, u.repository, u.workflow, u.process_exe, u.process_comm, u.process_args, u.process_pid,
            u.process_ppid, u.process_uid, u.parent_exe, u.remote_address, u.remote_port, u.remote_name, u.protocol,
            u.domain, u.file_path, u.action, u.outcome, u.policy_name, u.flags::text[], u.process::jsonb,
            u.ancestry::jsonb, u.flow::jsonb, u.dns_names::text[], u.file::jsonb
       FROM unnest($3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::text[], $9::text[],
                   $10::text[], $11::uuid[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[],
                   $17::text[], $18::text[], $19::text[], $20::text[], $21::text[], $22::text[], $23::text[],
                   $24::int[], $25::int[], $26::int[], $27::text[], $28::text[], $29::int[], $30::text[],
                   $31::text[], $32::text[], $33::text[], $34::text[], $35::text[], $36::text[], $37::text[],
                   $38::text[], $39::text[], $40::text[], $41::text[], $42::text[])
         AS u(event_key, content_hash, occurred_at, kind, type, severity, source_format, title, agent_id, cluster,
              namespace, node, pod, container, image, hostname, repository, workflow, process_exe, process_comm,
              process_args, process_pid, process_ppid, process_uid, parent_exe, remote_address, remote_port,
              remote_name, protocol, domain, file_path, action, outcome, policy_name, flags, process, ancestry, flow,
              dns_names, file)
     ON CONFLICT (tenant_id, event_key) DO UPDATE SET
       updated_at = EXCLUDED.updated_at, content_hash = EXCLUDED.content_hash, occurred_at = EXCLUDED.occurred_at,
       kind = EXCLUDED.kind, type = EXCLUDED.type, severity = EXCLUDED.severity, source_format = EXCLUDED.source_format,
       title = EXCLUDED.title, agent_id = EXCLUDED.agent_id, cluster = EXCLUDED.cluster, namespace = EXCLUDED.namespace,
       node = EXCLUDED.node, pod = EXCLUDED.pod, container = EXCLUDED.container, image = EXCLUDED.image,
       hostname = EXCLUDED.hostname, repository = EXCLUDED.repository, workflow = EXCLUDED.workflow,
       process_exe = EXCLUDED.process_exe, process_comm = EXCLUDED.process_comm, process_args = EXCLUDED.process_args,
       process_pid = EXCLUDED.process_pid, process_ppid = EXCLUDED.process_ppid, process_uid = EXCLUDED.process_uid,
       parent_exe = EXCLUDED.parent_exe, remote_address = EXCLUDED.remote_address, remote_port = EXCLUDED.remote_port,
       remote_name = EXCLUDED.remote_name, protocol = EXCLUDED.protocol, domain = EXCLUDED.domain,
       file_path = EXCLUDED.file_path, action = EXCLUDED.action, outcome = EXCLUDED.outcome,
       policy_name = EXCLUDED.policy_name, flags = EXCLUDED.flags, process = EXCLUDED.process,
       ancestry = EXCLUDED.ancestry, flow = EXCLUDED.flow, dns_names = EXCLUDED.dns_names, file = EXCLUDED.file
     WHERE events.content_hash IS DISTINCT FROM EXCLUDED.content_hash
     RETURNING id, event_key, (xmax = 0) AS inserted`,
    [
      tenantId,
      now,
      column(rows, "eventKey"), column(rows, "contentHash"), column(rows, "occurredAt"), column(rows, "kind"),
      column(rows, "type"), column(rows, "severity"), column(rows, "sourceFormat"), column(rows, "title"),
      column(rows, "agentId"), column(rows, "cluster"), column(rows, "namespace"), column(rows, "node"),
      column(rows, "pod"), column(rows, "container"), column(rows, "image"), column(rows, "hostname"),
      column(rows, "repository"), column(rows, "workflow"), column(rows, "processExe"), column(rows, "processComm"),
      column(rows, "processArgs"), column(rows, "processPid"), column(rows, "processPpid"), column(rows, "processUid"),
      column(rows, "parentExe"), column(rows, "remoteAddress"), column(rows, "remotePort"), column(rows, "remoteName"),
      column(rows, "protocol"), column(rows, "domain"), column(rows, "filePath"), column(rows, "action"),
      column(rows, "outcome"), column(rows, "policyName"), rows.map((r) => pgArrayLiteral(r.flags)),
      column(rows, "process"), column(rows, "ancestry"), column(rows, "flow"),
      rows.map((r) => pgArrayLiteral(r.dnsNames)), column(rows, "file"),
    ],
  );
  return res.rows.map((r) => ({ id: String(r.id), eventKey: r.event_key, inserted: r.inserted }));
}

export async function upsertPayloads(
  client: PoolClient,
  tenantId: string,
  format: string,
  payloads: { eventId: string; body: string }[],
): Promise<void> {
  if (payloads.length === 0) return;
  await client.query(
    `INSERT INTO event_payloads (event_id, tenant_id, format, body)
     SELECT u.event_id, $1, $2, u.body FROM unnest($3::bigint[], $4::text[]) AS u(event_id, body)
     ON CONFLICT (event_id) DO UPDATE SET body = EXCLUDED.body, format = EXCLUDED.format`,
    [tenantId, format, column(payloads, "eventId"), column(payloads, "body")],
  );
}

export async function insertLineage(
  client: PoolClient,
  tenantId: string,
  actor: string,
  entries: { subjectId: string; action: string; details: string }[],
): Promise<void> {
  if (entries.length === 0) return;
  await client.query(
    `INSERT INTO lineage_entries (tenant_id, subject_type, subject_id, action, actor, details)
     SELECT $1, 'event', u.subject_id, u.action, $2, u.details::jsonb
       FROM unnest($3::text[], $4::text[], $5::text[]) AS u(subject_id, action, details)`,
    [tenantId, actor, column(entries, "subjectId"), column(entries, "action"), column(entries, "details")],
  );
}

export async function upsertProcessNodes(
  client: PoolClient,
  tenantId: string,
  nodes: (ProcessNodeRow & { agentId: string })[],
): Promise<void> {
  if (nodes.length === 0) return;
  await client.query(
    `INSERT INTO process_nodes (tenant_id, agent_id, pid, start_key, ppid, exe, comm, args, uid, started_at,
                                first_seen_at, last_seen_at)
     SELECT $1, u.agent_id, u.pid, u.start_key, u.ppid, u.exe, u.comm, u.args, u.uid, u.started_at, u.seen_at, u.seen_at
       FROM unnest($2::uuid[], $3::int[], $4::bigint[], $5::int[], $6::text[], $7::text[], $8::text[], $9::int[],
                   $10::timestamptz[], $11::timestamptz[])
         AS u(agent_id, pid, start_key, ppid, exe, comm, args, uid, started_at, seen_at)
     ON CONFLICT (agent_id, pid, start_key) DO UPDATE SET
       ppid = coalesce(EXCLUDED.ppid, process_nodes.ppid), exe = coalesce(EXCLUDED.exe, process_nodes.exe),
       comm = coalesce(EXCLUDED.comm, process_nodes.comm), args = coalesce(EXCLUDED.args, process_nodes.args),
       uid = coalesce(EXCLUDED.uid, process_nodes.uid),
       first_seen_at = least(process_nodes.first_seen_at, EXCLUDED.first_seen_at),
       last_seen_at = greatest(process_nodes.last_seen_at, EXCLUDED.last_seen_at)`,
    [
      tenantId,
      column(nodes, "agentId"), column(nodes, "pid"), column(nodes, "startKey"), column(nodes, "ppid"),
      column(nodes, "exe"), column(nodes, "comm"), column(nodes, "args"), column(nodes, "uid"),
      column(nodes, "startedAt"), column(nodes, "seenAt"),
    ],
  );
}
