import "server-only";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { auditActorOf, writeAudit } from "@/lib/audit/write";
import { prisma } from "@/lib/db";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { parseOrThrow } from "@/lib/events/schemas";
import { writeLineage } from "@/lib/lineage/write";
import { policyAudit } from "./audit";
import { loadPolicyItems, POLICY_SUBJECT, policyItem, requirePolicyRow } from "./internal";
import { UpdatePolicyInput, type NetworkPolicyItem } from "./schemas";

// PATCH a policy's mode: a conditional update on the version the caller saw, with its lineage
// entry in the same transaction.

/** The 409 of a stale version: it carries the policy as it is now, so the client can show it. */
export async function stalePolicy(ctx: CallerContext, id: string): Promise<ConflictError | NotFoundError> {
  const [current] = await loadPolicyItems(ctx, id);
  if (!current) return new NotFoundError("Network policy");
  return new ConflictError(`Network policy ${id} was changed by someone else (now at version ${current.version}); reload and try again`, { current });
}

export async function updatePolicy({ ctx, input }: { ctx: CallerContext; input: { id: string } & Record<string, unknown> }): Promise<NetworkPolicyItem> {
  if (!roleCan(ctx.role, "admin")) throw new ForbiddenError();
  const { id, ...rest } = input;
  const { mode, version } = parseOrThrow(UpdatePolicyInput, rest);
  const row = await requirePolicyRow(ctx, id);
  if (row.version !== version) throw await stalePolicy(ctx, id);

  await prisma.$transaction(async (tx) => {
    const res = await tx.networkPolicy.updateMany({
      where: { id, tenantId: ctx.tenantId, version },
      data: { mode, version: { increment: 1 }, updatedAt: new Date() },
    });
    if (res.count === 0) throw await stalePolicy(ctx, id);
    if (mode !== row.mode) {
      await writeLineage(tx, ctx.tenantId, [{
        subjectType: POLICY_SUBJECT, subjectId: id, action: "updated", actor: ctx.actor,
        details: { changed: ["mode"], before: { mode: row.mode }, after: { mode } },
      }]);
      await writeAudit(tx, auditActorOf(ctx), policyAudit(ctx.tenantId, "network_policy.update", id, row, { before: { mode: row.mode }, after: { mode } }));
    }
  });
  return policyItem(ctx, id);
}
