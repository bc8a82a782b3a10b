import { clip, isStorableMs } from "./storable";
import type { NormalizedEvent, ProcessInfo } from "./types";

export interface ProcessNodeRow {
  agentKey: string;
  pid: number;
  startKey: number;
  ppid: number | null;
  exe: string | null;
  comm: string | null;
  args: string | null;
  uid: number | null;
  startedAt: string | null;
  seenAt: string;
}

/** The process's start in ms, or 0 when unknown or not storable as a time. */
function startKeyOf(start: string | undefined): number {
  const ms = start ? Date.parse(start) : NaN;
  return isStorableMs(ms) && ms > 0 ? ms : 0;
}

function nodeOf(agentKey: string, p: ProcessInfo, seenAt: string, ppid: number | undefined): ProcessNodeRow | null {
  if (p.pid === undefined || !Number.isInteger(p.pid) || p.pid < 0 || p.pid > 2147483647) return null;
  const startKey = startKeyOf(p.start);
  const parentPid = p.ppid ?? ppid;
  return {
    agentKey,
    pid: p.pid,
    startKey,
    ppid: parentPid !== undefined && Number.isInteger(parentPid) && parentPid >= 0 && parentPid <= 2147483647 ? parentPid : null,
    exe: p.exe ?? null,
    comm: p.comm ?? null,
    args: typeof p.args === "string" ? clip(p.args, 8192) : null,
    uid: p.uid !== undefined && Number.isInteger(p.uid) && Math.abs(p.uid) <= 2147483647 ? p.uid : null,
    startedAt: startKey > 0 ? new Date(startKey).toISOString() : null,
    seenAt,
  };
}

/** Every process an event names with a pid: itself, its parent and its ancestors (each ancestor's ppid is the next one's pid). */
export function processNodesOf(agentKey: string, e: NormalizedEvent): ProcessNodeRow[] {
  const out: ProcessNodeRow[] = [];
  const chain: ProcessInfo[] = [];
  if (e.process) chain.push(e.process);
  if (e.parent) chain.push(e.parent);
  for (const a of e.ancestors ?? []) {
    if (e.parent && a.pid !== undefined && a.pid === e.parent.pid) continue;
    chain.push(a);
  }
  for (let i = 0; i < chain.length; i++) {
    const node = nodeOf(agentKey, chain[i], e.occurredAt, chain[i + 1]?.pid);
    if (node) out.push(node);
  }
  return out;
}

/** One row per (agent, pid, start), merging what several events said about it. */
export function mergeProcessNodes(rows: ProcessNodeRow[]): ProcessNodeRow[] {
  const byKey = new Map<string, ProcessNodeRow>();
  for (const r of rows) {
    const key = `${r.agentKey}\u0000${r.pid}\u0000${r.startKey}`;
    const prev = byKey.get(key);
    if (!prev) {
      byKey.set(key, { ...r });
      continue;
    }
    prev.ppid ??= r.ppid;
    prev.exe ??= r.exe;
    prev.comm ??= r.comm;
    prev.args ??= r.args;
    prev.uid ??= r.uid;
    if (r.seenAt > prev.seenAt) prev.seenAt = r.seenAt;
  }
  return [...byKey.values()].sort((a, b) => (a.agentKey < b.agentKey ? -1 : a.agentKey > b.agentKey ? 1 : a.pid - b.pid || a.startKey - b.startKey));
}
