"use client";

import { useMemo } from "react";
import {
  eventsHref,
  filterModeOf,
  hasFilters,
  parseSearchParams,
  RANGE_PRESETS,
  withFilter,
  withoutAnyFilter,
  withoutFilter,
  zoomRange,
  type EventsSearchState,
  type FilterMode,
  type FilterTerm,
  type RangePreset,
} from "@/lib/events/search-params";
import type { Sort } from "@/lib/events/fields";
import type { EventListItem } from "@/lib/events/types";
import { AssessAllButton } from "./bulk-assessment-dialog";
import { ColumnChooser } from "./column-chooser";
import { CopyLinkButton } from "./copy-link-button";
import { HistogramPanel } from "./events-histogram";
import { EventsResults, ResultsSkeleton } from "./events-results";
import { NoEvents, SearchFailed } from "./events-states";
import { ExportMenu } from "./export-menu";
import { FacetSidebar } from "./facet-sidebar";
import { FilterChips } from "./filter-chips";
import { TOOLBAR_BUTTON } from "@/components/ui/popover";
import { QueryBar } from "./query-bar";
import { SavedSearchesMenu } from "./saved-searches-menu";
import { TimeRangePicker } from "./time-range-picker";
import { useEventAggregates, useEventSearch, type InitialResults } from "./use-event-search";
import { useSearchState } from "./use-search-state";

const NO_ROWS: EventListItem[] = [];
const SORT_LABEL: Record<Sort, string> = {
  "-time": "Newest first",
  time: "Oldest first",
  "-severity": "Most severe first, then newest",
  severity: "Least severe first, then oldest",
};

interface Props {
  tenantId: string;
  /** Whether the role may assess events (analysts and admins; managers read). */
  canAssess: boolean;
  initial: InitialResults | null;
}

export function EventsView({ tenantId, canAssess, initial }: Props) {
  const { state, navigate } = useSearchState();
  const search = useEventSearch(tenantId, state, initial);
  const first = search.data?.pages[0] ?? null;
  const rows = useMemo(() => search.data?.pages.flatMap((p) => p.data) ?? NO_ROWS, [search.data]);
  const current = first && !search.isPlaceholderData ? first : null;
  const range = useMemo(() => (current ? { from: current.from, to: current.to } : null), [current]);
  const stale = search.isPlaceholderData || (search.isRefetching && !search.isFetchingNextPage);
  const aggregates = useEventAggregates(tenantId, state, range, initial);
  const counts = aggregates.data ?? null;
  const countsStale = stale || aggregates.isPlaceholderData || range === null;
  const totalText = counts && !countsStale ? `${counts.totalIsExact ? "" : "~"}${counts.total.toLocaleString("en")}` : "…";
  // An earlier search's total next to this search's rows would read as theirs.
  const totalLabel = counts && !countsStale ? `${totalText} ${counts.total === 1 ? "event" : "events"}` : "Counting…";
  // Nothing is counted for a search that failed, and a failed count must not read as one in progress.
  const rowsFailed = search.isError && !current;
  const countsFailure = rowsFailed
    ? { reason: "search" as const }
    : aggregates.isError && !counts
      ? { reason: "counts" as const, error: aggregates.error, retry: () => void aggregates.refetch() }
      : null;

  /** Changes the URL; the same search again re-runs it (a preset then ends at the new now). */
  function go(next: EventsSearchState, replace = false) {
    if (eventsHref(next) === eventsHref(state)) void search.refetch();
    else navigate(next, { replace });
  }
  function filter(term: FilterTerm, mode: FilterMode) {
    go(filterModeOf(state, term) === mode ? withoutFilter(state, term) : withFilter(state, term, mode));
  }
  const wider = state.range.kind === "preset" ? (RANGE_PRESETS[RANGE_PRESETS.indexOf(state.range.preset) + 1] ?? null) : ("30d" as RangePreset);

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-2">
        <h1 className="mr-2 text-xl font-semibold">Events</h1>
        <div className="ml-auto flex items-center gap-2">
          <CopyLinkButton />
          <SavedSearchesMenu tenantId={tenantId} state={state} onOpen={(q) => go(parseSearchParams(new URLSearchParams(q)))} />
          <ExportMenu state={state} total={counts && !countsStale ? counts.total : null} />
        </div>
      </div>

      <div className="flex flex-wrap items-start gap-2">
        <QueryBar key={state.q} tenantId={tenantId} initialText={state.q} range={range} onSubmit={(q) => go({ ...state, q })} />
        <TimeRangePicker range={state.range} effective={range} onChange={(r) => go({ ...state, range: r })} />
      </div>

      <FilterChips
        state={state}
        onInvert={(term, mode) => go(withFilter(state, term, mode))}
        onRemove={(term) => go(withoutFilter(state, term))}
        onClear={() => go({ ...state, include: [], exclude: [] })}
      />

      <div className="flex items-start gap-4">
        <FacetSidebar
          tenantId={tenantId}
          state={state}
          facets={counts?.facets ?? null}
          range={range}
          stale={countsStale}
          failed={countsFailure !== null}
          onFilter={filter}
        />

        <div className="flex min-w-0 flex-1 flex-col gap-3">
          <HistogramPanel
            results={counts}
            totalLabel={totalLabel}
            stale={countsStale}
            failure={countsFailure}
            onZoom={(a, b) => counts?.interval && go({ ...state, range: zoomRange(a, b, counts.interval) })}
          />

          <section aria-label="Results" className="rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
            <div className="flex items-center gap-2 border-b border-zinc-200 px-2 py-1.5 dark:border-zinc-800">
              <span className="text-xs text-zinc-500 dark:text-zinc-400">{SORT_LABEL[state.sort]}</span>
              <div className="ml-auto flex items-center gap-2">
                {canAssess && (
                  <AssessAllButton
                    tenantId={tenantId}
                    state={state}
                    range={!stale && rows.length > 0 ? range : null}
                    totalText={counts && !countsStale ? totalText : null}
                  />
                )}
                <button type="button" className={TOOLBAR_BUTTON} onClick={() => void search.refetch()} disabled={search.isFetching}>
                  {search.isFetching && !search.isFetchingNextPage ? "Refreshing…" : "Refresh"}
                </button>
                <ColumnChooser cols={state.cols} onChange={(cols) => go({ ...state, cols }, true)} />
              </div>
            </div>
            {search.isError && !search.data ? (
              <SearchFailed error={search.error} onRetry={() => void search.refetch()} />
            ) : !first ? (
              <ResultsSkeleton />
            ) : rows.length === 0 ? (
              <NoEvents
                filtered={hasFilters(state)}
                wider={wider}
                onWiden={(preset) => go({ ...state, range: { kind: "preset", preset } })}
                onClearFilters={() => go(withoutAnyFilter(state))}
              />
            ) : (
              <EventsResults
                state={state}
                rows={rows}
                stale={stale}
                hasMore={search.hasNextPage}
                loadingMore={search.isFetchingNextPage}
                onLoadMore={() => void search.fetchNextPage()}
                onSort={(sort) => go({ ...state, sort })}
                totalText={totalText}
              />
            )}
            {search.isFetchNextPageError && (
              <p role="alert" className="px-3 pb-2 text-xs text-red-600 dark:text-red-400">
                Loading more failed: {search.error?.message}
              </p>
            )}
          </section>
        </div>
      </div>
    </div>
  );
}
