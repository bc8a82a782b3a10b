// Assembles an event's process tree from what the database knows: the event's own process and
// ancestry, the ancestors recorded in process_nodes (for events that carry only a ppid), other
// processes of the same agent seen around the event, and the events attached to each process.
// Pure: the server queries the inputs (lib/events/process-tree.ts), the browser only renders.

export interface ProcessRecord {
  pid: number | null;
  ppid: number | null;
  exe: string | null;
  comm: string | null;
  args: string | null;
  uid: number | null;
  user: string | null;
  /** ISO-8601 start time. */
  start: string | null;
}

export interface TreeEventRef {
  id: string;
  occurredAt: string;
  type: string;
  severity: string;
  title: string | null;
}

/** An event of the same agent in the window, with the process it names. */
export interface WindowEvent extends TreeEventRef {
  process: ProcessRecord;
}

/** How a node relates to the event's own process. */
export type NodeRelation = "self" | "ancestor" | "sibling" | "descendant" | "relative";

export interface ProcessTreeNode extends ProcessRecord {
  /** Stable within one tree: "p:<pid>:<start ms>" for processes with a pid. */
  key: string;
  relation: NodeRelation;
  /** Events attached to this process, oldest first, at most MAX_BADGES. */
  events: TreeEventRef[];
  /** All events attached to it in the window (events may hold fewer). */
  eventCount: number;
  children: ProcessTreeNode[];
}

export interface ProcessTree {
  eventId: string;
  root: ProcessTreeNode | null;
  selfKey: string | null;
  /** Keys from the root down to the event's process. */
  path: string[];
  nodeCount: number;
  /** Levels from the root to the event's process, both included. */
  depth: number;
  /** The window other processes and events were looked up in. */
  window: { from: string; to: string };
  /** Some processes or events were left out to keep the tree bounded. */
  truncated: boolean;
}

export interface ProcessTreeInput {
  event: TreeEventRef & {
    process: ProcessRecord | null;
    /** Ancestors nearest-first, as the event reported them. */
    ancestors: ProcessRecord[];
  };
  /** Ancestors walked through process_nodes by ppid, nearest-first. May start at the event's own pid. */
  lineage: ProcessRecord[];
  /** Other processes of the agent seen in the window (children, siblings, descendants). */
  processes: ProcessRecord[];
  events: WindowEvent[];
  window: { from: string; to: string };
  truncated?: boolean;
  limits?: { maxNodes?: number; maxBadges?: number };
}

export const MAX_TREE_NODES = 5000;
export const MAX_BADGES = 12;
/** Sources round start times differently (seconds vs. nanoseconds). */
const START_TOLERANCE_MS = 1000;

export const EMPTY_PROCESS: ProcessRecord = { pid: null, ppid: null, exe: null, comm: null, args: null, uid: null, user: null, start: null };

function startMs(p: ProcessRecord): number | null {
  if (!p.start) return null;
  const ms = Date.parse(p.start);
  return Number.isFinite(ms) ? ms : null;
}

/** Two records describe the same process: same pid (and start when both know it), else same identifying text. */
export function sameProcess(a: ProcessRecord, b: ProcessRecord): boolean {
  if (a.pid !== null && b.pid !== null) {
    if (a.pid !== b.pid) return false;
    const [sa, sb] = [startMs(a), startMs(b)];
    return sa === null || sb === null || Math.abs(sa - sb) < START_TOLERANCE_MS;
  }
  const fields = (["exe", "comm", "args"] as const).filter((f) => a[f] !== null && b[f] !== null);
  return fields.length > 0 && fields.every((f) => a[f] === b[f]);
}

/** Fills the fields `into` lacks from `from`. */
function enrich<T extends ProcessRecord>(into: T, from: ProcessRecord): T {
  for (const k of ["pid", "ppid", "exe", "comm", "args", "uid", "user", "start"] as const) {
    if (into[k] === null && from[k] !== null) (into as ProcessRecord)[k] = from[k] as never;
  }
  return into;
}

function keyOf(p: ProcessRecord, fallback: string): string {
  if (p.pid === null) return fallback;
  const ms = startMs(p);
  return `p:${p.pid}:${ms === null ? 0 : Math.floor(ms / START_TOLERANCE_MS)}`;
}

