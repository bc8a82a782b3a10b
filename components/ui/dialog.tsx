"use client";

import { useEffect, useId, useRef, type ReactNode } from "react";

interface Props {
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
  /** Buttons along the bottom edge. */
  footer?: ReactNode;
  widthClassName?: string;
  testId?: string;
  /** Escape and a click outside do nothing while true (a request is running). */
  busy?: boolean;
  onKeyDown?: (e: React.KeyboardEvent<HTMLDialogElement>) => void;
}

/**
 * A modal dialog on the native <dialog> (focus stays inside, the page is inert). Mount it to open
 * it. The explicit role lets page-level key handlers (Escape = back) tell it apart.
 */
export function Dialog({ title, onClose, children, footer, widthClassName = "w-[28rem]", testId, busy = false, onKeyDown }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      role="dialog"
      aria-labelledby={titleId}
      data-testid={testId}
      onKeyDown={onKeyDown}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onClose();
      }}
      onClick={(e) => {
        if (e.target === e.currentTarget && !busy) onClose();
      }}
      className={`m-auto max-w-[calc(100vw-2rem)] rounded-lg border border-zinc-200 bg-white p-0 text-sm text-zinc-900 shadow-xl backdrop:bg-zinc-950/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 ${widthClassName}`}
    >
      <div className="border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
        <h2 id={titleId} className="text-base font-semibold">
          {title}
        </h2>
      </div>
      <div className="px-4 py-3">{children}</div>
      {footer && <div className="flex items-center justify-end gap-2 border-t border-zinc-200 px-4 py-3 dark:border-zinc-800">{footer}</div>}
    </dialog>
  );
}
