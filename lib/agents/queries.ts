import "server-only";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { prisma } from "@/lib/db";
import { ForbiddenError } from "@/lib/errors";

export interface AgentListItem {
  id: string;
  name: string;
  kind: string;
  sourceFormat: string;
  where: string;
  version: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  /** Events the agent sent that occurred since `eventsSince` (0 when none). */
  recentEvents: number;
}

export interface AgentList {
  agents: AgentListItem[];
  /** Every agent of the tenant, listed or not. */
  total: number;
  /** The start of the window recentEvents counts: the hour that began 23 hours before the current one. */
  eventsSince: string;
}

const HOUR = 3600_000;

/** The start of the hour 23 hours before `now`'s: 24 whole hourly rollup rows, the last one still filling. */
export function recentWindowStart(now: Date): Date {
  return new Date(Math.floor(now.getTime() / HOUR) * HOUR - 23 * HOUR);
}

export async function listAgents({ ctx, limit = 500, now = new Date() }: { ctx: CallerContext; limit?: number; now?: Date }): Promise<AgentList> {
  if (!roleCan(ctx.role, "read")) throw new ForbiddenError();
  const since = recentWindowStart(now);
  const [rows, total, counts] = await Promise.all([
    prisma.agent.findMany({
      where: { tenantId: ctx.tenantId },
      orderBy: [{ lastSeenAt: "desc" }, { id: "asc" }],
      take: limit,
      select: {
        id: true, name: true, kind: true, sourceFormat: true, version: true, hostname: true, os: true, arch: true,
        cluster: true, namespace: true, node: true, repository: true, workflow: true, job: true, runId: true,
        firstSeenAt: true, lastSeenAt: true,
      },
    }),
    prisma.agent.count({ where: { tenantId: ctx.tenantId } }),
    // The hourly rollups that ingest maintains: a few rows per agent and hour instead of every event.
    prisma.$queryRaw<{ agent_id: string; n: bigint }[]>`
      SELECT agent_id::text, sum(count)::bigint AS n FROM event_rollups_hourly
       WHERE tenant_id = ${ctx.tenantId}::uuid AND hour >= ${since} AND agent_id IS NOT NULL
       GROUP BY agent_id`,
  ]);
  const recent = new Map(counts.map((c) => [c.agent_id, Number(c.n)]));
  return {
    total,
    eventsSince: since.toISOString(),
    agents: rows.map((a) => ({
      id: a.id,
      name: a.name,
      kind: a.kind,
      sourceFormat: a.sourceFormat,
      where:
        a.kind === "github"
          ? [a.repository, a.workflow, a.job, a.runId && `run ${a.runId}`].filter(Boolean).join(" · ")
          : a.kind === "kubernetes"
            ? [a.cluster, a.node].filter(Boolean).join(" / ")
            : [a.hostname, a.os, a.arch].filter(Boolean).join(" · "),
      version: a.version,
      firstSeenAt: a.firstSeenAt.toISOString(),
      lastSeenAt: a.lastSeenAt.toISOString(),
      recentEvents: recent.get(a.id) ?? 0,
    })),
  };
}
