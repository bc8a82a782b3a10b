import "server-only";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { readQuery } from "@/lib/db/replica";
import { ForbiddenError } from "@/lib/errors";
import type { AgentFigures, DashboardWindows } from "./types";

// Agent health: which agents reported in the range but have been quiet for the last hour of it.
// An agent's last_seen_at is the time of its latest event (lib/ingest/write-events.ts).

/** A CI/CD agent lives for one run: its silence afterwards is no signal. */
export const EPHEMERAL_AGENT_KINDS = ["github"] as const;
export const SILENCE_MS = 3600_000;
export const SILENT_LIST_N = 10;

interface Row {
  id: string | null;
  name: string | null;
  kind: string | null;
  last_seen_at: Date | null;
  known: number;
  silent: number;
}

export async function loadAgentFigures({ ctx, windows: w }: { ctx: CallerContext; windows: DashboardWindows }): Promise<AgentFigures> {
  if (!roleCan(ctx.role, "read")) throw new ForbiddenError();
  const quietSince = new Date(Date.parse(w.end) - SILENCE_MS).toISOString();
  // One statement: the counts ride on every row of the (at most SILENT_LIST_N) silent agents, or on one empty row.
  const res = await readQuery<Row>(
    `WITH counts AS (
       SELECT count(*)::int AS known,
              count(*) FILTER (WHERE kind <> ALL($4::text[]) AND last_seen_at >= $2 AND last_seen_at < $3)::int AS silent
         FROM agents WHERE tenant_id = $1
     ), silent AS (
       SELECT id::text, name, kind, last_seen_at FROM agents
        WHERE tenant_id = $1 AND kind <> ALL($4::text[]) AND last_seen_at >= $2 AND last_seen_at < $3
        ORDER BY last_seen_at, name LIMIT ${SILENT_LIST_N}
     )
     SELECT s.*, c.known, c.silent FROM counts c LEFT JOIN silent s ON true`,
    [ctx.tenantId, w.current.from, quietSince, EPHEMERAL_AGENT_KINDS],
  );
  const first = res.rows[0];
  return {
    known: first?.known ?? 0,
    silent: first?.silent ?? 0,
    silentAgents: res.rows
      .filter((r) => r.id !== null)
      .map((r) => ({ id: r.id!, name: r.name!, kind: r.kind!, lastSeenAt: r.last_seen_at!.toISOString() })),
  };
}