/** The event's process and its ancestors, root last, extended upwards through the process_nodes walk. */
export function ancestorChain(self: ProcessRecord, ancestors: ProcessRecord[], lineage: ProcessRecord[]): ProcessRecord[] {
  const chain: ProcessRecord[] = [{ ...self }];
  for (const a of ancestors) {
    // Only a pid proves a repeat: consecutive ancestors often share a name (sshd under sshd).
    const last = chain[chain.length - 1];
    if (a.pid !== null && last.pid !== null && sameProcess(last, a)) enrich(last, a);
    else chain.push({ ...a });
  }
  const walked = new Map<number, ProcessRecord>();
  for (const w of lineage) if (w.pid !== null && !walked.has(w.pid)) walked.set(w.pid, w);
  for (const member of chain) {
    const w = member.pid !== null ? walked.get(member.pid) : undefined;
    if (w && sameProcess(member, w)) enrich(member, w);
  }
  // Link each member to the next where the source left the ppid out.
  for (let i = 0; i + 1 < chain.length; i++) {
    if (chain[i].ppid === null && chain[i + 1].pid !== null) chain[i].ppid = chain[i + 1].pid;
  }
  const seen = new Set(chain.flatMap((p) => (p.pid === null ? [] : [p.pid])));
  for (;;) {
    const top = chain[chain.length - 1];
    const next = top.ppid;
    if (next === null || next <= 0 || seen.has(next)) break;
    const w = walked.get(next);
    if (!w) break;
    seen.add(next);
    chain.push({ ...w });
  }
  return chain;
}

interface MutableNode extends ProcessTreeNode {
  parent: MutableNode | null;
}

function newNode(p: ProcessRecord, key: string, relation: NodeRelation, parent: MutableNode | null): MutableNode {
  return { ...EMPTY_PROCESS, ...p, key, relation, events: [], eventCount: 0, children: [], parent };
}

function childRelation(parent: MutableNode, selfParentKey: string | null): NodeRelation {
  if (parent.relation === "self" || parent.relation === "descendant") return "descendant";
  return parent.key === selfParentKey ? "sibling" : "relative";
}

