import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/auth/page-auth";
import { roleCan } from "@/lib/auth/roles";
import { contextOf } from "@/lib/auth/session";
import { listRuleSetDetails } from "@/lib/rules/queries";
import { listRetroHunts } from "@/lib/rules/retro-hunt";
import { ImportRulesButton } from "@/components/rules/import-dialog";
import { RulesEmpty } from "@/components/rules/rules-empty";
import { RuleSetsView } from "@/components/rules/rule-sets-view";
import { BUTTON } from "@/components/policies/form-styles";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Rules" };

export default async function RulesPage() {
  const user = await requirePageUser();
  const ctx = contextOf(user);
  const canWrite = roleCan(ctx.role, "admin");
  const [sets, { retroHunts }] = await Promise.all([listRuleSetDetails({ ctx }), listRetroHunts({ ctx, input: { limit: 200 } })]);
  return (
    <div className="mx-auto max-w-[1400px]">
      <PageHeader title="Detection rules" subtitle="CEL rules run on every ingested event, whatever agent sent it: collect tags an event, detect and terminate make it a detection.">
        {/* Always here for admins, also over the empty state: a dialog opened from it outlives the page's refresh after an import. */}
        {canWrite && (
          <>
            <ImportRulesButton />
            <Link href="/rules/new" className={BUTTON} data-testid="new-rule-set">
              New rule set
            </Link>
          </>
        )}
      </PageHeader>
      {sets.length === 0 ? (
        <RulesEmpty canWrite={canWrite} />
      ) : (
        <>
          <RuleSetsView sets={sets} hunts={retroHunts} canWrite={canWrite} />
          {!canWrite && (
            <p className="mt-3 text-xs text-zinc-500 dark:text-zinc-400" data-testid="read-only-note">
              Read only: admins write and enable rules. Open a rule to read it and test it on events.
            </p>
          )}
        </>
      )}
    </div>
  );
}
