import type { PoolClient } from "pg";
import { lineageInsertFrom } from "@/lib/lineage/write";
import type { AgentRow, EventRow } from "./event-row";
import type { ProcessNodeRow } from "./process-nodes";

// Set-based SQL for the ingest hot path: one statement per table per batch, rows passed as
// parallel arrays through unnest(). Callers sort rows by key so concurrent batches lock in
// the same order and cannot deadlock.

/**
 * The tenant ($1) as the key lookups compare it: behind a sub-select, so the planner plans for
 * an average tenant instead of the value. With the value, a tenant that the statistics do not
 * know yet (a new one, mid-way through its first big load) is estimated at one row, every
 * tenant-leading index looks equally cheap, and the planner picks one that filters the whole
 * tenant per key instead of the unique (tenant, key) probe.
 */
const TENANT = "(SELECT $1::uuid)";

function column<T, K extends keyof T>(rows: T[], key: K): T[K][] {
  return rows.map((r) => r[key]);
}

/** The raw hashes (see rawHashOf) that events of this tenant and format already hold. */
export async function selectKnownRawHashes(
  client: PoolClient,
  tenantId: string,
  format: string,
  hashes: string[],
): Promise<Set<string>> {
  if (hashes.length === 0) return new Set();
  const res = await client.query<{ raw_hash: string }>(
    // One index probe per hash, whatever the statistics say (see TENANT): a new column's
    // missing statistics, or a tenant newer than them, made the planner scan the whole tenant.
    `SELECT k.hash AS raw_hash FROM unnest($2::uuid[]) AS k(hash)
       CROSS JOIN LATERAL (SELECT 1 FROM event_identities i
                            WHERE i.tenant_id = ${TENANT} AND i.raw_hash = k.hash AND i.source_format = $3 LIMIT 1) hit`,
    [tenantId, hashes, format],
  );
  return new Set(res.rows.map((r) => r.raw_hash));
}

/** An event as stored: its content hash, and the columns an update's lineage compares. */
export type StoredEvent = Record<string, unknown> & { contentHash: string };

/**
 * The stored events of these keys (absent keys are left out): their content hash tells an
 * unchanged resend, their columns the fields an update changes.
 */
