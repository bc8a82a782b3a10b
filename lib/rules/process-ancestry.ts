import type { Pool, PoolClient } from "pg";
import type { ProcessNodeRow } from "@/lib/ingest/process-nodes";
import type { ProcessInfo } from "@/lib/ingest/types";
import { ownAncestry, type RuleSourceEvent } from "./map-event";

// `process.ancestors` for events whose agent sent a short chain or only a pid/ppid (KubeArmor,
// Falco without proc.aname[n], Tetragon's parent alone, a Garnet flow of a short-lived process):
// the chain the event names, continued upward through the process nodes Vigil keeps, walked by
// ppid within the agent. One query per call, whatever the number of events: ingest calls it per
// batch (with the batch's own nodes, not yet stored), a retro-hunt per page, a rule test per read.
// The result is the event with `ancestry` filled; lib/rules/map-event.ts stays pure.

type Queryable = Pick<Pool, "query"> | PoolClient;

/** Levels of ancestry a rule can see, the event's own included. */
export const MAX_ANCESTRY_DEPTH = 16;

/** A rule whose condition can read ancestors: the cheap test that decides whether a lookup is worth it. */
export function mentionsAncestors(condition: string): boolean {
  return condition.includes("ancestors");
}

/** What the walk needs of an event besides the columns the mapping reads. */
export interface AncestrySubject extends RuleSourceEvent {
  processPid: number | null;
  processPpid: number | null;
  occurredAt: string | Date;
  /** The agent: its id (a stored event) or its external key (an event being ingested). */
  agentId?: string | null;
  agentKey?: string | null;
}

/** Stored events: the columns to select beside RULE_SOURCE_COLUMNS (and occurred_at AS "occurredAt"). */
export const ANCESTRY_COLUMNS = `e.agent_id AS "agentId", e.process_pid AS "processPid", e.process_ppid AS "processPpid"`;

/**
 * Where the walk starts: `keep` entries of the event's own chain are kept (a trailing entry that
 * names only a pid is replaced by what the nodes know of it); `ppid` is the first process to
 * fetch, or, when unknown, the ppid of the node of `pid` (the topmost process known).
 */
export interface AncestryStart {
  keep: number;
  pid: number | null;
  ppid: number | null;
  budget: number;
}

const validPid = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n) && n > 0 && n <= 2147483647;
const isBare = (p: ProcessInfo) => !p.exe && !p.args;

/** Pure: where an event's chain can be continued from the process nodes, or null when it cannot (or need not). */
export function ancestryStartOf(e: AncestrySubject): AncestryStart | null {
  const chain = ownAncestry(e);
  let keep = chain.length;
  let ppid: number | null = null;
  while (keep > 0 && isBare(chain[keep - 1]) && validPid(chain[keep - 1].pid)) ppid = chain[--keep].pid!;
  if (keep >= MAX_ANCESTRY_DEPTH) return null;
  const self = (e.process ?? {}) as ProcessInfo;
  const top: ProcessInfo = keep > 0 ? chain[keep - 1] : { pid: e.processPid ?? self.pid, ppid: e.processPpid ?? self.ppid };
  const pid = validPid(top.pid) ? top.pid : null;
  if (ppid === null) {
    // An explicit 0 is the top of the tree; pid 1 without a parent is init (of its namespace).
    if (top.ppid === 0 || (pid === 1 && !validPid(top.ppid))) return null;
    ppid = validPid(top.ppid) && top.ppid !== pid ? top.ppid : null;
  }
  if (pid === null && ppid === null) return null;
  return { keep, pid, ppid, budget: MAX_ANCESTRY_DEPTH - keep };
}

/** Pure: the event with `ancestry` = its own chain (as far as kept) + what the nodes added; unchanged when they added nothing. */
export function withAncestry<T extends RuleSourceEvent>(e: T, keep: number, found: ProcessInfo[]): T {
  if (found.length === 0) return e;
  return { ...e, ancestry: [...ownAncestry(e).slice(0, keep), ...found] };
}

// ---------- the batch's own nodes (ingest: a parent and its child in one batch) ----------

type NodeIndex = Map<string, ProcessNodeRow[]>;
const nodeKey = (agentKey: string, pid: number) => `${agentKey}\u0000${pid}`;

