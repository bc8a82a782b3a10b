"use client";

import { useCallback, useEffect, useRef, useState } from "react";

export type StatusTone = "success" | "warning" | "error" | "info";

export interface StatusMessage {
  text: string;
  tone: StatusTone;
}

const TONE: Record<StatusTone, string> = {
  success: "border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100",
  info: "border-zinc-300 bg-white text-zinc-800 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100",
  warning: "border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100",
  error: "border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100",
};

/** A message that shows for a few seconds (longer for problems); a newer one replaces it. */
export function useStatusMessage() {
  const [message, setMessage] = useState<StatusMessage | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const show = useCallback((text: string, tone: StatusTone = "success") => {
    if (timer.current) clearTimeout(timer.current);
    setMessage({ text, tone });
    timer.current = setTimeout(() => setMessage(null), tone === "success" || tone === "info" ? 4000 : 9000);
  }, []);
  const dismiss = useCallback(() => setMessage(null), []);
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);
  return { message, show, dismiss };
}

/** The brief account of the last action, bottom centre; read out by screen readers. */
export function StatusLine({ message, onDismiss }: { message: StatusMessage | null; onDismiss: () => void }) {
  return (
    <div role="status" aria-live="polite" className="pointer-events-none fixed inset-x-0 bottom-4 z-30 flex justify-center px-4">
      {message && (
        <div data-testid="status-line" data-tone={message.tone} className={`pointer-events-auto flex max-w-xl items-center gap-3 rounded-md border px-3 py-2 text-sm shadow-lg ${TONE[message.tone]}`}>
          <span>{message.text}</span>
          <button type="button" onClick={onDismiss} aria-label="Dismiss" className="rounded px-1 opacity-60 hover:opacity-100">
            ×
          </button>
        </div>
      )}
    </div>
  );
}
