import "server-only";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { auditActorOf, writeAudit } from "@/lib/audit/write";
import { prisma } from "@/lib/db";
import { ForbiddenError } from "@/lib/errors";
import { parseOrThrow } from "@/lib/events/schemas";
import { writeLineage } from "@/lib/lineage/write";
import { policyAudit } from "./audit";
import { POLICY_SUBJECT, requirePolicyRow, RULE_SELECT, RULE_SUBJECT, ruleFacts } from "./internal";
import { DeleteInput } from "./schemas";
import { stalePolicy } from "./update-policy";

/** Deletes a policy and its rules; with a version (If-Match), only that version. Lineage keeps them all. */
export async function deletePolicy({ ctx, input }: { ctx: CallerContext; input: { id: string } & Record<string, unknown> }): Promise<void> {
  if (!roleCan(ctx.role, "admin")) throw new ForbiddenError();
  const { id, ...rest } = input;
  const { version } = parseOrThrow(DeleteInput, rest);
  const row = await requirePolicyRow(ctx, id);
  if (version !== undefined && row.version !== version) throw await stalePolicy(ctx, id);

  await prisma.$transaction(async (tx) => {
    // Locking the policy first holds off rules being added meanwhile (their foreign key check
    // waits on it), so every rule the cascade removes gets its lineage entry.
    const locked = await tx.$queryRawUnsafe<unknown[]>(
      `SELECT 1 FROM network_policies WHERE id = $1::uuid AND tenant_id = $2::uuid AND version = $3 FOR UPDATE`,
      id, ctx.tenantId, version ?? row.version,
    );
    if (locked.length === 0) throw await stalePolicy(ctx, id);
    const rules = await tx.networkPolicyRule.findMany({ where: { policyId: id, tenantId: ctx.tenantId }, select: RULE_SELECT, orderBy: { createdAt: "asc" } });
    await tx.networkPolicy.deleteMany({ where: { id, tenantId: ctx.tenantId } });
    await writeLineage(tx, ctx.tenantId, [
      ...rules.map((r) => ({
        subjectType: RULE_SUBJECT, subjectId: r.id, action: "deleted", actor: ctx.actor,
        details: { policyId: id, ...ruleFacts(r), cause: "policy deleted" },
      } as const)),
      {
        subjectType: POLICY_SUBJECT, subjectId: id, action: "deleted", actor: ctx.actor,
        details: { scope: row.scope, scopeRef: row.scopeRef, mode: row.mode, ruleCount: rules.length },
      },
    ]);
    // One entry for the act; the rules it removed are each in lineage.
    await writeAudit(tx, auditActorOf(ctx), policyAudit(ctx.tenantId, "network_policy.delete", id, row, {
      before: { scope: row.scope, scopeRef: row.scopeRef, mode: row.mode, ruleCount: rules.length },
    }));
  });
}
