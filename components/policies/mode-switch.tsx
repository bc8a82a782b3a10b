"use client";

import { useState } from "react";
import { updatePolicyModeAction } from "@/app/(console)/policies/actions";
import type { ActionFailure } from "@/lib/auth/action";
import type { NetworkPolicyItem } from "@/lib/policies/schemas";
import { POLICY_MODES, type PolicyMode } from "@/lib/policies/scope-ref";
import { ConfirmDialog } from "./confirm-dialog";
import { FormError } from "./form-error";
import { agentsOf, MODE_HINT } from "./policy-labels";
import { usePolicyAction } from "./use-policy-action";

const ON: Record<PolicyMode, string> = {
  bypass: "bg-zinc-600 text-white dark:bg-zinc-500",
  log: "bg-sky-600 text-white",
  enforce: "bg-red-600 text-white",
};

/** Bypass / log / enforce; enforce asks first, since agents then block. */
export function ModeSwitch({ tenantId, policy, notify }: { tenantId: string; policy: NetworkPolicyItem; notify: (text: string) => void }) {
  const action = usePolicyAction(tenantId, policy.id);
  const [confirming, setConfirming] = useState(false);
  const [failure, setFailure] = useState<ActionFailure | null>(null);

  async function change(mode: PolicyMode) {
    setFailure(null);
    const res = await action.run(() => updatePolicyModeAction({ id: policy.id, mode, version: policy.version }));
    setConfirming(false);
    if (res.ok) notify(`Mode set to ${mode}: ${MODE_HINT[mode].toLowerCase()}.`);
    else setFailure(res);
  }

  return (
    <div>
      <div role="radiogroup" aria-label="Mode" className="inline-flex rounded-md border border-zinc-300 p-0.5 dark:border-zinc-700" data-testid="mode-switch">
        {POLICY_MODES.map((m) => {
          const on = policy.mode === m;
          return (
            <button
              key={m}
              type="button"
              role="radio"
              aria-checked={on}
              title={MODE_HINT[m]}
              disabled={action.pending}
              onClick={() => (on ? undefined : m === "enforce" ? setConfirming(true) : void change(m))}
              className={`rounded px-3 py-1 text-xs font-medium capitalize disabled:opacity-60 ${on ? ON[m] : "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"}`}
            >
              {m}
            </button>
          );
        })}
      </div>
      <FormError failure={failure} onReload={() => setFailure(null)} />
      {confirming && (
        <ConfirmDialog
          title="Switch this policy to enforce?"
          confirmLabel="Enforce"
          danger
          busy={action.pending}
          onConfirm={() => void change("enforce")}
          onClose={() => setConfirming(false)}
          testId="enforce-dialog"
        >
          <p>
            Once agents pick up the change, <strong className="font-medium">{agentsOf(policy.scope, policy.scopeRef)}</strong> will block connections to denied
            destinations, instead of only reporting them.
          </p>
          <p>
            Check first that the policy allows what the workloads need: a deny that is too broad stops them from working. You can switch back to log at any
            time.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
