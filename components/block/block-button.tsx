"use client";

import { useState } from "react";
import type { BlockDestination, BlockSubject } from "./block-api";
import { BlockDialog } from "./block-dialog";

/** The toolbar button's look, in red: the action denies traffic. */
export const BLOCK_BUTTON =
  "inline-flex h-7 items-center gap-1.5 rounded-md border border-red-300 bg-white px-2 text-[13px] whitespace-nowrap text-red-700 hover:bg-red-50 focus-visible:outline-2 focus-visible:outline-red-500 disabled:opacity-50 dark:border-red-900 dark:bg-zinc-900 dark:text-red-300 dark:hover:bg-red-950/40";

const ICON = (
  <svg viewBox="0 0 16 16" className="h-3.5 w-3.5 shrink-0" fill="none" stroke="currentColor" strokeWidth={1.6} aria-hidden>
    <circle cx="8" cy="8" r="6" />
    <path d="M3.8 3.8l8.4 8.4" />
  </svg>
);

interface Props {
  tenantId: string;
  subject: BlockSubject;
  destination: BlockDestination | null;
  className?: string;
  children?: React.ReactNode;
}

/** "Block destination…": opens the block dialog for an event or an issue. Render it only for roles that triage. */
export function BlockButton({ tenantId, subject, destination, className = BLOCK_BUTTON, children = "Block destination…" }: Props) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className={className}
        onClick={() => setOpen(true)}
        title={destination ? `Deny ${destination.value} in a network policy` : "Deny this destination in a network policy"}
        data-testid="block-button"
      >
        {ICON}
        {children}
      </button>
      {open && <BlockDialog tenantId={tenantId} subject={subject} destination={destination} onClose={() => setOpen(false)} />}
    </>
  );
}
