import "server-only";
import { z } from "zod";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { changedFields } from "@/lib/audit/changes";
import { auditActorOf, writeAudit } from "@/lib/audit/write";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { parseOrThrow } from "@/lib/events/schemas";

// A tenant's own settings: how long an issue keeps taking events of its fingerprint, and how
// many days of events it keeps (lib/retention). Each is optional: a form saves the one it edits.

export const TenantSettingsInput = z
  .object({
    /** 1 minute to 30 days. */
    groupingWindowMinutes: z.coerce.number().int("whole minutes").min(1, "at least 1 minute").max(43_200, "at most 30 days").optional(),
    /** 1 day to the server's VIGIL_RETENTION_MAX_DAYS, read when the input is checked. */
    retentionDays: z.coerce
      .number()
      .int("whole days")
      .min(1, "at least 1 day")
      .check((c) => {
        const max = env().VIGIL_RETENTION_MAX_DAYS;
        if (c.value > max) c.issues.push({ code: "custom", input: c.value, message: `at most ${max} days (this server's VIGIL_RETENTION_MAX_DAYS)` });
      })
      .optional(),
  })
  .strict()
  .refine((s) => s.groupingWindowMinutes !== undefined || s.retentionDays !== undefined, "nothing to change");

export interface TenantSettings {
  groupingWindowMinutes: number;
  retentionDays: number;
}

const SETTINGS = { groupingWindowMinutes: true, retentionDays: true } as const;

export async function getTenantSettings({ ctx }: { ctx: CallerContext }): Promise<TenantSettings> {
  if (!roleCan(ctx.role, "read")) throw new ForbiddenError();
  return prisma.tenant.findUniqueOrThrow({ where: { id: ctx.tenantId }, select: SETTINGS });
}

export async function updateTenantSettings({ ctx, input }: { ctx: CallerContext; input: unknown }): Promise<TenantSettings> {
  if (!roleCan(ctx.role, "admin")) throw new ForbiddenError();
  const data = parseOrThrow(TenantSettingsInput, input);
  return prisma.$transaction(async (tx) => {
    // The row is locked before it is read, so the audit entry's "before" is what this update replaced.
    const [before] = await tx.$queryRaw<(TenantSettings & { slug: string })[]>`
      SELECT grouping_window_minutes AS "groupingWindowMinutes", retention_days AS "retentionDays", slug
        FROM tenants WHERE id = ${ctx.tenantId}::uuid FOR UPDATE`;
    if (!before) throw new NotFoundError("Tenant");
    const after = await tx.tenant.update({ where: { id: ctx.tenantId }, data, select: SETTINGS });
    const change = changedFields({ groupingWindowMinutes: before.groupingWindowMinutes, retentionDays: before.retentionDays }, after);
    if (change) {
      await writeAudit(tx, auditActorOf(ctx), {
        tenantId: ctx.tenantId, action: "tenant.settings.update", subjectType: "tenant", subjectId: ctx.tenantId, subjectLabel: before.slug, ...change,
      });
    }
    return after;
  });
}
