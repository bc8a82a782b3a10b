"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import { explorerFieldLabel } from "@/lib/dashboard/explorer-params";
import { expandableIds, initiallyExpanded, visibleRows, type ExplorerRow } from "@/lib/dashboard/explorer-tree";
import { eventsLink } from "@/lib/dashboard/links";
import { percent } from "@/lib/dashboard/metrics";
import type { DashboardWindow, ExplorerResult } from "@/lib/dashboard/types";

const LINK = "text-emerald-700 hover:underline focus-visible:outline-2 focus-visible:outline-emerald-500 dark:text-emerald-400";
const TOGGLE =
  "inline-flex h-5 w-5 shrink-0 items-center justify-center rounded text-zinc-500 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-emerald-500 dark:text-zinc-400 dark:hover:bg-zinc-800";

/**
 * The tree as a nested table, the explorer's accessible view: a row per bucket, indented by level,
 * with a button that shows or hides the level under it, and a link to the events it counts.
 */
export function ExplorerTable({ result, rows, window }: { result: ExplorerResult; rows: ExplorerRow[]; window: DashboardWindow }) {
  const [expanded, setExpanded] = useState(() => initiallyExpanded(rows));
  const all = useMemo(() => expandableIds(rows), [rows]);
  const shown = visibleRows(rows, expanded);
  const toggle = (id: string) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const levels = result.by.map(explorerFieldLabel);
  return (
    <div>
      {result.by.length > 1 && (
        <div className="mb-1 flex gap-2 text-xs print:hidden">
          <button type="button" className="text-zinc-500 hover:text-zinc-800 hover:underline dark:text-zinc-400 dark:hover:text-zinc-200" onClick={() => setExpanded(new Set(all))}>
            Expand all
          </button>
          <button type="button" className="text-zinc-500 hover:text-zinc-800 hover:underline dark:text-zinc-400 dark:hover:text-zinc-200" onClick={() => setExpanded(new Set())}>
            Collapse all
          </button>
        </div>
      )}
      <div className="max-h-[26rem] overflow-auto print:max-h-none">
        <table className="w-full text-left text-xs" data-testid="explorer-table">
          <caption className="sr-only">Events grouped by {levels.join(", then ")}; each level&apos;s rows follow the row they belong to.</caption>
          <thead className="sticky top-0 z-10 bg-white text-zinc-500 dark:bg-zinc-900 dark:text-zinc-400">
            <tr>
              <th scope="col" className="px-2 py-1 font-medium">
                {levels.join(" › ")}
              </th>
              <th scope="col" className="w-20 px-2 py-1 text-right font-medium">
                Events
              </th>
              <th scope="col" className="w-36 px-2 py-1 text-right font-medium" title="Of the events of the row above it in the tree (of all events at the first level)">
                Share of parent
              </th>
              <th scope="col" className="w-16 px-2 py-1 text-right font-medium">
                Of all
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            <tr className="font-medium">
              <th scope="row" className="px-2 py-1 text-left">
                <Link prefetch={false} href={eventsLink(window)} className={LINK}>
                  All events
                </Link>
              </th>
              <td className="px-2 py-1 text-right tabular-nums" data-testid="explorer-total">
                {result.count.toLocaleString("en")}
              </td>
              <td className="px-2 py-1 text-right tabular-nums text-zinc-400">—</td>
              <td className="px-2 py-1 text-right tabular-nums">100%</td>
            </tr>
            {shown.map((r) => (
              <Row key={r.id} row={r} levels={levels} open={expanded.has(r.id)} onToggle={() => toggle(r.id)} />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function Row({ row: r, levels, open, onToggle }: { row: ExplorerRow; levels: string[]; open: boolean; onToggle: () => void }) {
  const other = r.kind === "other";
  const label = <span className={`truncate ${other || r.key === null ? "italic text-zinc-500 dark:text-zinc-400" : ""}`}>{r.label}</span>;
  return (
    <tr data-testid="explorer-row" data-depth={r.depth} data-kind={r.kind} className="hover:bg-zinc-50 dark:hover:bg-zinc-800/40">
      <th scope="row" className="max-w-0 px-2 py-1 text-left font-normal" title={r.path.join(" › ")}>
        <div className="flex min-w-0 items-center gap-1" style={{ paddingLeft: `${r.depth * 1.25}rem` }}>
          {r.hasChildren ? (
            <button type="button" className={TOGGLE} aria-expanded={open} aria-label={`${open ? "Hide" : "Show"} ${levels[r.depth + 1]} of ${r.label}`} onClick={onToggle}>
              <svg viewBox="0 0 12 12" className={`h-3 w-3 transition-transform ${open ? "rotate-90" : ""}`} aria-hidden>
                <path d="M4 2.5 8 6l-4 3.5" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
              </svg>
            </button>
          ) : (
            <span className="w-5 shrink-0" aria-hidden />
          )}
          <span className="sr-only">{levels[r.depth]}: </span>
          {r.href ? (
            <Link prefetch={false} href={r.href} className={`min-w-0 truncate ${LINK}`}>
              {label}
            </Link>
          ) : (
            <span className="min-w-0 truncate" title={`${r.path.join(" › ")}: a list field counts an event once per value, so no single search counts this row`}>
              {label}
            </span>
          )}
        </div>
      </th>
      <td className="px-2 py-1 text-right tabular-nums">{r.count.toLocaleString("en")}</td>
      <td className="px-2 py-1">
        <div className="flex items-center justify-end gap-2">
          <span aria-hidden className="h-1.5 w-16 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800">
            <span className={`block h-full rounded-full ${other ? "bg-zinc-400" : "bg-emerald-500"}`} style={{ width: `${Math.min(1, r.share ?? 0) * 100}%` }} />
          </span>
          <span className="w-12 text-right tabular-nums">{percent(r.share)}</span>
        </div>
      </td>
      <td className="px-2 py-1 text-right tabular-nums text-zinc-500 dark:text-zinc-400">{percent(r.shareOfTotal)}</td>
    </tr>
  );
}