function byStartThenPid(a: ProcessTreeNode, b: ProcessTreeNode): number {
  const [sa, sb] = [startMs(a), startMs(b)];
  if (sa !== sb) return sa === null ? 1 : sb === null ? -1 : sa - sb;
  return (a.pid ?? Infinity) - (b.pid ?? Infinity) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

function finish(n: MutableNode): ProcessTreeNode {
  const { parent: _parent, children, ...rest } = n;
  void _parent;
  const kids = (children as MutableNode[]).map(finish).sort(byStartThenPid);
  return { ...rest, children: kids };
}

export function buildProcessTree(input: ProcessTreeInput): ProcessTree {
  const maxNodes = input.limits?.maxNodes ?? MAX_TREE_NODES;
  const maxBadges = input.limits?.maxBadges ?? MAX_BADGES;
  const { event } = input;
  const base = { eventId: event.id, window: input.window };
  if (!event.process && event.ancestors.length === 0) {
    return { ...base, root: null, selfKey: null, path: [], nodeCount: 0, depth: 0, truncated: input.truncated ?? false };
  }
  let truncated = input.truncated ?? false;
  const chain = ancestorChain(event.process ?? EMPTY_PROCESS, event.ancestors, input.lineage);

  // The spine: root (last in chain) down to the event's process (first).
  const byPid = new Map<number, MutableNode[]>();
  const keys = new Set<string>();
  const register = (n: MutableNode) => {
    keys.add(n.key);
    if (n.pid !== null) byPid.set(n.pid, [...(byPid.get(n.pid) ?? []), n]);
  };
  const uniqueKey = (wanted: string) => {
    let key = wanted;
    for (let i = 2; keys.has(key); i++) key = `${wanted}#${i}`;
    return key;
  };
  let parent: MutableNode | null = null;
  const spine: MutableNode[] = [];
  for (let i = chain.length - 1; i >= 0; i--) {
    const node = newNode(chain[i], uniqueKey(keyOf(chain[i], i === 0 ? "self" : `ancestor:${i}`)), i === 0 ? "self" : "ancestor", parent);
    parent?.children.push(node);
    register(node);
    spine.push(node);
    parent = node;
  }
  const root = spine[0];
  const self = spine[spine.length - 1];
  const selfParentKey = self.parent?.key ?? null;
  let nodeCount = spine.length;

  const findNode = (p: ProcessRecord): MutableNode | undefined =>
    p.pid === null ? undefined : byPid.get(p.pid)?.find((n) => sameProcess(n, p));

  const attach = (p: ProcessRecord): MutableNode | undefined => {
    if (p.ppid === null) return undefined;
    const parents = byPid.get(p.ppid);
    if (!parents) return undefined;
    if (nodeCount >= maxNodes) {
      truncated = true;
      return undefined;
    }
    // With pid reuse, the parent is the latest candidate started before the child.
    const ms = startMs(p);
    const started = parents.filter((n) => ms === null || startMs(n) === null || startMs(n)! <= ms + START_TOLERANCE_MS);
    const host = (started.length > 0 ? started : parents).reduce((a, b) => ((startMs(b) ?? 0) > (startMs(a) ?? 0) ? b : a));
    const node = newNode(p, uniqueKey(keyOf(p, `process:${nodeCount}`)), childRelation(host, selfParentKey), host);
    host.children.push(node);
    register(node);
    nodeCount += 1;
    return node;
  };

  // Other processes: breadth-first from the nodes already placed, so descendants find their parents.
  const pending = new Map<number, ProcessRecord[]>();
  for (const p of input.processes) {
    const known = findNode(p);
    if (known) {
      enrich(known, p);
      continue;
    }
    if (p.pid === null || p.ppid === null || p.pid === p.ppid) continue;
    pending.set(p.ppid, [...(pending.get(p.ppid) ?? []), p]);
  }
  const queue = [...spine];
  while (queue.length > 0) {
    const host = queue.shift()!;
    if (host.pid === null) continue;
    const waiting = pending.get(host.pid);
    if (!waiting) continue;
    pending.delete(host.pid);
    for (const p of waiting) {
      if (findNode(p)) continue;
      const node = attach(p);
      if (node) queue.push(node);
    }
  }

  // Events become badges on their process; an event whose process is new but whose parent is
  // in the tree adds that process.
  const windowEvents = [...input.events].sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
  const badge = (node: MutableNode, e: TreeEventRef) => {
    node.eventCount += 1;
    if (node.events.length < maxBadges) node.events.push(toRef(e));
    else if (e.id === event.id) node.events[maxBadges - 1] = toRef(e);
    else truncated = true;
  };
  let selfHasEvent = false;
  for (const e of windowEvents) {
    if (e.id === event.id) {
      selfHasEvent = true;
      badge(self, e);
      continue;
    }
    const node = findNode(e.process) ?? attach(e.process);
    if (!node) continue;
    enrich(node, e.process);
    badge(node, e);
  }
  if (!selfHasEvent) {
    self.eventCount += 1;
    self.events = [toRef(event), ...self.events].slice(0, maxBadges);
  }

  return {
    ...base,
    root: finish(root),
    selfKey: self.key,
    path: spine.map((n) => n.key),
    nodeCount,
    depth: spine.length,
    truncated,
  };
}

function toRef(e: TreeEventRef): TreeEventRef {
  return { id: e.id, occurredAt: e.occurredAt, type: e.type, severity: e.severity, title: e.title };
}

// ---------- reading the stored JSON (lib/ingest/event-row.ts writes it) ----------

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const textOf = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);
// Pids and uids are 32-bit; an agent's JSON may hold any number, and the tree's queries cast to int.
const intOf = (v: unknown) => (typeof v === "number" && Number.isInteger(v) && Math.abs(v) <= 2147483647 ? v : null);

/** A ProcessInfo-shaped JSON value (events.process, an element of events.ancestry) as a record. */
export function processRecordOf(v: unknown): ProcessRecord | null {
  if (!isRecord(v)) return null;
  const r: ProcessRecord = {
    pid: intOf(v.pid),
    ppid: intOf(v.ppid),
    exe: textOf(v.exe),
    comm: textOf(v.comm),
    args: textOf(v.args),
    uid: intOf(v.uid),
    user: textOf(v.user),
    start: textOf(v.start),
  };
  return Object.values(r).some((x) => x !== null) ? r : null;
}

/** The ancestors an event names, nearest-first: its ancestry, with the separately reported parent in front when it differs. */
export function ancestorsOf(processJson: unknown, ancestryJson: unknown): ProcessRecord[] {
  const list = Array.isArray(ancestryJson) ? ancestryJson.map(processRecordOf).filter((p): p is ProcessRecord => p !== null) : [];
  const parent = processRecordOf(isRecord(processJson) ? processJson.parent : undefined);
  if (parent && (list.length === 0 || !sameProcess(parent, list[0]))) return [parent, ...list];
  if (parent) enrich(list[0], parent);
  return list;
}