/**
 * The batch's nodes by (agent, pid), merged per (agent, pid, start) as they will be stored: a
 * child names its parent's pid alone, the parent's own event its exe and ppid.
 */
function indexNodes(nodes: ProcessNodeRow[]): NodeIndex {
  const index: NodeIndex = new Map();
  for (const n of nodes) {
    const k = nodeKey(n.agentKey, n.pid);
    const list = index.get(k);
    const same = list?.find((m) => m.startKey === n.startKey);
    if (!list) index.set(k, [{ ...n }]);
    else if (!same) list.push({ ...n });
    else {
      same.ppid ??= n.ppid;
      same.exe ??= n.exe;
      same.args ??= n.args;
      same.comm ??= n.comm;
      if (n.seenAt > same.seenAt) same.seenAt = n.seenAt;
    }
  }
  return index;
}

/** As the SQL picks among nodes of one pid (reuse): the one started last before the event, else the one seen closest to it. */
function pickNode(nodes: ProcessNodeRow[] | undefined, atMs: number): ProcessNodeRow | undefined {
  if (!nodes || nodes.length < 2) return nodes?.[0];
  const startedBefore = (n: ProcessNodeRow) => n.startKey > 0 && n.startKey <= atMs;
  const distance = (n: ProcessNodeRow) => Math.abs(Date.parse(n.seenAt) - atMs);
  return nodes.reduce((best, n) => {
    if (startedBefore(n) !== startedBefore(best)) return startedBefore(n) ? n : best;
    if (startedBefore(n)) return n.startKey > best.startKey ? n : best;
    return distance(n) < distance(best) ? n : best;
  });
}

const infoOf = (n: { pid: number; ppid: number | null; exe: string | null; comm: string | null; args: string | null }): ProcessInfo => {
  const p: ProcessInfo = { pid: n.pid };
  if (n.ppid !== null) p.ppid = n.ppid;
  if (n.exe !== null) p.exe = n.exe;
  if (n.comm !== null) p.comm = n.comm;
  if (n.args !== null) p.args = n.args;
  return p;
};

/**
 * Walks the batch's nodes as far as they go. A node that names nothing a rule reads (no exe, no
 * args) or no ppid hands the walk to the stored nodes, which may know more of that process.
 */
function walkBatch(index: NodeIndex, agentKey: string, start: AncestryStart, atMs: number): { found: ProcessInfo[]; rest: AncestryStart | null } {
  const found: ProcessInfo[] = [];
  let { pid, ppid } = start;
  if (ppid === null) {
    const self = pickNode(index.get(nodeKey(agentKey, pid!)), atMs);
    if (!self || !validPid(self.ppid) || self.ppid === self.pid) return { found, rest: start };
    ppid = self.ppid;
  }
  while (found.length < start.budget) {
    const rest = { keep: start.keep, budget: start.budget - found.length };
    const n = pickNode(index.get(nodeKey(agentKey, ppid)), atMs);
    if (!n || isBare(infoOf(n))) return { found, rest: { ...rest, pid, ppid } };
    found.push(infoOf(n));
    if (n.ppid === 0 || n.ppid === n.pid) return { found, rest: null };
    if (!validPid(n.ppid)) return { found, rest: { ...rest, budget: rest.budget - 1, pid: n.pid, ppid: null } };
    [pid, ppid] = [n.pid, n.ppid];
  }
  return { found, rest: null };
}

// ---------- the stored nodes ----------

interface WalkRequest {
  ref: number;
  agent_id: string | null;
  agent_key: string | null;
  pid: number | null;
  ppid: number | null;
  at: string;
  budget: number;
}

interface WalkRow {
  ref: number;
  pid: number;
  ppid: number | null;
  exe: string | null;
  comm: string | null;
  args: string | null;
}

// Per level, among the agent's nodes of that pid (pid reuse): the one started last before the
// event, else the one seen closest to it (as lib/events/process-tree.ts walks). The agent is
// checked against the tenant once; every level is then a probe of (agent_id, pid, start_key).
const PICK = (at: string) => `ORDER BY (started_at IS NOT NULL AND started_at <= ${at}) DESC, started_at DESC NULLS LAST,
             abs(extract(epoch FROM last_seen_at - ${at})) LIMIT 1`;

