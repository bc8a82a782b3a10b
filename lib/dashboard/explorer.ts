import "server-only";
import { z } from "zod";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { readQuery } from "@/lib/db/replica";
import { ForbiddenError } from "@/lib/errors";
import { parseOrThrow } from "@/lib/events/schemas";
import { eventStats } from "@/lib/stats/event-stats";
import { EVENT_GROUP_FIELDS, MAX_GROUP_LEVELS } from "@/lib/stats/schemas";
import type { StatsBucket } from "@/lib/stats/types";
import { EXPLORER_LIMITS } from "./explorer-params";
import type { ExplorerNode, ExplorerResult } from "./types";

// The group-by explorer: the dashboard's window grouped by up to three fields, from the events
// statistics engine (POST /api/v1/events/stats's), with rows without a value as a bucket of their
// own so that every level adds up. Each bucket carries the value the Events search filters it by.

export const ExplorerInput = z.strictObject({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  by: z.array(z.enum(EVENT_GROUP_FIELDS)).min(1).max(MAX_GROUP_LEVELS),
  limit: z.literal(EXPLORER_LIMITS),
});
export type ExplorerInput = z.infer<typeof ExplorerInput>;

export async function loadExplorer({ ctx, input }: { ctx: CallerContext; input: ExplorerInput }): Promise<ExplorerResult> {
  if (!roleCan(ctx.role, "read")) throw new ForbiddenError();
  const data = parseOrThrow(ExplorerInput, input);
  const stats = await eventStats({ ctx, input: { from: data.from, to: data.to, groupBy: explorerGroupBy(data) } });
  return explorerResultOf(ctx.tenantId, data, { ...stats, from: stats.from!, to: stats.to! });
}

/** The statistics request's levels for an explorer choice: rows without a value are a bucket of their own. */
export function explorerGroupBy(data: Pick<ExplorerInput, "by" | "limit">) {
  return data.by.map((field) => ({ field, limit: data.limit, missing: true }));
}

/** A statistics tree (POST /api/v1/events/stats's, or the dashboard overview's) as the explorer draws it. */
export async function explorerResultOf(
  tenantId: string,
  data: ExplorerInput,
  stats: { from: string; to: string; count: number; buckets: StatsBucket[]; other: number; otherBuckets: number },
): Promise<ExplorerResult> {
  const agentLevels = data.by.flatMap((f, i) => (f === "agent" ? [i] : []));
  const names = agentLevels.length ? await sharedAgentNames(tenantId, agentBucketNames(stats.buckets, agentLevels)) : new Set<string>();
  const node = (b: StatsBucket, depth: number): ExplorerNode => ({
    key: b.key,
    label: b.metadata.name,
    count: b.count,
    // Agents are filtered by name on the Events page; by id where another agent has the same name.
    filter: b.key === null ? null : data.by[depth] === "agent" && !names.has(b.metadata.name) && b.metadata.name !== b.key ? b.metadata.name : b.key,
    children: b.buckets.map((c) => node(c, depth + 1)),
    other: b.other ?? 0,
    otherBuckets: b.otherBuckets ?? 0,
  });
  return {
    from: stats.from,
    to: stats.to,
    by: data.by,
    limit: data.limit,
    count: stats.count,
    buckets: stats.buckets.map((b) => node(b, 0)),
    other: stats.other,
    otherBuckets: stats.otherBuckets,
  };
}

function agentBucketNames(buckets: StatsBucket[], levels: number[], depth = 0, out = new Set<string>()): Set<string> {
  for (const b of buckets) {
    if (levels.includes(depth) && b.key !== null) out.add(b.metadata.name);
    agentBucketNames(b.buckets, levels, depth + 1, out);
  }
  return out;
}

/** Of these names, those that more than one of the tenant's agents carry. */
async function sharedAgentNames(tenantId: string, names: Set<string>): Promise<Set<string>> {
  if (names.size === 0) return new Set();
  const res = await readQuery<{ name: string }>(
    "SELECT name FROM agents WHERE tenant_id = $1 AND name = ANY($2::text[]) GROUP BY name HAVING count(*) > 1",
    [tenantId, [...names]],
  );
  return new Set(res.rows.map((r) => r.name));
}
