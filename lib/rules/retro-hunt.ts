import "server-only";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { auditActorOf, writeAudit } from "@/lib/audit/write";
import { prisma } from "@/lib/db";
import { withTransaction } from "@/lib/db/transaction";
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError, ValidationError } from "@/lib/errors";
import { parseOrThrow } from "@/lib/events/schemas";
import { writeLineage } from "@/lib/lineage/write";
import { resolveTimeSpec } from "@/lib/stats/time-spec";
import { buildEngine, type StoredRule } from "./engine";
import { DETECTION_RULE_SUBJECT } from "./subjects";
import { failInterruptedHunts, kickRetroHunts, retroHuntRunner } from "./retro-hunt-runner";
import {
  DEFAULT_RETRO_HUNT_LIST,
  ListRetroHuntsInput,
  MAX_RETRO_HUNT_DAYS,
  RetroHuntIdParams,
  StartRetroHuntInput,
  type RetroHunt,
  type RetroHuntStatus,
} from "./retro-hunt-schemas";

// Retro-hunts: start one (admins: it tags stored events), list, read and cancel them. Tenant-
// scoped: a rule or hunt of another tenant is a 404. The work itself is lib/rules/retro-hunt-runner.ts.

const SELECT = {
  id: true, ruleId: true, rulesetId: true, ruleName: true, windowFrom: true, windowTo: true, status: true, total: true, scanned: true,
  matched: true, error: true, createdBy: true, createdAt: true, startedAt: true, finishedAt: true,
} as const;

