// Group-by trees (./group-sql.ts) as the statistics API answers them: buckets with metadata and
// named time-range counts. Pure.
import type { CountNode, GroupTree } from "./group-sql";
import type { StatsBucket } from "./types";

/** How a level's keys read to people. */
export interface LevelNames {
  /** The field grouped by (metadata.type). */
  type: string;
  name: (key: string) => string;
  /** The name of the bucket of rows without a value. */
  missing: string;
}

export function metricsOf(windows: number[], names: readonly string[]): Record<string, number> {
  return Object.fromEntries(names.map((n, i) => [n, windows[i] ?? 0]));
}

export function statsBuckets(nodes: CountNode[], levels: readonly LevelNames[], windowNames: readonly string[], depth = 0): StatsBucket[] {
  const level = levels[depth];
  return nodes.map((n) => {
    const bucket: StatsBucket = {
      key: n.key,
      count: n.count,
      metadata: { identifier: n.key, name: n.key === null ? level.missing : level.name(n.key), type: level.type },
      timeRangeMetrics: metricsOf(n.windows, windowNames),
      buckets: statsBuckets(n.children, levels, windowNames, depth + 1),
    };
    if (depth + 1 < levels.length) Object.assign(bucket, { other: n.other, otherBuckets: n.otherBuckets });
    return bucket;
  });
}

/** Every key of the levels whose `type` is one of `types` (agent and user ids to look up). */
export function keysAt(tree: GroupTree, types: readonly (string | null)[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const walk = (nodes: CountNode[], depth: number) => {
    const type = types[depth];
    for (const n of nodes) {
      if (type && n.key !== null) {
        if (!out.has(type)) out.set(type, new Set());
        out.get(type)!.add(n.key);
      }
      walk(n.children, depth + 1);
    }
  };
  walk(tree.buckets, 0);
  return out;
}

/** "critical" → "Critical". */
export function capitalize(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}
