"use client";

import { useRouter } from "next/navigation";
import { useEffect, useTransition } from "react";
import type { TimeRangeState } from "@/lib/events/search-params";
import { parseExplorerParams, withExplorerParams } from "@/lib/dashboard/explorer-params";
import { dashboardQuery } from "@/lib/dashboard/range";
import { TimeRangePicker } from "@/components/events/time-range-picker";
import { TOOLBAR_BUTTON } from "@/components/ui/popover";
import "./dashboard-print.css";

interface Props {
  range: TimeRangeState;
  window: { from: string; to: string };
  title: string;
  subtitle: string;
  children: React.ReactNode;
}

/**
 * The dashboard's frame: its heading, the range (the Events page's picker) and printing. A new
 * range reloads the figures on the server; the old ones stay, dimmed, until the new ones arrive.
 */
export function DashboardFrame({ range, window, title, subtitle, children }: Props) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  usePrintInLightTheme();
  return (
    <div data-dashboard>
      <div className="mb-4 flex flex-wrap items-end gap-x-4 gap-y-2">
        <div className="min-w-0">
          <h1 className="text-xl font-semibold">{title}</h1>
          <p className="mt-0.5 text-zinc-500 dark:text-zinc-400" data-testid="dashboard-range">
            {subtitle}
          </p>
        </div>
        <div className="ml-auto flex flex-wrap items-center gap-2 print:hidden">
          {pending && (
            <span role="status" className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="dashboard-updating">
              Updating…
            </span>
          )}
          <TimeRangePicker range={range} effective={window} onChange={(next) => startTransition(() => router.push(`/dashboard?${rangeQuery(next)}`))} />
          <button type="button" className={TOOLBAR_BUTTON} onClick={() => globalThis.print()} title="Print the dashboard as a one-page report">
            Print
          </button>
        </div>
      </div>
      <div className={`transition-opacity ${pending ? "opacity-60" : ""}`} aria-busy={pending}>
        {children}
      </div>
    </div>
  );
}

/** The new range's query, keeping the group-by explorer's choice. */
function rangeQuery(range: TimeRangeState): string {
  return withExplorerParams(dashboardQuery(range), parseExplorerParams(new URLSearchParams(globalThis.location.search)));
}

/** Paper is white: the dark theme is switched off while the page prints, whoever starts it (the button or Ctrl+P). */
function usePrintInLightTheme() {
  useEffect(() => {
    const root = document.documentElement;
    let wasDark = false;
    const before = () => {
      wasDark = root.classList.contains("dark");
      root.classList.remove("dark");
    };
    const after = () => {
      if (wasDark) root.classList.add("dark");
    };
    globalThis.addEventListener("beforeprint", before);
    globalThis.addEventListener("afterprint", after);
    return () => {
      globalThis.removeEventListener("beforeprint", before);
      globalThis.removeEventListener("afterprint", after);
    };
  }, []);
}

