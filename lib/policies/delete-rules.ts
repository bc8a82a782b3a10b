import "server-only";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { AppError, ForbiddenError } from "@/lib/errors";
import { deleteRule } from "./delete-rule";
import { requirePolicyRow } from "./internal";

export interface DeleteRulesResult {
  deleted: string[];
  failed: { id: string; error: string }[];
}

/**
 * Deletes each selected rule of a policy on the version the caller saw; one that changed or went
 * meanwhile stays, and is named. A policy outside the caller's tenant is a 404 for the whole lot.
 */
export async function deleteRules({ ctx, input }: { ctx: CallerContext; input: { id: string; rules: { id: string; version: number }[] } }): Promise<DeleteRulesResult> {
  if (!roleCan(ctx.role, "admin")) throw new ForbiddenError();
  await requirePolicyRow(ctx, input.id);
  const out: DeleteRulesResult = { deleted: [], failed: [] };
  for (const rule of input.rules) {
    try {
      await deleteRule({ ctx, input: { id: input.id, ruleId: rule.id, version: rule.version } });
      out.deleted.push(rule.id);
    } catch (err) {
      if (!(err instanceof AppError) || err.status === 403) throw err;
      out.failed.push({ id: rule.id, error: err.message });
    }
  }
  return out;
}