interface HuntRow {
  id: string;
  ruleId: string;
  rulesetId: string;
  ruleName: string;
  windowFrom: Date;
  windowTo: Date;
  status: string;
  total: bigint | number | string;
  scanned: bigint | number | string;
  matched: bigint | number | string;
  error: string | null;
  createdBy: string;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

function huntOf(r: HuntRow): RetroHunt {
  return {
    id: r.id, ruleId: r.ruleId, rulesetId: r.rulesetId, ruleName: r.ruleName, from: r.windowFrom.toISOString(), to: r.windowTo.toISOString(),
    status: r.status as RetroHuntStatus, total: Number(r.total), scanned: Number(r.scanned), matched: Number(r.matched), error: r.error,
    createdBy: r.createdBy, createdAt: r.createdAt.toISOString(), startedAt: r.startedAt?.toISOString() ?? null, finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

/** The columns of retro_hunts as HuntRow names them, for raw SQL. */
const RETURNING = `id, rule_id AS "ruleId", ruleset_id AS "rulesetId", rule_name AS "ruleName", window_from AS "windowFrom", window_to AS "windowTo",
  status, total, scanned, matched, error, created_by AS "createdBy", created_at AS "createdAt", started_at AS "startedAt", finished_at AS "finishedAt"`;

function requireAdmin(ctx: CallerContext) {
  if (!roleCan(ctx.role, "admin")) throw new ForbiddenError("Only admins run retro-hunts: they change stored events");
}

function requireRead(ctx: CallerContext) {
  if (!roleCan(ctx.role, "read")) throw new ForbiddenError();
}

/** The runner of this process, when hunts wait (a process that died before claiming left them queued). */
function kick() {
  if (retroHuntRunner.autostart) void kickRetroHunts();
}

export async function startRetroHunt({ ctx, input }: { ctx: CallerContext; input: StartRetroHuntInput }): Promise<RetroHunt> {
  requireAdmin(ctx);
  const parsed = parseOrThrow(StartRetroHuntInput, input);
  const now = new Date();
  const from = resolveTimeSpec(parsed.from, now);
  const to = resolveTimeSpec(parsed.to, now);
  if (from.getTime() >= to.getTime()) throw new ValidationError(`from: must be before to (${to.toISOString()})`, { field: "from" });
  if (to.getTime() - from.getTime() > MAX_RETRO_HUNT_DAYS * 86_400_000) {
    throw new ValidationError(`from: a retro-hunt covers at most ${MAX_RETRO_HUNT_DAYS} days`, { field: "from" });
  }
  const hunt = await withTransaction(async (client) => {
    // Shared-locked, so the rule cannot be deleted or changed before the hunt is recorded.
    const rule = await client.query<StoredRule>(
      `SELECT r.id, s.ruleset_id AS "rulesetId", r.rule_id AS "ruleId", r.event_type AS "eventType", r.condition, r.action, r.severity
         FROM detection_rules r JOIN rule_sets s ON s.id = r.rule_set_id
        WHERE r.id = $1 AND r.tenant_id = $2 FOR SHARE OF r`,
      [parsed.ruleId, ctx.tenantId],
    );
    const r = rule.rows[0];
    if (!r) throw new NotFoundError("Detection rule");
    const compiled = buildEngine([r]);
    if (compiled.size === 0) throw new UnprocessableError(`The rule no longer compiles: ${compiled.skipped[0]?.error}`);
    const inserted = await client.query<HuntRow>(
      `INSERT INTO retro_hunts (tenant_id, rule_id, ruleset_id, rule_name, window_from, window_to, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (rule_id) WHERE status IN ('queued', 'running') DO NOTHING
       RETURNING ${RETURNING}`,
      [ctx.tenantId, r.id, r.rulesetId, r.ruleId, from, to, ctx.actor],
    );
    const row = inserted.rows[0];
    if (!row) {
      const active = await client.query<{ id: string }>(`SELECT id FROM retro_hunts WHERE rule_id = $1 AND status IN ('queued', 'running')`, [r.id]);
      throw new ConflictError("This rule already has a retro-hunt queued or running", { retroHuntId: active.rows[0]?.id ?? null });
    }
    await writeAudit(client, auditActorOf(ctx), {
      tenantId: ctx.tenantId, action: "retro_hunt.start", subjectType: "retro_hunt", subjectId: row.id, subjectLabel: `${r.rulesetId}/${r.ruleId}`,
      after: { ruleId: r.id, from: from.toISOString(), to: to.toISOString() },
    });
    return huntOf(row);
  });
  kick();
  return hunt;
}

export async function listRetroHunts({ ctx, input = {} }: { ctx: CallerContext; input?: ListRetroHuntsInput }): Promise<{ retroHunts: RetroHunt[] }> {
  requireRead(ctx);
  const parsed = parseOrThrow(ListRetroHuntsInput, input);
  await failInterruptedHunts(ctx.tenantId);
  const rows = await prisma.retroHunt.findMany({
    where: { tenantId: ctx.tenantId, ...(parsed.ruleId ? { ruleId: parsed.ruleId } : {}) },
    select: SELECT,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: parsed.limit ?? DEFAULT_RETRO_HUNT_LIST,
  });
  if (rows.some((r) => r.status === "queued")) kick();
  return { retroHunts: rows.map(huntOf) };
}

export async function getRetroHunt({ ctx, input }: { ctx: CallerContext; input: { id: string } }): Promise<RetroHunt> {
  requireRead(ctx);
  const { id } = parseOrThrow(RetroHuntIdParams, input);
  await failInterruptedHunts(ctx.tenantId);
  const row = await prisma.retroHunt.findFirst({ where: { id, tenantId: ctx.tenantId }, select: SELECT });
  if (!row) throw new NotFoundError("Retro-hunt");
  if (row.status === "queued") kick();
  return huntOf(row);
}

/**
 * Cancels a hunt: a queued one at once; a running one when its runner next looks (between pages,
 * within seconds), which then ends it as cancelled. A hunt that is over is a 409.
 */
export async function cancelRetroHunt({ ctx, input }: { ctx: CallerContext; input: { id: string } }): Promise<RetroHunt> {
  requireAdmin(ctx);
  const { id } = parseOrThrow(RetroHuntIdParams, input);
  await failInterruptedHunts(ctx.tenantId);
  return withTransaction(async (client) => {
    const res = await client.query<HuntRow & { was: string }>(
      `UPDATE retro_hunts h SET cancel_requested = true,
              status = CASE WHEN h.status = 'queued' THEN 'cancelled' ELSE h.status END,
              finished_at = CASE WHEN h.status = 'queued' THEN now() ELSE h.finished_at END
         FROM (SELECT id AS old_id, status AS old_status FROM retro_hunts WHERE id = $1 AND tenant_id = $2 FOR UPDATE) old
        WHERE h.id = old.old_id AND old.old_status IN ('queued', 'running')
       RETURNING ${RETURNING}, old.old_status AS was`,
      [id, ctx.tenantId],
    );
    const row = res.rows[0];
    if (!row) {
      const found = await client.query<{ status: string }>(`SELECT status FROM retro_hunts WHERE id = $1 AND tenant_id = $2`, [id, ctx.tenantId]);
      if (found.rows.length === 0) throw new NotFoundError("Retro-hunt");
      throw new ConflictError(`The retro-hunt is already over (${found.rows[0].status})`, { retroHuntStatus: found.rows[0].status });
    }
    if (row.was === "queued") {
      await writeLineage(client, ctx.tenantId, [
        {
          subjectType: DETECTION_RULE_SUBJECT, subjectId: row.ruleId, action: "retro_hunt_finished", actor: ctx.actor,
          details: { retroHuntId: row.id, status: "cancelled", scanned: 0, matched: 0, tagged: 0, error: null },
        },
      ]);
    }
    await writeAudit(client, auditActorOf(ctx), {
      tenantId: ctx.tenantId, action: "retro_hunt.cancel", subjectType: "retro_hunt", subjectId: row.id, subjectLabel: `${row.rulesetId}/${row.ruleName}`,
      before: { status: row.was }, after: { status: row.status, cancelRequested: true },
    });
    return huntOf(row);
  });
}
