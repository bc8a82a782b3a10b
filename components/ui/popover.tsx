"use client";

import { useEffect, useId, useRef, useState, type ReactNode } from "react";

interface Props {
  label: ReactNode;
  /** Accessible name of the trigger when `label` is not plain text. */
  ariaLabel?: string;
  children: (close: () => void) => ReactNode;
  align?: "left" | "right";
  panelClassName?: string;
  buttonClassName?: string;
  testId?: string;
}

/** A button that opens a panel; closes on Escape or a click outside. */
export function Popover({ label, ariaLabel, children, align = "right", panelClassName = "w-72", buttonClassName, testId }: Props) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelId = useId();

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    document.addEventListener("mousedown", onDown);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("mousedown", onDown);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  return (
    <div ref={ref} className="relative">
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={ariaLabel}
        onClick={() => setOpen((v) => !v)}
        className={buttonClassName ?? TOOLBAR_BUTTON}
      >
        {label}
      </button>
      {open && (
        <div
          id={panelId}
          data-testid={testId}
          data-popover
          className={`absolute z-20 mt-1 rounded-md border border-zinc-200 bg-white p-3 text-sm shadow-lg dark:border-zinc-700 dark:bg-zinc-900 ${align === "right" ? "right-0" : "left-0"} ${panelClassName}`}
        >
          {children(() => setOpen(false))}
        </div>
      )}
    </div>
  );
}

export const TOOLBAR_BUTTON =
  "inline-flex h-8 items-center gap-1.5 rounded-md border border-zinc-300 bg-white px-2.5 text-sm whitespace-nowrap text-zinc-700 hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-emerald-500 disabled:opacity-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200 dark:hover:bg-zinc-800";

export const PRIMARY_BUTTON =
  "inline-flex h-8 items-center gap-1.5 rounded-md bg-emerald-600 px-3 text-sm font-medium whitespace-nowrap text-white hover:bg-emerald-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-emerald-500 disabled:opacity-50";

export const INPUT =
  "h-8 rounded-md border border-zinc-300 bg-white px-2 text-sm text-zinc-900 placeholder:text-zinc-400 focus:border-emerald-500 focus:outline-none dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100";
