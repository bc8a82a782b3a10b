import "server-only";
import { z } from "zod";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { pool } from "@/lib/db";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import {
  ancestorsOf,
  buildProcessTree,
  EMPTY_PROCESS,
  processRecordOf,
  type ProcessRecord,
  type ProcessTree,
  type WindowEvent,
} from "./build-process-tree";
import { parseEventId } from "./event-detail";

// Queries the inputs of an event's process tree and hands them to the pure builder: the event,
// its ancestors from process_nodes (walked by ppid), other processes of the same agent seen in a
// window around it (one level below every ancestor, several below the event's own process),
// and the agent's events in that window naming any of those processes. Four indexed queries.

export const GetProcessTreeInput = z.object({
  id: z.string(),
  /** Minutes either side of the event; default 60. */
  window: z.coerce.number().int().min(1).max(24 * 60).optional(),
});
export type GetProcessTreeInput = z.infer<typeof GetProcessTreeInput>;

const MAX_WALK = 64;
const DESCENDANT_LEVELS = 6;
const MAX_PROCESS_ROWS = 4000;
const MAX_EVENT_ROWS = 4000;

interface EventRow {
  id: string;
  agent_id: string | null;
  occurred_at: Date;
  type: string;
  severity: string;
  title: string | null;
  process: unknown;
  ancestry: unknown;
  process_pid: number | null;
  process_ppid: number | null;
  process_exe: string | null;
  process_comm: string | null;
  process_args: string | null;
  process_uid: number | null;
}

interface NodeRow {
  pid: number;
  ppid: number | null;
  exe: string | null;
  comm: string | null;
  args: string | null;
  uid: number | null;
  started_at: Date | null;
}

const NODE_COLUMNS = "pid, ppid, exe, comm, args, uid, started_at";

function nodeRecord(r: NodeRow): ProcessRecord {
  return { pid: r.pid, ppid: r.ppid, exe: r.exe, comm: r.comm, args: r.args, uid: r.uid, user: null, start: r.started_at?.toISOString() ?? null };
}

/** The event's own process: its JSON, completed from the typed columns. */
function selfOf(e: EventRow): ProcessRecord | null {
  const fromJson = processRecordOf(e.process);
  const columns: ProcessRecord = {
    ...EMPTY_PROCESS,
    pid: e.process_pid, ppid: e.process_ppid, exe: e.process_exe, comm: e.process_comm, args: e.process_args, uid: e.process_uid,
  };
  if (!fromJson) return Object.values(columns).some((v) => v !== null) ? columns : null;
  return {
    ...fromJson,
    pid: fromJson.pid ?? columns.pid,
    ppid: fromJson.ppid ?? columns.ppid,
    exe: fromJson.exe ?? columns.exe,
    comm: fromJson.comm ?? columns.comm,
    args: fromJson.args ?? columns.args,
    uid: fromJson.uid ?? columns.uid,
  };
}

async function walkAncestors(tenantId: string, agentId: string, startPid: number, at: Date): Promise<ProcessRecord[]> {
  // One row per level: among the nodes with that pid (pid reuse), the one started last before
  // the event, else the one seen closest to it. The tenant is checked once, on the agent (its
  // process nodes are its tenant's), so every level is a probe of the (agent_id, pid) unique
  // index whatever the planner's statistics say.
  const pick = `ORDER BY (started_at IS NOT NULL AND started_at <= $3) DESC, started_at DESC NULLS LAST,
                         abs(extract(epoch FROM last_seen_at - $3)) LIMIT 1`;
  const res = await pool().query<NodeRow & { depth: number }>(
    `WITH RECURSIVE up AS (
       SELECT n.*, 1 AS depth FROM agents a CROSS JOIN LATERAL (
         SELECT ${NODE_COLUMNS} FROM process_nodes WHERE agent_id = a.id AND pid = $4 ${pick}) n
        WHERE a.id = $2 AND a.tenant_id = $1
       UNION ALL
       SELECT p.*, up.depth + 1 FROM up CROSS JOIN LATERAL (
         SELECT ${NODE_COLUMNS} FROM process_nodes WHERE agent_id = $2 AND pid = up.ppid ${pick}) p
        WHERE up.depth < $5 AND up.ppid > 0 AND up.ppid <> up.pid)
     SELECT * FROM up ORDER BY depth`,
    [tenantId, agentId, at, startPid, MAX_WALK],
  );
  return res.rows.map(nodeRecord);
}

