"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { describeEntry, type LineagePage } from "@/lib/lineage/format-entry";
import { lineageKeys } from "@/lib/lineage/query-keys";
import { LineageEntryView } from "./lineage-entry";

interface Props {
  tenantId: string;
  subjectType: string;
  subjectId: string;
  /** The subject's lineage API, e.g. /api/v1/events/42/lineage; pages with ?cursor=. */
  endpoint: string;
  /** The first page, rendered on the server. */
  initial: LineagePage;
}

async function fetchPage(endpoint: string, cursor: string | null): Promise<LineagePage> {
  const res = await fetch(cursor ? `${endpoint}?cursor=${encodeURIComponent(cursor)}` : endpoint);
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { detail?: string } | null;
    throw new Error(body?.detail ?? `The server answered ${res.status}`);
  }
  return res.json();
}

/** Every change to one subject (event, issue, policy), oldest first, refreshed when the window regains focus. */
export function LineageTimeline({ tenantId, subjectType, subjectId, endpoint, initial }: Props) {
  const query = useInfiniteQuery({
    queryKey: lineageKeys.subject(tenantId, subjectType, subjectId),
    queryFn: ({ pageParam }) => fetchPage(endpoint, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    initialData: { pages: [initial], pageParams: [null] },
    refetchOnWindowFocus: true,
  });
  const views = useMemo(() => (query.data?.pages ?? []).flatMap((p) => p.data).map(describeEntry), [query.data]);

  if (views.length === 0) return <p className="text-zinc-500 dark:text-zinc-400">No changes recorded.</p>;
  return (
    <div>
      <ol className="relative ml-1 border-l border-zinc-200 pl-0 dark:border-zinc-700 [&>li]:-ml-[5px]" aria-label="Lineage" data-testid="lineage">
        {views.map((v) => (
          <LineageEntryView key={v.id} view={v} />
        ))}
      </ol>
      {query.isError && <p className="mt-2 text-xs text-red-700 dark:text-red-400">Could not refresh the lineage: {query.error.message}</p>}
      {query.hasNextPage && (
        <button
          type="button"
          onClick={() => query.fetchNextPage()}
          disabled={query.isFetchingNextPage}
          className="mt-3 rounded border border-zinc-300 px-2 py-1 text-xs hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
        >
          {query.isFetchingNextPage ? "Loading…" : "Load more changes"}
        </button>
      )}
    </div>
  );
}
