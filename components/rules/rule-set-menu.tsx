"use client";

import { useState } from "react";
import { deleteRuleSetAction } from "@/app/(console)/rules/actions";
import { ConfirmDialog } from "@/components/policies/confirm-dialog";
import { useRefreshingAction } from "@/components/ui/use-refreshing-action";

const LINK = "rounded-md border border-zinc-300 px-2.5 py-1 text-xs font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800";

/** A rule set's export (YAML or JSON, the seed-002 document) and, for admins, its deletion. */
export function RuleSetMenu({ setId, rulesetId, ruleCount, hits, canWrite }: { setId: string; rulesetId: string; ruleCount: number; hits: number; canWrite: boolean }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const action = useRefreshingAction();
  const base = `/api/v1/rule-sets/${encodeURIComponent(setId)}/export`;
  return (
    <>
      <a href={`${base}?format=yaml`} download className={LINK} data-testid="export-yaml">
        Export YAML
      </a>
      <a href={`${base}?format=json`} download className={LINK}>
        JSON
      </a>
      {canWrite && (
        <button type="button" className={`${LINK} text-red-700 dark:text-red-400`} onClick={() => setConfirming(true)} data-testid="delete-rule-set">
          Delete
        </button>
      )}
      {confirming && (
        <ConfirmDialog
          title={`Delete ${rulesetId}?`}
          confirmLabel="Delete rule set"
          danger
          busy={action.pending}
          error={error}
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            const res = await action.run(() => deleteRuleSetAction({ setId }));
            if (res.ok) setConfirming(false);
            else setError(res.error);
          }}
        >
          <p>
            Its {ruleCount} {ruleCount === 1 ? "rule stops" : "rules stop"} matching new events at once. Events already tagged keep their tags and detections, and the {hits.toLocaleString("en")} recorded hits
            go with the rules. Export it first to keep a copy.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