const WALK_SQL = `WITH RECURSIVE req AS (
  SELECT r.ref, a.id AS agent_id, r.pid, r.ppid, r.at, r.budget
    FROM jsonb_to_recordset($2::jsonb) AS r(ref int, agent_id uuid, agent_key text, pid int, ppid int, at timestamptz, budget int)
    CROSS JOIN LATERAL (
      SELECT id FROM agents WHERE tenant_id = $1 AND id = r.agent_id
      UNION ALL
      SELECT id FROM agents WHERE tenant_id = $1 AND external_key = r.agent_key AND r.agent_id IS NULL) a
), start AS (
  SELECT req.ref, req.agent_id, req.at, req.budget,
         coalesce(req.ppid, (SELECT n.ppid FROM process_nodes n WHERE n.agent_id = req.agent_id AND n.pid = req.pid ${PICK("req.at")})) AS first_pid
    FROM req
), up AS (
  SELECT s.ref, s.agent_id, s.at, s.budget, 1 AS depth, n.pid, n.ppid, n.exe, n.comm, n.args
    FROM start s CROSS JOIN LATERAL (
      SELECT pid, ppid, exe, comm, args FROM process_nodes WHERE agent_id = s.agent_id AND pid = s.first_pid ${PICK("s.at")}) n
   WHERE s.first_pid > 0 AND s.budget > 0
  UNION ALL
  SELECT up.ref, up.agent_id, up.at, up.budget, up.depth + 1, p.pid, p.ppid, p.exe, p.comm, p.args
    FROM up CROSS JOIN LATERAL (
      SELECT pid, ppid, exe, comm, args FROM process_nodes WHERE agent_id = up.agent_id AND pid = up.ppid ${PICK("up.at")}) p
   WHERE up.depth < up.budget AND up.ppid > 0 AND up.ppid <> up.pid
)
SELECT ref, pid, ppid, exe, comm, args FROM up ORDER BY ref, depth`;

async function walkStored(db: Queryable, tenantId: string, requests: WalkRequest[]): Promise<Map<number, ProcessInfo[]>> {
  const out = new Map<number, ProcessInfo[]>();
  if (requests.length === 0) return out;
  const res = await db.query<WalkRow>(WALK_SQL, [tenantId, JSON.stringify(requests)]);
  for (const r of res.rows) {
    const list = out.get(r.ref);
    if (list) list.push(infoOf(r));
    else out.set(r.ref, [infoOf(r)]);
  }
  return out;
}

/**
 * The events with `ancestry` completed from the process nodes, in order; an event whose chain
 * needs no walk (or that the walk could not continue) is returned as it is. `batchNodes`: nodes
 * named by events not stored yet (ingest), walked first. One query for all the events.
 */
export async function completeAncestry<T extends AncestrySubject>(
  db: Queryable,
  tenantId: string,
  events: T[],
  batchNodes: ProcessNodeRow[] = [],
): Promise<T[]> {
  let index: NodeIndex | null = null;
  const pending: { i: number; start: AncestryStart; found: ProcessInfo[] }[] = [];
  const requests: WalkRequest[] = [];
  events.forEach((e, i) => {
    const start = ancestryStartOf(e);
    const agentKey = e.agentKey ?? null;
    const agentId = e.agentId ?? null;
    if (!start || (agentKey === null && agentId === null)) return;
    const at = e.occurredAt instanceof Date ? e.occurredAt.toISOString() : e.occurredAt;
    index ??= indexNodes(batchNodes);
    const { found, rest } = agentKey !== null && index.size > 0 ? walkBatch(index, agentKey, start, Date.parse(at)) : { found: [], rest: start };
    pending.push({ i, start, found });
    if (rest && rest.budget > 0) requests.push({ ref: pending.length - 1, agent_id: agentId, agent_key: agentId ? null : agentKey, pid: rest.pid, ppid: rest.ppid, at, budget: rest.budget });
  });
  if (pending.length === 0) return events;
  const stored = await walkStored(db, tenantId, requests);
  const out = events.slice();
  pending.forEach((p, ref) => {
    const found = [...p.found, ...(stored.get(ref) ?? [])];
    out[p.i] = withAncestry(events[p.i], p.start.keep, found);
  });
  return out;
}
