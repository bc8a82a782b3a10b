import { compact, get, int, isRecord, str, toIsoTime } from "./adapter-utils";
import type { ProcessInfo } from "./types";

// Datadog Workload Protection process contexts and timestamps → Vigil ProcessInfo / occurredAt.

type Rec = Record<string, unknown>;

const EARLIEST_REAL_TIME = Date.UTC(1971, 0, 1);

/** An ISO time if `v` is a real one; Datadog writes Go's zero time (0001-01-01) and epoch 0 for "unknown". */
export function realTime(v: unknown): string | undefined {
  const iso = toIsoTime(v);
  return iso !== undefined && Date.parse(iso) >= EARLIEST_REAL_TIME ? iso : undefined;
}

function latest(times: (string | undefined)[]): string | undefined {
  let best: string | undefined;
  for (const t of times) if (t !== undefined && (best === undefined || Date.parse(t) > Date.parse(best))) best = t;
  return best;
}

function records(v: unknown): Rec[] {
  return Array.isArray(v) ? v.filter(isRecord) : [];
}

function stringArray(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string" && x.length > 0) : [];
}

/** Datadog serializes argv0 apart from the remaining arguments (`args`, `argv` in some versions). */
export function commandLine(p: Rec): string | undefined {
  const rest = stringArray(p.args).length > 0 ? stringArray(p.args) : stringArray(p.argv);
  const argv0 = str(p.argv0);
  const parts = argv0 ? [argv0, ...rest] : rest;
  return parts.length > 0 ? parts.join(" ") : undefined;
}

/** Maps one serialized Process; `ppidFallback` is the pid of the next process up the chain. */
export function toProcessInfo(p: unknown, ppidFallback?: number): ProcessInfo | undefined {
  if (!isRecord(p)) return undefined;
  const info = compact<ProcessInfo>({
    exe: str(get(p, "executable", "path")),
    comm: str(p.comm),
    args: commandLine(p),
    pid: int(p.pid),
    ppid: int(p.ppid) ?? ppidFallback,
    uid: int(p.uid) ?? int(get(p, "credentials", "uid")),
    user: str(p.user) ?? str(get(p, "credentials", "user")),
    start: realTime(p.exec_time) ?? realTime(p.fork_time),
  });
  return Object.keys(info).length > 0 ? info : undefined;
}

export interface ProcessTree {
  process?: ProcessInfo;
  parent?: ProcessInfo;
  /** Nearest-first, parent included, as Datadog sends them and the Vigil contract asks. */
  ancestors?: ProcessInfo[];
  truncated: boolean;
}

export function processTree(pc: unknown): ProcessTree {
  if (!isRecord(pc)) return { truncated: false };
  const chain = records(pc.ancestors);
  const ancestors = chain
    .map((a, i) => toProcessInfo(a, int(chain[i + 1]?.pid)))
    .filter((a): a is ProcessInfo => a !== undefined);
  const parentRaw = isRecord(pc.parent) ? pc.parent : chain[0];
  const parentIsFirstAncestor = parentRaw !== undefined && int(parentRaw.pid) === int(chain[0]?.pid);
  const parent = toProcessInfo(parentRaw, parentIsFirstAncestor ? int(chain[1]?.pid) : undefined);
  return {
    process: toProcessInfo(pc, parent?.pid),
    parent,
    ancestors: ancestors.length > 0 ? ancestors : undefined,
    truncated: pc.truncated_ancestors === true,
  };
}

function processTimes(p: unknown): (string | undefined)[] {
  return [realTime(get(p, "exec_time")), realTime(get(p, "fork_time")), realTime(get(p, "exit_time"))];
}

function fileTimes(f: unknown): (string | undefined)[] {
  return ["modification_time", "change_time", "access_time"].map((k) => realTime(get(f, k)));
}

/**
 * The latest real timestamp the event carries besides `date`: process and ancestor
 * exec/fork/exit times, container creation, file times and rule-action times. Each of them
 * is a lower bound of when the event happened, so the latest is the closest one.
 */
export function latestEmbeddedTime(event: Rec): string | undefined {
  const pc = event.process;
  const lineage = [pc, get(pc, "parent"), ...records(get(pc, "ancestors"))];
  const actions = records(get(event, "agent", "rule_actions"));
  return latest([
    ...lineage.flatMap(processTimes),
    ...lineage.map((p) => realTime(get(p, "container", "created_at"))),
    realTime(get(event, "container", "created_at")),
    ...fileTimes(event.file),
    ...fileTimes(get(event, "file", "destination")),
    ...actions.flatMap((a) => ["detected_at", "created_at", "killed_at", "exited_at"].map((k) => realTime(a[k]))),
  ]);
}
