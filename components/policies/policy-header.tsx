import type { ReactNode } from "react";
import type { NetworkPolicyItem } from "@/lib/policies/schemas";
import { RelativeTime } from "@/components/ui/relative-time";
import { ModeBadge } from "./mode-badge";
import { actorName, changeText, MODE_HINT, SCOPE_HINT, SCOPE_LABEL } from "./policy-labels";

const num = new Intl.NumberFormat("en");

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <span className="inline-flex min-w-0 items-baseline gap-1.5">
      <span className="text-zinc-500 dark:text-zinc-400">{label}</span>
      {children}
    </span>
  );
}

/** Scope, reference and mode of the policy, its counts and last change; the admin's controls below. */
export function PolicyHeader({ policy, controls }: { policy: NetworkPolicyItem; controls: ReactNode }) {
  return (
    <header className="rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900" data-testid="policy-header">
      <div className="p-4 pb-3">
        <div className="flex min-w-0 items-center gap-2">
          <span className="text-xs font-semibold uppercase tracking-wide text-zinc-500 dark:text-zinc-400">{SCOPE_LABEL[policy.scope]} policy</span>
          <ModeBadge mode={policy.mode} />
          <span className="ml-auto font-mono text-xs text-zinc-400 dark:text-zinc-500" title="Policy id">
            {policy.id}
          </span>
        </div>
        <h1 className="mt-1.5 truncate text-lg font-semibold" title={policy.scopeRef || "All agents"}>
          {policy.scope === "global" ? "All agents" : <span className="font-mono">{policy.scopeRef}</span>}
        </h1>
        <p className="text-sm text-zinc-500 dark:text-zinc-400">
          {SCOPE_HINT[policy.scope]} · {MODE_HINT[policy.mode]}
        </p>
        <div className="mt-2.5 flex flex-wrap items-baseline gap-x-5 gap-y-1 text-sm">
          <Fact label="Rules">
            <span className="font-medium tabular-nums" data-testid="policy-rule-count">
              {num.format(policy.ruleCount)}
            </span>
          </Fact>
          <Fact label="Created">
            <RelativeTime iso={policy.createdAt} />
          </Fact>
          {policy.lastChange && (
            <Fact label="Last change">
              <span>
                {changeText(policy.lastChange)} by <span title={policy.lastChange.actor}>{actorName(policy.lastChange.actor)}</span>,{" "}
                <RelativeTime iso={policy.lastChange.at} />
              </span>
            </Fact>
          )}
        </div>
      </div>
      {controls}
    </header>
  );
}
