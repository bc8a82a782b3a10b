import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { requirePageUser } from "@/lib/auth/page-auth";
import { roleCan } from "@/lib/auth/roles";
import { contextOf } from "@/lib/auth/session";
import { RuleEditor } from "@/components/rules/rule-editor";
import { RulesCrumbs } from "@/components/rules/rules-crumbs";

export const metadata: Metadata = { title: "New rule set" };

export default async function NewRuleSetPage() {
  const ctx = contextOf(await requirePageUser());
  if (!roleCan(ctx.role, "admin")) redirect("/rules");
  return (
    <div className="mx-auto max-w-[1400px]">
      <RulesCrumbs title="New rule set" />
      <RuleEditor target={{ kind: "new-set" }} canWrite />
    </div>
  );
}
