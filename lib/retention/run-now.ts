import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { auditActorOf } from "@/lib/audit/write";
import { ConflictError, ForbiddenError } from "@/lib/errors";
import { parseOrThrow } from "@/lib/events/schemas";
import { runRetention } from "./runner";
import { RunRetentionInput } from "./schemas";

// POST /api/v1/retention/run: an admin's run of the caller's tenant now, rather than at the
// next scheduled one (after lowering its retention, say). Same runner, same lock, audited.

export interface RetentionRunResult {
  dryRun: boolean;
  retentionDays: number;
  /** Events that occurred before this were (or would be) removed. */
  expiredBefore: string;
  /** Events removed (a dry run: that would be). */
  events: number;
  /** Process nodes no remaining event names, removed with them. */
  processNodes: number;
  seconds: number;
}

export async function runTenantRetention({ ctx, input }: { ctx: CallerContext; input: unknown }): Promise<RetentionRunResult> {
  if (!roleCan(ctx.role, "admin")) throw new ForbiddenError();
  const { dryRun } = parseOrThrow(RunRetentionInput, input ?? {});
  const run = await runRetention({ tenantId: ctx.tenantId, dryRun, by: auditActorOf(ctx) });
  if (!run.ran) throw new ConflictError("A retention run is in progress in another server process; try again when it ends");
  const [t] = run.tenants;
  return { dryRun, retentionDays: t.retentionDays, expiredBefore: t.cutoff.toISOString(), events: t.events, processNodes: run.processNodes, seconds: run.seconds };
}
