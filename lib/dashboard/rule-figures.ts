import "server-only";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { ForbiddenError } from "@/lib/errors";
import { ruleFalsePositives, type RuleFalsePositives } from "@/lib/rules/false-positives";
import { FP_TOP_N } from "./triage";
import type { DashboardWindows, RuleFalsePositiveRow } from "./types";

// The false-positive rate of each CEL detection rule over the issues seen in the range, beside
// the period before it, ranked like the per-type and per-policy lists (lib/dashboard/triage.ts).

export async function loadRuleFalsePositives({ ctx, windows }: { ctx: CallerContext; windows: DashboardWindows }): Promise<RuleFalsePositiveRow[]> {
  if (!roleCan(ctx.role, "read")) throw new ForbiddenError();
  const dates = (w: { from: string; to: string }) => ({ from: new Date(w.from), to: new Date(w.to) });
  const [current, previous] = await Promise.all([
    ruleFalsePositives(ctx.tenantId, dates(windows.current)),
    ruleFalsePositives(ctx.tenantId, dates(windows.previous)),
  ]);
  return rankRuleFalsePositives(current, previous);
}

/** Rules with something triaged in the range, the most false positives first, then the highest rate; with last period's rate. Pure. */
export function rankRuleFalsePositives(current: RuleFalsePositives[], previous: RuleFalsePositives[]): RuleFalsePositiveRow[] {
  const before = new Map(previous.map((r) => [r.ruleId, r.rate]));
  return current
    .filter((r) => r.triaged > 0)
    .map((r) => ({
      value: r.ruleName, ruleId: r.ruleId, ruleSetId: r.ruleSetId, rulesetId: r.rulesetId,
      total: r.issues, triaged: r.triaged, falsePositives: r.falsePositives, rate: r.rate, previousRate: before.get(r.ruleId) ?? null,
    }))
    .sort((a, b) => b.falsePositives - a.falsePositives || (b.rate ?? -1) - (a.rate ?? -1) || b.total - a.total || a.value.localeCompare(b.value))
    .slice(0, FP_TOP_N);
}
