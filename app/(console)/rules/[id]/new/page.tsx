import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { requirePageUser } from "@/lib/auth/page-auth";
import { roleCan } from "@/lib/auth/roles";
import { contextOf } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/errors";
import { getRuleSet } from "@/lib/rules/queries";
import { RuleEditor } from "@/components/rules/rule-editor";
import { RulesCrumbs } from "@/components/rules/rules-crumbs";

export const metadata: Metadata = { title: "New rule" };

export default async function NewRulePage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = contextOf(await requirePageUser());
  if (!roleCan(ctx.role, "admin")) redirect("/rules");
  const { id } = await params;
  const set = await getRuleSet({ ctx, input: { id } }).catch((err) => {
    if (err instanceof NotFoundError || (err as { status?: number }).status === 400) notFound();
    throw err;
  });
  return (
    <div className="mx-auto max-w-[1400px]">
      <RulesCrumbs rulesetId={set.rulesetId} title="New rule" />
      <RuleEditor target={{ kind: "new-rule", setId: set.id, rulesetId: set.rulesetId, version: set.version }} canWrite />
    </div>
  );
}
