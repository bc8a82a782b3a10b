import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/page-auth";
import { roleCan } from "@/lib/auth/roles";
import { contextOf } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/errors";
import { getRuleLineage, getRuleSet } from "@/lib/rules/queries";
import { DETECTION_RULE_SUBJECT } from "@/lib/rules/subjects";
import { LineageTimeline } from "@/components/lineage/lineage-timeline";
import { RuleEditor } from "@/components/rules/rule-editor";
import { RulesCrumbs } from "@/components/rules/rules-crumbs";

export const metadata: Metadata = { title: "Rule" };

export default async function RulePage({ params }: { params: Promise<{ id: string; ruleId: string }> }) {
  const ctx = contextOf(await requirePageUser());
  const { id, ruleId } = await params;
  const found = await Promise.all([getRuleSet({ ctx, input: { id } }), getRuleLineage({ ctx, input: { id, ruleId } })]).catch((err) => {
    if (err instanceof NotFoundError || (err as { status?: number }).status === 400) notFound();
    throw err;
  });
  const [set, lineage] = found;
  const rule = set.rules.find((r) => r.id === ruleId);
  if (!rule) notFound();
  const lineageView = (
    <section className="rounded-lg border border-zinc-200 bg-white p-3 text-sm dark:border-zinc-800 dark:bg-zinc-900" aria-labelledby="rule-lineage">
      <h2 id="rule-lineage" className="mb-2 text-xs font-semibold uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
        Lineage
      </h2>
      <LineageTimeline
        tenantId={ctx.tenantId}
        subjectType={DETECTION_RULE_SUBJECT}
        subjectId={rule.id}
        endpoint={`/api/v1/rule-sets/${encodeURIComponent(set.id)}/rules/${encodeURIComponent(rule.id)}/lineage`}
        initial={lineage}
      />
    </section>
  );
  return (
    <div className="mx-auto max-w-[1400px]">
      <RulesCrumbs rulesetId={set.rulesetId} title={rule.ruleId} />
      <RuleEditor target={{ kind: "edit", setId: set.id, rulesetId: set.rulesetId, version: set.version, rule }} canWrite={roleCan(ctx.role, "admin")} side={lineageView} />
    </div>
  );
}
