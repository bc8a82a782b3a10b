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
}

export async function listAgents({ ctx, limit = 500 }: { ctx: CallerContext; limit?: number }): Promise<AgentListItem[]> {
  if (!roleCan(ctx.role, "read")) throw new ForbiddenError();
  const rows = await prisma.agent.findMany({
    where: { tenantId: ctx.tenantId },
    orderBy: { lastSeenAt: "desc" },
    take: limit,
    select: {
      id: true, name: true, kind: true, sourceFormat: true, version: true, hostname: true, os: true, arch: true,
      cluster: true, namespace: true, node: true, repository: true, workflow: true, job: true, runId: true,
      firstSeenAt: true, lastSeenAt: true,
    },
  });
  return rows.map((a) => ({
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
  }));
}
