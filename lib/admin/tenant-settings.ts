import "server-only";
import { z } from "zod";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { changedFields } from "@/lib/audit/changes";
import { auditActorOf, writeAudit } from "@/lib/audit/write";
import { prisma } from "@/lib/db";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { parseOrThrow } from "@/lib/events/schemas";

// A tenant's own settings: for now, how long an issue keeps taking events of its fingerprint.

export const TenantSettingsInput = z
  .object({
    /** 1 minute to 30 days. */
    groupingWindowMinutes: z.coerce.number().int("whole minutes").min(1, "at least 1 minute").max(43_200, "at most 30 days"),
  })
  .strict();

export interface TenantSettings {
  groupingWindowMinutes: number;
}

export async function getTenantSettings({ ctx }: { ctx: CallerContext }): Promise<TenantSettings> {
  if (!roleCan(ctx.role, "read")) throw new ForbiddenError();
  return prisma.tenant.findUniqueOrThrow({ where: { id: ctx.tenantId }, select: { groupingWindowMinutes: true } });
}

export async function updateTenantSettings({ ctx, input }: { ctx: CallerContext; input: unknown }): Promise<TenantSettings> {
  if (!roleCan(ctx.role, "admin")) throw new ForbiddenError();
  const data = parseOrThrow(TenantSettingsInput, input);
  return prisma.$transaction(async (tx) => {
    // The row is locked before it is read, so the audit entry's "before" is what this update replaced.
    const [before] = await tx.$queryRaw<{ groupingWindowMinutes: number; slug: string }[]>`
      SELECT grouping_window_minutes AS "groupingWindowMinutes", slug FROM tenants WHERE id = ${ctx.tenantId}::uuid FOR UPDATE`;
    if (!before) throw new NotFoundError("Tenant");
    const after = await tx.tenant.update({ where: { id: ctx.tenantId }, data, select: { groupingWindowMinutes: true } });
    const change = changedFields({ groupingWindowMinutes: before.groupingWindowMinutes }, after);
    if (change) {
      await writeAudit(tx, auditActorOf(ctx), {
        tenantId: ctx.tenantId, action: "tenant.settings.update", subjectType: "tenant", subjectId: ctx.tenantId, subjectLabel: before.slug, ...change,
      });
    }
    return after;
  });
}
