"use client";

// Pieces the dashboard's Recharts charts share: axis styling, the tooltip box, tick and label
// formats in UTC, and the click that opens what a bar or point summarises.
import { useRouter } from "next/navigation";
import { useCallback } from "react";
import type { MouseHandlerDataParam } from "recharts";
import type { FilterTerm } from "@/lib/events/search-params";
import { bucketWindow } from "@/lib/dashboard/range";
import { eventsLink, issuesLink, openedLink } from "@/lib/dashboard/links";
import type { IssueSearchInput } from "@/lib/issues/schemas";

export const AXIS = {
  tick: { fill: "currentColor", fontSize: 11 },
  stroke: "currentColor",
  strokeOpacity: 0.3,
} as const;

export const GRID = { vertical: false, stroke: "currentColor", strokeOpacity: 0.12 } as const;

export function TooltipBox({ title, children, hint = "Click to open" }: { title: string; children: React.ReactNode; hint?: string | null }) {
  return (
    <div className="max-w-xs rounded-md border border-zinc-200 bg-white px-3 py-2 text-xs text-zinc-700 shadow-md dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200">
      <div className="mb-1 font-medium break-words">{title}</div>
      {children}
      {hint && <div className="mt-1 text-[10px] text-zinc-400">{hint}</div>}
    </div>
  );
}

export function TooltipRow({ color, label, value }: { color: string; label: string; value: string }) {
  return (
    <div className="flex items-center gap-2 tabular-nums">
      <span className="inline-block h-2 w-2 shrink-0 rounded-sm" style={{ background: color }} />
      <span className="min-w-16">{label}</span>
      <span className="ml-auto pl-3">{value}</span>
    </div>
  );
}

export function Legend({ items }: { items: readonly { label: string; color: string }[] }) {
  return (
    <ul className="mt-1 flex flex-wrap gap-3 text-xs text-zinc-500 dark:text-zinc-400">
      {items.map((s) => (
        <li key={s.label} className="inline-flex items-center gap-1">
          <span className="inline-block h-2 w-2 rounded-sm" style={{ background: s.color }} aria-hidden />
          {s.label}
        </li>
      ))}
    </ul>
  );
}

const DAY = 86_400_000;

/** A bucket start as an axis tick: the day for daily buckets, else the hour (with the day when the range spans days). */
export function tickOf(t: string, stepMs: number, window: { from: string; to: string }): string {
  if (stepMs >= DAY) return t.slice(5, 10);
  return Date.parse(window.to) - Date.parse(window.from) > DAY ? `${t.slice(5, 10)} ${t.slice(11, 16)}` : t.slice(11, 16);
}

/** The bucket a tooltip describes, clipped to the window, in UTC. */
export function bucketLabel(t: string, stepMs: number, window: { from: string; to: string }): string {
  const b = bucketWindow(t, stepMs, window);
  if (stepMs >= DAY && b.from.endsWith("T00:00:00.000Z") && Date.parse(b.to) - Date.parse(b.from) === DAY) return `${b.from.slice(0, 10)} (UTC)`;
  const end = b.to.slice(0, 10) === b.from.slice(0, 10) ? b.to.slice(11, 16) : b.to.slice(0, 16).replace("T", " ");
  return `${b.from.slice(0, 16).replace("T", " ")} – ${end} UTC`;
}

export type Drill =
  | { to: "events"; include?: FilterTerm[]; q?: string }
  | { to: "issues"; filters?: Omit<IssueSearchInput, "limit" | "cursor" | "sort" | "from" | "to">; by?: "seen" | "opened" };

/** Where a bucket of a time series leads: the same search over the bucket's part of the window (issues seen in it, or opened in it). */
export function drillHref(drill: Drill, window: { from: string; to: string }): string {
  if (drill.to === "events") return eventsLink(window, drill.include ?? [], drill.q ?? "");
  return drill.by === "opened" ? openedLink(window, drill.filters) : issuesLink(drill.filters ?? {}, window);
}

/** A chart click handler: the clicked category's index, to a navigation. */
export function useIndexClick(hrefOf: (index: number) => string | null) {
  const router = useRouter();
  return useCallback(
    (state: MouseHandlerDataParam) => {
      const index = Number(state.activeTooltipIndex ?? state.activeIndex);
      if (!Number.isInteger(index) || index < 0) return;
      const href = hrefOf(index);
      if (href) router.push(href);
    },
    [hrefOf, router],
  );
}

export function compactTick(n: number): string {
  return new Intl.NumberFormat("en", { notation: "compact" }).format(n);
}
