"use client";

import { useState } from "react";
import { updateRuleAction } from "@/app/(console)/rules/actions";
import { useRefreshingAction } from "@/components/ui/use-refreshing-action";

/** A rule's on/off switch: takes effect on the next ingested batch, and is recorded in its lineage. */
export function EnableToggle({ setId, ruleId, ruleName, enabled, version, canWrite }: { setId: string; ruleId: string; ruleName: string; enabled: boolean; version: number; canWrite: boolean }) {
  const action = useRefreshingAction();
  const [error, setError] = useState<string | null>(null);
  const [optimistic, setOptimistic] = useState<boolean | null>(null);
  const on = optimistic ?? enabled;
  async function toggle() {
    setError(null);
    setOptimistic(!on);
    const res = await action.run(() => updateRuleAction({ setId, ruleId, changes: { enabled: !on, version } }));
    setOptimistic(null);
    if (!res.ok) setError(res.error);
  }
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        role="switch"
        aria-checked={on}
        aria-label={`${on ? "Disable" : "Enable"} ${ruleName}`}
        title={canWrite ? (on ? "Enabled: click to disable" : "Disabled: click to enable") : on ? "Enabled" : "Disabled"}
        disabled={!canWrite || action.pending}
        onClick={toggle}
        data-testid="rule-enabled"
        className={`relative inline-flex h-5 w-9 shrink-0 items-center rounded-full transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-emerald-500 disabled:cursor-default ${
          on ? "bg-emerald-600" : "bg-zinc-300 dark:bg-zinc-700"
        } ${action.pending ? "opacity-60" : ""}`}
      >
        <span className={`inline-block h-4 w-4 rounded-full bg-white shadow transition-transform ${on ? "translate-x-[18px]" : "translate-x-0.5"}`} />
      </button>
      {error && (
        <span role="alert" className="text-xs text-red-700 dark:text-red-400">
          {error}
        </span>
      )}
    </span>
  );
}
