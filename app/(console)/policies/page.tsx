import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page-auth";
import { roleCan } from "@/lib/auth/roles";
import { contextOf } from "@/lib/auth/session";
import { listPolicies } from "@/lib/policies/queries";
import { NewPolicyButton } from "@/components/policies/new-policy-dialog";
import { PoliciesEmpty } from "@/components/policies/policies-empty";
import { PoliciesList } from "@/components/policies/policies-list";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Policies" };

export default async function PoliciesPage() {
  const user = await requirePageUser();
  const ctx = contextOf(user);
  const canWrite = roleCan(ctx.role, "admin");
  const canBlock = roleCan(ctx.role, "triage");
  const { data: policies } = await listPolicies({ ctx });
  const create = canWrite ? <NewPolicyButton tenantId={ctx.tenantId} /> : null;
  return (
    <div className="mx-auto max-w-[1400px]">
      <PageHeader title="Network policies" subtitle="What the agents of each scope may connect to. The narrowest scope with a matching rule decides.">
        {policies.length > 0 && create}
      </PageHeader>
      {policies.length === 0 ? (
        <PoliciesEmpty canWrite={canWrite} canBlock={canBlock} action={create} />
      ) : (
        <>
          <PoliciesList policies={policies} />
          {!canWrite && (
            <p className="mt-3 text-xs text-zinc-500 dark:text-zinc-400" data-testid="read-only-note">
              Read only: only admins create and edit policies.{canBlock && " You can block a destination from an event or an issue."}
            </p>
          )}
        </>
      )}
    </div>
  );
}
