"use client";

import { useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import { Kbd } from "@/components/ui/kbd";
import { PRIMARY_BUTTON, TOOLBAR_BUTTON } from "@/components/ui/popover";
import { CLOSE_REASON_LABELS, CLOSE_REASONS, type CloseReason } from "@/lib/issues/types";
import { issues } from "./triage-plan";

const HINTS: Record<CloseReason, string> = {
  true_positive: "A real threat, and it has been dealt with",
  benign_true_positive: "Real activity, but expected or allowed",
  false_positive: "The detection was wrong",
  duplicate: "Already tracked in another issue",
};

export type CloseStatus = "resolved" | "closed";

interface Props {
  count: number;
  initialStatus?: CloseStatus;
  onConfirm: (status: CloseStatus, reason: CloseReason) => void;
  onClose: () => void;
}

/** Resolve or close with a reason: 1–4 pick the reason, Enter confirms (Space toggles a button), Escape cancels. */
export function ResolveDialog({ count, initialStatus = "resolved", onConfirm, onClose }: Props) {
  const [status, setStatus] = useState<CloseStatus>(initialStatus);
  const [reason, setReason] = useState<CloseReason | null>(null);
  const verb = status === "resolved" ? "Resolve" : "Close";
  const confirm = () => {
    if (reason) onConfirm(status, reason);
  };
  return (
    <Dialog
      title={`${verb} ${issues(count)}`}
      onClose={onClose}
      testId="resolve-dialog"
      onKeyDown={(e) => {
        const n = Number(e.key);
        if (Number.isInteger(n) && n >= 1 && n <= CLOSE_REASONS.length && !e.ctrlKey && !e.metaKey && !e.altKey) {
          e.preventDefault();
          setReason(CLOSE_REASONS[n - 1]);
        } else if (e.key === "Enter" && !(e.target instanceof HTMLElement && e.target.dataset.role === "cancel")) {
          e.preventDefault();
          confirm();
        }
      }}
      footer={
        <>
          <button type="button" data-role="cancel" className={TOOLBAR_BUTTON} onClick={onClose}>
            Cancel
          </button>
          <button type="button" data-role="confirm" className={PRIMARY_BUTTON} disabled={!reason} onClick={confirm}>
            {verb} <Kbd className="border-emerald-400 bg-emerald-700 text-emerald-50">↵</Kbd>
          </button>
        </>
      }
    >
      <div role="radiogroup" aria-label="Status" className="mb-3 inline-flex overflow-hidden rounded-md border border-zinc-300 dark:border-zinc-700">
        {(["resolved", "closed"] as const).map((s) => (
          <button
            key={s}
            type="button"
            role="radio"
            aria-checked={status === s}
            onClick={() => setStatus(s)}
            className={`px-3 py-1 text-sm ${status === s ? "bg-zinc-800 text-white dark:bg-zinc-200 dark:text-zinc-900" : "bg-white hover:bg-zinc-50 dark:bg-zinc-900 dark:hover:bg-zinc-800"}`}
            title={s === "resolved" ? "Dealt with" : "Will not be acted on"}
          >
            {s === "resolved" ? "Resolve" : "Close"}
          </button>
        ))}
      </div>
      <fieldset>
        <legend className="mb-1.5 text-xs text-zinc-500 dark:text-zinc-400">Reason (press 1–4)</legend>
        <div className="space-y-1">
          {CLOSE_REASONS.map((r, i) => (
            <label
              key={r}
              className={`flex cursor-pointer items-start gap-2.5 rounded-md border px-2.5 py-1.5 ${
                reason === r ? "border-emerald-500 bg-emerald-50 dark:border-emerald-600 dark:bg-emerald-950/40" : "border-zinc-200 hover:bg-zinc-50 dark:border-zinc-800 dark:hover:bg-zinc-800/60"
              }`}
            >
              <input type="radio" name="close-reason" value={r} checked={reason === r} onChange={() => setReason(r)} className="mt-1 accent-emerald-600" />
              <span className="min-w-0 flex-1">
                <span className="block font-medium">{CLOSE_REASON_LABELS[r]}</span>
                <span className="block text-xs text-zinc-500 dark:text-zinc-400">{HINTS[r]}</span>
              </span>
              <Kbd className="mt-0.5">{i + 1}</Kbd>
            </label>
          ))}
        </div>
      </fieldset>
    </Dialog>
  );
}
