"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { deletePolicyAction } from "@/app/(console)/policies/actions";
import type { ActionFailure } from "@/lib/auth/action";
import type { NetworkPolicyItem } from "@/lib/policies/schemas";
import { ConfirmDialog } from "./confirm-dialog";
import { FormError } from "./form-error";
import { agentsOf } from "./policy-labels";
import { usePolicyAction } from "./use-policy-action";

/** Deletes the policy and its rules after a confirmation, then goes back to the list. */
export function DeletePolicyButton({ tenantId, policy }: { tenantId: string; policy: NetworkPolicyItem }) {
  const router = useRouter();
  const action = usePolicyAction(tenantId, null);
  const [open, setOpen] = useState(false);
  const [failure, setFailure] = useState<ActionFailure | null>(null);

  async function remove() {
    const res = await action.run(() => deletePolicyAction({ id: policy.id, version: policy.version }));
    if (res.ok) router.push("/policies");
    else setFailure(res);
  }

  return (
    <>
      <button
        type="button"
        onClick={() => {
          setFailure(null);
          setOpen(true);
        }}
        className="rounded-md border border-red-300 px-3 py-1 text-xs font-medium text-red-700 hover:bg-red-50 dark:border-red-800 dark:text-red-300 dark:hover:bg-red-950/50"
      >
        Delete policy
      </button>
      {open && (
        <ConfirmDialog
          title="Delete this policy?"
          confirmLabel="Delete policy"
          danger
          busy={action.pending}
          onConfirm={() => void remove()}
          onClose={() => setOpen(false)}
          testId="delete-policy-dialog"
          error={<FormError failure={failure} onReload={() => setOpen(false)} />}
        >
          <p>
            This policy and its {policy.ruleCount} {policy.ruleCount === 1 ? "rule" : "rules"} are deleted: {agentsOf(policy.scope, policy.scopeRef)} stop
            applying them. The lineage keeps a record of each.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