async function nearbyProcesses(
  tenantId: string,
  agentId: string,
  parentPids: number[],
  selfPid: number | null,
  from: Date,
  to: Date,
): Promise<{ rows: ProcessRecord[]; truncated: boolean }> {
  // Children of every ancestor (siblings, aunts) one level deep; below the event's own process,
  // descendants several levels deep.
  const res = await pool().query<NodeRow>(
    `WITH RECURSIVE near AS (
       SELECT ${NODE_COLUMNS}, (ppid = $4) AS below_self, 1 AS depth FROM process_nodes
        WHERE tenant_id = $1 AND agent_id = $2 AND ppid = ANY($3::int[])
          AND last_seen_at >= $5 AND first_seen_at <= $6
       UNION ALL
       SELECT p.pid, p.ppid, p.exe, p.comm, p.args, p.uid, p.started_at, true, near.depth + 1
         FROM near JOIN process_nodes p ON p.tenant_id = $1 AND p.agent_id = $2 AND p.ppid = near.pid
        WHERE near.below_self AND near.depth < $7 AND p.last_seen_at >= $5 AND p.first_seen_at <= $6)
     SELECT ${NODE_COLUMNS} FROM near ORDER BY depth, started_at NULLS LAST LIMIT $8`,
    [tenantId, agentId, parentPids, selfPid ?? -1, from, to, DESCENDANT_LEVELS, MAX_PROCESS_ROWS + 1],
  );
  const truncated = res.rows.length > MAX_PROCESS_ROWS;
  return { rows: res.rows.slice(0, MAX_PROCESS_ROWS).map(nodeRecord), truncated };
}

async function windowEvents(
  tenantId: string,
  agentId: string,
  pids: number[],
  from: Date,
  to: Date,
): Promise<{ rows: WindowEvent[]; truncated: boolean }> {
  const res = await pool().query<EventRow & { start: string | null; user: string | null }>(
    `SELECT id, occurred_at, type, severity, title, process_pid, process_ppid, process_exe, process_comm,
            process_args, process_uid, process->>'start' AS start, process->>'user' AS "user"
       FROM events
      WHERE tenant_id = $1 AND agent_id = $2 AND occurred_at >= $3 AND occurred_at <= $4 AND process_pid = ANY($5::int[])
      ORDER BY occurred_at, id LIMIT $6`,
    [tenantId, agentId, from, to, pids, MAX_EVENT_ROWS + 1],
  );
  const truncated = res.rows.length > MAX_EVENT_ROWS;
  const rows = res.rows.slice(0, MAX_EVENT_ROWS).map((r) => ({
    id: String(r.id),
    occurredAt: r.occurred_at.toISOString(),
    type: r.type,
    severity: r.severity,
    title: r.title,
    process: {
      pid: r.process_pid, ppid: r.process_ppid, exe: r.process_exe, comm: r.process_comm, args: r.process_args,
      uid: r.process_uid, user: r.user, start: r.start,
    },
  }));
  return { rows, truncated };
}

function pidsOf(records: (ProcessRecord | null)[]): number[] {
  return [...new Set(records.flatMap((p) => (p?.pid !== null && p?.pid !== undefined && p.pid > 0 ? [p.pid] : [])))];
}

export async function getProcessTree({ ctx, input }: { ctx: CallerContext; input: GetProcessTreeInput }): Promise<ProcessTree> {
  if (!roleCan(ctx.role, "read")) throw new ForbiddenError();
  const { id: rawId, window = 60 } = GetProcessTreeInput.parse(input);
  const id = parseEventId(rawId);
  if (!id) throw new NotFoundError("Event");
  const found = await pool().query<EventRow>(
    `SELECT id, agent_id, occurred_at, type, severity, title, process, ancestry, process_pid, process_ppid,
            process_exe, process_comm, process_args, process_uid
       FROM events WHERE tenant_id = $1 AND id = $2`,
    [ctx.tenantId, id],
  );
  if (found.rowCount === 0) throw new NotFoundError("Event");
  const e = found.rows[0];
  const at = e.occurred_at;
  const from = new Date(at.getTime() - window * 60_000);
  const to = new Date(at.getTime() + window * 60_000);
  const self = selfOf(e);
  const ancestors = ancestorsOf(e.process, e.ancestry);
  const event = {
    id: String(e.id), occurredAt: at.toISOString(), type: e.type, severity: e.severity, title: e.title,
    process: self, ancestors,
  };
  const base = { event, lineage: [], processes: [], events: [], window: { from: from.toISOString(), to: to.toISOString() } };
  if (!e.agent_id || (!self && ancestors.length === 0)) return buildProcessTree(base);

  const startPid = self?.pid ?? self?.ppid ?? ancestors.find((a) => a.pid !== null)?.pid ?? null;
  const lineage = startPid !== null && startPid > 0 ? await walkAncestors(ctx.tenantId, e.agent_id, startPid, at) : [];
  const chainPids = pidsOf([self, ...ancestors, ...lineage]);
  const near = chainPids.length > 0 ? await nearbyProcesses(ctx.tenantId, e.agent_id, chainPids, self?.pid ?? null, from, to) : { rows: [], truncated: false };
  const treePids = pidsOf([...near.rows, ...lineage, self, ...ancestors]);
  const events = treePids.length > 0 ? await windowEvents(ctx.tenantId, e.agent_id, treePids, from, to) : { rows: [], truncated: false };
  return buildProcessTree({ ...base, lineage, processes: near.rows, events: events.rows, truncated: near.truncated || events.truncated });
}
