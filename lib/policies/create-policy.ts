import "server-only";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { auditActorOf, writeAudit } from "@/lib/audit/write";
import { prisma } from "@/lib/db";
import { ConflictError, ForbiddenError } from "@/lib/errors";
import { parseOrThrow } from "@/lib/events/schemas";
import { writeLineage } from "@/lib/lineage/write";
import { policyAudit } from "./audit";
import { isUniqueViolation, loadPolicyItems, POLICY_SUBJECT, policyItem } from "./internal";
import { CreatePolicyInput, type NetworkPolicyItem } from "./schemas";

/** A policy for one scope; a scope (and reference) has at most one, so a second is a 409 naming the first. */
export async function createPolicy({ ctx, input }: { ctx: CallerContext; input: unknown }): Promise<NetworkPolicyItem> {
  if (!roleCan(ctx.role, "admin")) throw new ForbiddenError();
  const { scope, scopeRef, mode } = parseOrThrow(CreatePolicyInput, input);
  let id: string;
  try {
    id = await prisma.$transaction(async (tx) => {
      const row = await tx.networkPolicy.create({ data: { tenantId: ctx.tenantId, scope, scopeRef, mode }, select: { id: true } });
      await writeLineage(tx, ctx.tenantId, [{ subjectType: POLICY_SUBJECT, subjectId: row.id, action: "created", actor: ctx.actor, details: { scope, scopeRef, mode } }]);
      await writeAudit(tx, auditActorOf(ctx), policyAudit(ctx.tenantId, "network_policy.create", row.id, { scope, scopeRef }, { after: { scope, scopeRef, mode } }));
      return row.id;
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const existing = await prisma.networkPolicy.findFirst({ where: { tenantId: ctx.tenantId, scope, scopeRef }, select: { id: true } });
    const [item] = existing ? await loadPolicyItems(ctx, existing.id) : [];
    const what = scope === "global" ? "the global scope" : `${scope} ${scopeRef}`;
    throw new ConflictError(`A network policy for ${what} already exists${item ? ` (${item.id})` : ""}: add rules to it instead`, { existing: item ?? null });
  }
  return policyItem(ctx, id);
}
