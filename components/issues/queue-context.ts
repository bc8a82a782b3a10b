"use client";

import { createContext, useContext } from "react";

/** What the queue's cells need beyond their row: selection, write access and where links lead. */
export interface QueueRowContextValue {
  canWrite: boolean;
  isSelected: (id: string) => boolean;
  toggle: (id: string, range: boolean) => void;
  /** Every row on screen selected (true), some (null) or none (false). */
  pageSelection: boolean | null;
  togglePage: () => void;
  hrefOf: (id: string) => string;
}

export const QueueRowContext = createContext<QueueRowContextValue | null>(null);

export function useQueueRow(): QueueRowContextValue {
  const v = useContext(QueueRowContext);
  if (!v) throw new Error("QueueRowContext is missing");
  return v;
}
