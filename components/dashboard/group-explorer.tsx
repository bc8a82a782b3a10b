"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useCallback, useId, useMemo, useState } from "react";
import { exploreEventsAction } from "@/app/(console)/dashboard/actions";
import { explorerFieldLabel, parseExplorerParams, withExplorerParams, type ExplorerState } from "@/lib/dashboard/explorer-params";
import { explorerCsvTable, explorerRows } from "@/lib/dashboard/explorer-tree";
import { eventsLink } from "@/lib/dashboard/links";
import { dashboardKeys } from "@/lib/dashboard/query-keys";
import type { DashboardWindow, ExplorerResult } from "@/lib/dashboard/types";
import { ExplorerControls } from "./explorer-controls";
import { ExplorerTable } from "./explorer-table";
import { ExplorerTreemap } from "./explorer-treemap";
import { csvFilename, csvOf } from "./table-data";
import { downloadText } from "./download";

/** What the server rendered the explorer with: its tree, or why it could not. */
export type ExplorerInitial = { state: ExplorerState; result: ExplorerResult } | { state: ExplorerState; error: string };

class ExplorerFailure extends Error {}

const sameState = (a: ExplorerState, b: ExplorerState) => a.limit === b.limit && a.by.join(",") === b.by.join(",");

/**
 * The group-by explorer: up to three fields and a limit (kept in the URL, next to the range), the
 * tree as a nested table and as a treemap; every row and cell opens the events it counts.
 */
export function GroupExplorer({ tenantId, window, initial }: { tenantId: string; window: DashboardWindow; initial: ExplorerInitial }) {
  const params = useSearchParams();
  // The URL's choice when mounted (the page's, or the one restored by Back), then the user's: the
  // URL follows it, but Next applies a replaced URL in a transition, too late for a quick second change.
  const [state, setState] = useState(() => parseExplorerParams(new URLSearchParams(params.toString())));
  const fromServer = sameState(state, initial.state);
  const [retried, setRetried] = useState(false);
  const headingId = useId();

  const query = useQuery({
    queryKey: dashboardKeys.explorer(tenantId, window.from, window.to, state.by, state.limit),
    queryFn: async () => {
      const res = await exploreEventsAction({ from: window.from, to: window.to, by: state.by, limit: state.limit });
      if (!res.ok) throw new ExplorerFailure(res.error);
      return res.data;
    },
    initialData: fromServer && "result" in initial ? initial.result : undefined,
    // The server's failure for this very choice is shown until the user asks again.
    enabled: !(fromServer && "error" in initial) || retried,
    placeholderData: keepPreviousData,
    retry: (count, err) => count < 1 && !(err instanceof ExplorerFailure),
  });

  const choose = useCallback((next: ExplorerState) => {
    setState(next);
    // Replaced, not pushed: Back leaves the dashboard. Next keeps the URL without reloading the page's figures.
    const qs = withExplorerParams(globalThis.location.search.slice(1), next);
    globalThis.history.replaceState(null, "", qs ? `?${qs}` : globalThis.location.pathname);
  }, []);

  const result = query.data;
  const rows = useMemo(() => (result ? explorerRows(result, window) : []), [result, window]);
  const serverError = fromServer && "error" in initial && !retried ? initial.error : null;
  const error = serverError ?? (query.isError ? messageOf(query.error) : null);
  const updating = query.isFetching && (query.isPlaceholderData || !result);
  const shown = result ?? null;

  return (
    <section
      aria-labelledby={headingId}
      data-card="explorer"
      className="dash-card rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <header className="mb-3 flex flex-wrap items-start gap-x-4 gap-y-2">
        <div className="min-w-0">
          <h3 id={headingId} className="text-sm font-semibold text-zinc-800 dark:text-zinc-100">
            Events by {state.by.map(explorerFieldLabel).join(" › ")}
          </h3>
          <p className="text-xs text-zinc-500 dark:text-zinc-400">
            The range&apos;s events grouped by up to three fields, top {state.limit} per level · a row or cell opens its events
          </p>
        </div>
        <div className="ml-auto flex flex-wrap items-center gap-2 print:hidden">
          {updating && (
            <span role="status" className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="explorer-updating">
              Updating…
            </span>
          )}
          <ExplorerControls state={state} onChange={choose} />
          <button
            type="button"
            onClick={() => shown && downloadText(csvOf(explorerCsvTable(shown, rows)), csvFilename(`group-by-${shown.by.join("-")}`, window))}
            disabled={!shown || rows.length === 0}
            className="h-7 rounded border border-zinc-200 px-2 text-xs text-zinc-600 hover:bg-zinc-50 disabled:opacity-40 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800"
            aria-label="Download the grouped events as CSV"
            title="Download the tree as CSV: a column per level"
          >
            CSV
          </button>
        </div>
      </header>
      {error && !shown ? (
        <ExplorerError message={error} onRetry={() => (serverError ? setRetried(true) : void query.refetch())} />
      ) : !shown ? (
        <div aria-busy aria-label="Loading the grouped events" className="h-72 animate-pulse rounded border border-zinc-100 dark:border-zinc-800" />
      ) : (
        <div className={`transition-opacity ${updating ? "opacity-60" : ""}`} aria-busy={updating}>
          {error && <ExplorerError message={error} onRetry={() => void query.refetch()} />}
          {shown.count === 0 ? (
            <div className="rounded border border-dashed border-zinc-200 px-4 py-10 text-center text-xs text-zinc-500 dark:border-zinc-700 dark:text-zinc-400" data-testid="explorer-empty">
              No events in this range to group. <Link prefetch={false} href={eventsLink(window)} className="underline">Open the Events search</Link>
            </div>
          ) : (
            <div className="grid grid-cols-1 gap-4 xl:grid-cols-5">
              <div className="min-w-0 xl:col-span-3">
                <ExplorerTable key={`${shown.by.join(",")}:${shown.limit}:${shown.from}`} result={shown} rows={rows} window={window} />
              </div>
              <div className="min-w-0 xl:col-span-2">
                <ExplorerTreemap result={shown} rows={rows} />
              </div>
            </div>
          )}
        </div>
      )}
    </section>
  );
}

function ExplorerError({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <div role="alert" className="mb-3 flex items-center gap-3 rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/40 dark:text-red-200" data-testid="explorer-error">
      <span className="min-w-0 flex-1">The grouped events could not be loaded. {message}</span>
      <button type="button" onClick={onRetry} className="shrink-0 rounded border border-red-300 px-2 py-0.5 text-xs hover:bg-red-100 dark:border-red-800 dark:hover:bg-red-900/40">
        Try again
      </button>
    </div>
  );
}

function messageOf(err: Error): string {
  return err instanceof ExplorerFailure ? err.message : "The server could not be reached; check the connection.";
}