export async function selectStoredEvents(
  client: PoolClient,
  tenantId: string,
  keys: string[],
): Promise<Map<string, StoredEvent>> {
  if (keys.length === 0) return new Map();
  const res = await client.query<StoredEvent>(
    // One unique-index probe of event_identities per key, then one of the event's partition. The tenant is hidden from the planner (see TENANT):
    // a tenant newer than the table's statistics was estimated at one row, and the plan became
    // a scan of the whole tenant per batch (1.1 s at 300k events).
    `SELECT event_key AS "eventKey", content_hash AS "contentHash", occurred_at AS "occurredAt", kind, type, severity,
            title, cluster, namespace, node, pod, container, image, hostname, repository, workflow,
            process_exe AS "processExe", process_args AS "processArgs", process_pid AS "processPid",
            process_ppid AS "processPpid", process_uid AS "processUid", parent_exe AS "parentExe",
            remote_address AS "remoteAddress", remote_port AS "remotePort", remote_name AS "remoteName", protocol,
            domain, file_path AS "filePath", action, outcome, policy_name AS "policyName", flags
       FROM unnest($2::text[]) AS k(key)
       CROSS JOIN LATERAL (SELECT e.* FROM event_identities i
                             JOIN events e ON e.id = i.id AND e.occurred_at = i.occurred_at
                            WHERE i.tenant_id = ${TENANT} AND i.event_key = k.key LIMIT 1) e`,
    [tenantId, keys],
  );
  return new Map(res.rows.map((r) => [r.eventKey as string, r]));
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

/** Each column with its type and the EventRow field the batch's JSON carries it in. */
const EVENT_COLUMNS = [
  ["event_key", "text", "eventKey"], ["content_hash", "text", "contentHash"], ["raw_hash", "uuid", "rawHash"],
  ["occurred_at", "timestamptz", "occurredAt"], ["kind", "text", "kind"], ["type", "text", "type"],
  ["severity", "text", "severity"], ["source_format", "text", "sourceFormat"], ["title", "text", "title"],
  ["cluster", "text", "cluster"], ["namespace", "text", "namespace"], ["node", "text", "node"], ["pod", "text", "pod"],
  ["container", "text", "container"], ["image", "text", "image"], ["hostname", "text", "hostname"],
  ["repository", "text", "repository"], ["workflow", "text", "workflow"], ["process_exe", "text", "processExe"],
  ["process_comm", "text", "processComm"], ["process_args", "text", "processArgs"], ["process_pid", "int", "processPid"],
  ["process_ppid", "int", "processPpid"], ["process_uid", "int", "processUid"], ["parent_exe", "text", "parentExe"],
  ["remote_address", "text", "remoteAddress"], ["remote_port", "int", "remotePort"], ["remote_name", "text", "remoteName"],
  ["protocol", "text", "protocol"], ["domain", "text", "domain"], ["file_path", "text", "filePath"],
  ["action", "text", "action"], ["outcome", "text", "outcome"], ["policy_name", "text", "policyName"],
  ["flags", "text[]", "flags"], ["process", "jsonb", "process"], ["ancestry", "jsonb", "ancestry"], ["flow", "jsonb", "flow"],
  ["dns_names", "text[]", "dnsNames"], ["destination", "text", "destination"], ["file", "jsonb", "file"],
] as const satisfies readonly (readonly [string, string, keyof EventRow])[];

/** What a changed resend rewrites (with agent_id and updated_at): everything but the key. */
const UPDATED_COLUMNS = EVENT_COLUMNS.filter(([c]) => c !== "event_key");

// One statement writes a batch: the events (inserted, or updated when their content changed),
// their raw payloads, and a "created" lineage entry for each new one. The bodies travel as one
// bytea parameter (node-pg sends a Buffer as binary, unescaped) cut apart by byte offsets: no
// JSON escaping in JavaScript, no JSON parsing in PostgreSQL (the payload insert took 58 µs per
// ≈ 3 kB body as a JSON array, 27 µs so).
// Identity is event_identities' (tenant_id, event_key) key, since events is partitioned by time
// and a changed resend may move to another week: the upsert there decides what is new, what
// changed and what is unchanged, and hands out the ids; the events rows follow in the same
// statement. An update finds its row by (id, previous time), so only one partition is probed,
// and PostgreSQL moves the row when its week changed.
const WRITE_EVENTS_SQL = `WITH input AS MATERIALIZED (
       SELECT a.id AS agent_id, u.*
         FROM jsonb_to_recordset($3::jsonb) AS u("agentKey" text, ${EVENT_COLUMNS.map(([, t, f]) => `"${f}" ${t}`).join(", ")})
         JOIN unnest($4::text[], $5::uuid[]) AS a(key, id) ON a.key = u."agentKey"
     ), identity AS (
       INSERT INTO event_identities AS i (tenant_id, event_key, content_hash, raw_hash, source_format, occurred_at)
       SELECT $1, u."eventKey", u."contentHash", u."rawHash", u."sourceFormat", u."occurredAt" FROM input u ORDER BY u."eventKey"
       ON CONFLICT (tenant_id, event_key) DO UPDATE SET content_hash = EXCLUDED.content_hash, raw_hash = EXCLUDED.raw_hash,
         source_format = EXCLUDED.source_format, occurred_at = EXCLUDED.occurred_at, previous_occurred_at = i.occurred_at
       WHERE i.content_hash IS DISTINCT FROM EXCLUDED.content_hash
       RETURNING id, event_key, (xmax = 0) AS inserted, previous_occurred_at
     ), inserted AS (
       INSERT INTO events (id, tenant_id, received_at, updated_at, agent_id, ${EVENT_COLUMNS.map(([c]) => c).join(", ")})
       SELECT d.id, $1, $2::timestamptz, $2::timestamptz, u.agent_id, ${EVENT_COLUMNS.map(([, , f]) => `u."${f}"`).join(", ")}
         FROM identity d JOIN input u ON u."eventKey" = d.event_key
        WHERE d.inserted
       RETURNING id, event_key, source_format, type, severity
     ), updated AS (
       UPDATE events e SET updated_at = $2::timestamptz, agent_id = u.agent_id,
         ${UPDATED_COLUMNS.map(([c, , f]) => `${c} = u."${f}"`).join(", ")}
         FROM identity d JOIN input u ON u."eventKey" = d.event_key
        WHERE NOT d.inserted AND e.id = d.id AND e.occurred_at = d.previous_occurred_at AND e.tenant_id = $1
       RETURNING e.id, e.event_key, e.source_format, e.type, e.severity
     ), written AS (
       SELECT id, event_key, true AS inserted, source_format, type, severity FROM inserted
       UNION ALL
       SELECT id, event_key, false AS inserted, source_format, type, severity FROM updated
     ), payloads AS (
       INSERT INTO event_payloads (event_id, tenant_id, format, body)
       SELECT w.id, $1, $6, convert_from(substring($7::bytea FROM b.start FOR b.len), 'UTF8')
         FROM written w JOIN unnest($8::text[], $9::int[], $10::int[]) AS b(key, start, len) ON b.key = w.event_key
       ON CONFLICT (event_id) DO UPDATE SET body = EXCLUDED.body, format = EXCLUDED.format
     ), queued AS (
       INSERT INTO grouping_queue (event_id, tenant_id, actor)
       SELECT w.id, $1, $11 FROM written w WHERE w.event_key = ANY($12::text[]) ORDER BY w.id
       ON CONFLICT (event_id) DO NOTHING
     ), created AS (
       ${lineageInsertFrom(`SELECT $1, 'event', w.id::text, 'created', $11,
              jsonb_build_object('sourceFormat', w.source_format, 'type', w.type, 'severity', w.severity)
         FROM written w WHERE w.inserted ORDER BY w.id`)}
     )
     SELECT id, event_key, inserted FROM written`;

/**
 * Inserts new events and updates changed ones (a row whose content hash is unchanged is left
 * alone and not returned), with their payloads, the lineage of the new ones, and the written
 * events of `groupKeys` queued for grouping into issues. Each row's agent is found by its key
 * in `agentIds`.
 */
export async function writeEvents(
  client: PoolClient,
  batch: { tenantId: string; actor: string; format: string; now: string },
  events: { eventKey: string; rowJson: string; raw: string }[],
  agentIds: Map<string, string>,
  groupKeys: string[],
): Promise<UpsertedEvent[]> {
  const bodies = events.map((e) => Buffer.from(e.raw, "utf8"));
  const starts: number[] = [];
  let offset = 1;
  for (const b of bodies) {
    starts.push(offset);
    offset += b.length;
  }
  // Rows travel as one JSON array of the EventRows (each serialised by the caller): V8's
  // JSON.stringify is far cheaper than forty escaped array literals. PostgreSQL reads it as jsonb: json_to_recordset re-parsed each row's nested objects for its
  // jsonb columns (118 µs per event, measured); jsonb_to_recordset takes 23–31 µs.
  const res = await client.query<{ id: string; event_key: string; inserted: boolean }>(WRITE_EVENTS_SQL, [
    batch.tenantId,
    batch.now,
    `[${events.map((e) => e.rowJson).join(",")}]`,
    [...agentIds.keys()],
    [...agentIds.values()],
    batch.format,
    Buffer.concat(bodies),
    events.map((e) => e.eventKey),
    starts,
    bodies.map((b) => b.length),
    batch.actor,
    groupKeys,
  ]);
  return res.rows.map((r) => ({ id: String(r.id), eventKey: r.event_key, inserted: r.inserted }));
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
