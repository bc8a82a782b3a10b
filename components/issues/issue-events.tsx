"use client";

import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import type { SortingState } from "@tanstack/react-table";
import Link from "next/link";
import { useMemo, useState } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { EVENT_TABLE_COLUMNS } from "@/components/events/columns";
import { isRetryable } from "@/components/events/events-api";
import { eventHref } from "@/components/event-detail/links";
import { INPUT, TOOLBAR_BUTTON } from "@/components/ui/popover";
import { EVENT_COLUMNS } from "@/lib/events/search-params";
import { issueKeys } from "@/lib/issues/query-keys";
import type { IssueDetail } from "@/lib/issues/types";
import { describeError, fetchIssueEvents } from "./issues-api";

// Destination only for issues about one: for files and executables the header names it.
const visibilityOf = (network: boolean) =>
  Object.fromEntries(EVENT_COLUMNS.map((c) => [c, ["time", "severity", "agent", "process", ...(network ? ["destination"] : [])].includes(c)]));
const NETWORK = visibilityOf(true);
const LOCAL = visibilityOf(false);
type EventSort = "-time" | "time" | "-severity" | "severity";

/** The events search for this issue, as the Events page's query string. */
export function issueEventsQuery(issue: Pick<IssueDetail, "id" | "firstSeenAt" | "lastSeenAt">): string {
  const p = new URLSearchParams({ q: `issue:${issue.id}`, from: issue.firstSeenAt, to: new Date(Date.parse(issue.lastSeenAt) + 1000).toISOString() });
  return p.toString();
}

/** The issue's events, newest first, searchable with the events query language; keyset "Load more". */
export function IssueEvents({ tenantId, issue }: { tenantId: string; issue: IssueDetail }) {
  const [q, setQ] = useState("");
  const [text, setText] = useState("");
  const [sort, setSort] = useState<EventSort>("-time");
  const events = useInfiniteQuery({
    queryKey: issueKeys.events(tenantId, issue.id, q, sort),
    queryFn: ({ pageParam, signal }) => fetchIssueEvents(issue.id, { q, sort, cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    retry: (count, err) => count < 1 && isRetryable(err),
  });
  const rows = useMemo(() => events.data?.pages.flatMap((p) => p.data) ?? [], [events.data]);
  const total = events.data?.pages[0]?.total ?? null;
  const sorting = useMemo<SortingState>(() => [{ id: sort.replace(/^-/, ""), desc: sort.startsWith("-") }], [sort]);
  const back = issueEventsQuery(issue);

  return (
    <div data-testid="issue-events">
      <div className="flex flex-wrap items-center gap-2 px-3 py-2">
        <form
          role="search"
          className="flex min-w-0 flex-1 gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            setQ(text.trim());
          }}
        >
          <input
            className={`${INPUT} min-w-0 flex-1 font-mono text-xs`}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="Filter: exe:/usr/bin/curl -domain:github.com"
            aria-label="Filter the issue's events"
            maxLength={4000}
          />
          <button type="submit" className={TOOLBAR_BUTTON}>
            Filter
          </button>
        </form>
        <span className="text-xs text-zinc-500 tabular-nums dark:text-zinc-400">
          {total === null ? "" : `${rows.length.toLocaleString("en")} of ${total.toLocaleString("en")}`}
        </span>
        <Link href={`/events?${back}`} className="text-sm text-emerald-700 hover:underline dark:text-emerald-400">
          Open in Events search
        </Link>
      </div>
      {events.isError && !events.data ? (
        <p role="alert" className="mx-3 mb-3 rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/40 dark:text-red-200">
          {describeError(events.error)}{" "}
          {isRetryable(events.error) && (
            <button type="button" className="underline" onClick={() => void events.refetch()}>
              Retry
            </button>
          )}
        </p>
      ) : !events.data ? (
        <div aria-busy aria-label="Loading events" className="space-y-2 border-t border-zinc-200 px-3 py-3 dark:border-zinc-800">
          {[0, 1, 2, 3].map((i) => (
            <div key={i} className="h-3 animate-pulse rounded bg-zinc-200 dark:bg-zinc-800" />
          ))}
        </div>
      ) : rows.length === 0 ? (
        <p className="px-3 pb-3 text-zinc-500 dark:text-zinc-400">{q ? "None of its events match the filter." : "It has no events left."}</p>
      ) : (
        <div className="max-h-[28rem] overflow-auto border-t border-zinc-200 dark:border-zinc-800">
          <DataTable
            ariaLabel="Events of the issue"
            columns={EVENT_TABLE_COLUMNS}
            data={rows}
            getRowId={(e) => e.id}
            columnVisibility={issue.destination?.kind === "domain" || issue.destination?.kind === "ip" ? NETWORK : LOCAL}
            sorting={sorting}
            onSortingChange={(next) => {
              const s = next[0];
              if (s && (s.id === "time" || s.id === "severity")) setSort(`${s.desc ? "-" : ""}${s.id}` as EventSort);
            }}
            rowHref={(e) => eventHref(e.id, back)}
            stale={events.isPlaceholderData}
          />
        </div>
      )}
      {events.hasNextPage && (
        <div className="flex border-t border-zinc-200 px-3 py-2 dark:border-zinc-800">
          <button type="button" className={`${TOOLBAR_BUTTON} ml-auto`} onClick={() => void events.fetchNextPage()} disabled={events.isFetchingNextPage}>
            {events.isFetchingNextPage ? "Loading…" : "Load more"}
          </button>
        </div>
      )}
      {events.isFetchNextPageError && <p className="px-3 pb-2 text-xs text-red-700 dark:text-red-400">Loading more failed: {describeError(events.error)}</p>}
    </div>
  );
}
