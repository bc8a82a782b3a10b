"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { resetPasswordAction } from "@/app/(console)/admin/actions";
import { Dialog } from "@/components/ui/dialog";

const BUTTON = "rounded-md px-3 py-1.5 font-medium disabled:opacity-60";

/** Asks first, then shows the temporary password once: it is stored only as a hash. */
export function ResetPasswordDialog({ member, onClose }: { member: { id: string; email: string; name: string }; onClose: () => void }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [temporary, setTemporary] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);

  const reset = () =>
    start(async () => {
      const res = await resetPasswordAction({ userId: member.id });
      if (res.ok) {
        setTemporary(res.data.temporaryPassword);
        setError(null);
        router.refresh();
      } else setError(Object.values(res.fieldErrors ?? {})[0] ?? res.error);
    });

  return (
    <Dialog
      title={temporary ? "Temporary password" : `Reset the password of ${member.name}?`}
      onClose={onClose}
      busy={pending}
      testId="reset-password-dialog"
      footer={
        temporary ? (
          <button type="button" className={`${BUTTON} bg-emerald-600 text-white hover:bg-emerald-700`} onClick={onClose}>
            Done
          </button>
        ) : (
          <>
            <button type="button" className={`${BUTTON} text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800`} onClick={onClose} disabled={pending}>
              Cancel
            </button>
            <button type="button" className={`${BUTTON} bg-red-600 text-white hover:bg-red-700`} onClick={reset} disabled={pending}>
              {pending ? "Resetting…" : "Reset password"}
            </button>
          </>
        )
      }
    >
      {temporary ? (
        <div className="space-y-3">
          <p>
            Give this password to <span className="font-mono text-xs">{member.email}</span> by a channel you trust. It is shown only now; at their next
            sign-in they must choose their own.
          </p>
          <div className="flex items-center gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 dark:border-amber-700 dark:bg-amber-950/40">
            <code data-testid="temporary-password" className="flex-1 select-all font-mono text-base tracking-wide">
              {temporary}
            </code>
            <button
              type="button"
              className="rounded-md border border-zinc-300 px-2 py-1 text-xs font-medium hover:bg-white dark:border-zinc-600 dark:hover:bg-zinc-800"
              onClick={() => navigator.clipboard?.writeText(temporary).then(() => setCopied(true), () => undefined)}
            >
              {copied ? "Copied" : "Copy"}
            </button>
          </div>
        </div>
      ) : (
        <div className="space-y-2">
          <p>
            Vigil will set a temporary password for <span className="font-mono text-xs">{member.email}</span> and show it to you once.
          </p>
          <ul className="list-disc space-y-1 pl-5 text-zinc-600 dark:text-zinc-300">
            <li>Their current password stops working and they are signed out everywhere, now.</li>
            <li>At their next sign-in they must choose a new password before anything else.</li>
            <li>Their API keys keep working.</li>
          </ul>
          {error && (
            <p role="alert" className="text-red-600 dark:text-red-400">
              {error}
            </p>
          )}
        </div>
      )}
    </Dialog>
  );
}
