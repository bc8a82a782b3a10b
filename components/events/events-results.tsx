"use client";

import type { SortingState } from "@tanstack/react-table";
import { useMemo } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { SORT_KEYS, type Sort, type SortKey } from "@/lib/events/fields";
import { EVENT_COLUMNS, eventHref, type EventsSearchState } from "@/lib/events/search-params";
import type { EventListItem } from "@/lib/events/types";
import { EVENT_TABLE_COLUMNS } from "./columns";
import { TOOLBAR_BUTTON } from "@/components/ui/popover";

interface Props {
  state: EventsSearchState;
  rows: EventListItem[];
  stale: boolean;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  onSort: (sort: Sort) => void;
  /** "~1,234" or "1,234" */
  totalText: string;
}

export function EventsResults({ state, rows, stale, hasMore, loadingMore, onLoadMore, onSort, totalText }: Props) {
  const visibility = useMemo(() => Object.fromEntries(EVENT_COLUMNS.map((c) => [c, state.cols.includes(c)])), [state.cols]);
  const sorting = useMemo<SortingState>(() => [{ id: state.sort.replace(/^-/, ""), desc: state.sort.startsWith("-") }], [state.sort]);

  return (
    <div>
      <DataTable
        ariaLabel="Events"
        testId="events-table"
        columns={EVENT_TABLE_COLUMNS}
        data={rows}
        getRowId={(e) => e.id}
        columnVisibility={visibility}
        sorting={sorting}
        onSortingChange={(next) => {
          const s = next[0];
          if (s && SORT_KEYS.includes(s.id as SortKey)) onSort(`${s.desc ? "-" : ""}${s.id}` as Sort);
        }}
        rowHref={(e) => eventHref(e.id, state)}
        stale={stale}
      />
      <div className="flex items-center gap-3 border-t border-zinc-200 px-2 py-2 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
        <span data-testid="shown-count">
          Showing {rows.length.toLocaleString("en")} of {totalText}
        </span>
        {hasMore && (
          <button type="button" onClick={onLoadMore} disabled={loadingMore} className={`${TOOLBAR_BUTTON} ml-auto`}>
            {loadingMore ? "Loading…" : "Load more"}
          </button>
        )}
      </div>
    </div>
  );
}

/** Placeholder rows while the first page loads. */
export function ResultsSkeleton() {
  return (
    <div aria-busy aria-label="Loading events" className="divide-y divide-zinc-100 dark:divide-zinc-800">
      {Array.from({ length: 12 }, (_, i) => (
        <div key={i} className="flex gap-4 px-2 py-2">
          {[14, 8, 12, 14, 30, 16].map((w, j) => (
            <div key={j} className="h-3 animate-pulse rounded bg-zinc-200 dark:bg-zinc-800" style={{ width: `${w}%` }} />
          ))}
        </div>
      ))}
    </div>
  );
}
