"use client";

import type { ReactNode } from "react";
import { Dialog } from "@/components/ui/dialog";
import { BUTTON, BUTTON_DANGER, BUTTON_SECONDARY } from "./form-styles";

interface Props {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** Red for what cannot be undone or blocks traffic. */
  danger?: boolean;
  busy: boolean;
  error?: ReactNode;
  onConfirm: () => void;
  onClose: () => void;
  testId?: string;
}

/** "Are you sure?" with the consequences spelled out; the confirm button has the focus. */
export function ConfirmDialog({ title, children, confirmLabel, danger = false, busy, error, onConfirm, onClose, testId }: Props) {
  return (
    <Dialog
      title={title}
      onClose={onClose}
      busy={busy}
      testId={testId}
      footer={
        <>
          <button type="button" className={BUTTON_SECONDARY} onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="button" className={danger ? BUTTON_DANGER : BUTTON} onClick={onConfirm} disabled={busy} autoFocus>
            {busy ? "Working…" : confirmLabel}
          </button>
        </>
      }
    >
      <div className="space-y-2 text-zinc-700 dark:text-zinc-200">{children}</div>
      {error}
    </Dialog>
  );
}
