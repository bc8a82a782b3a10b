"use client";

import type { IssueStatus } from "@/lib/issues/types";
import { activeTab, STATUS_TABS, tabCount, type QueueState } from "./queue-url";

/** The status tabs, each with the number of issues the other filters leave in it. */
export function StatusTabs({ state, counts, onChange }: { state: QueueState; counts: Record<IssueStatus, number> | null; onChange: (next: QueueState) => void }) {
  const current = activeTab(state);
  return (
    <nav aria-label="Status" className="flex items-end gap-1 border-b border-zinc-200 dark:border-zinc-800">
      {STATUS_TABS.map((tab) => {
        const on = current?.id === tab.id;
        const n = counts ? tabCount(tab, counts) : null;
        return (
          <button
            key={tab.id}
            type="button"
            aria-current={on ? "page" : undefined}
            data-testid={`status-tab-${tab.id}`}
            onClick={() => onChange({ ...state, status: [...tab.statuses] })}
            className={`-mb-px inline-flex items-center gap-1.5 border-b-2 px-2.5 py-1.5 text-sm whitespace-nowrap ${
              on
                ? "border-emerald-600 font-medium text-zinc-900 dark:border-emerald-400 dark:text-zinc-50"
                : "border-transparent text-zinc-500 hover:border-zinc-300 hover:text-zinc-800 dark:text-zinc-400 dark:hover:border-zinc-600 dark:hover:text-zinc-100"
            }`}
          >
            {tab.label}
            <span
              className={`rounded-full px-1.5 text-[11px] leading-4 tabular-nums ${on ? "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/60 dark:text-emerald-200" : "bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300"}`}
            >
              {n === null ? "…" : n.toLocaleString("en")}
            </span>
          </button>
        );
      })}
    </nav>
  );
}
