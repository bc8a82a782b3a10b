"use client";

import { keepPreviousData, useInfiniteQuery, useQuery, type InfiniteData } from "@tanstack/react-query";
import { useRef } from "react";
import { DEFAULT_FACETS } from "@/lib/events/fields";
import { eventKeys } from "@/lib/events/query-keys";
import {
  aggregatesRequest,
  FACET_EXPANDED,
  facetRequest,
  nextPageRequest,
  rowsPageRequest,
  searchKey,
  type EventsSearchState,
} from "@/lib/events/search-params";
import type { SearchResponse } from "@/lib/events/types";
import { isRetryable, postSearch } from "./events-api";

type PageParam = { cursor: string; from: string; to: string } | null;

export interface InitialResults {
  /** searchKey of the state the server searched for. */
  key: string;
  /** The first page's rows. */
  page: SearchResponse;
  /** Its total, facets and histogram, streamed after the rows; null when the server could not count (the browser asks). */
  aggregates: Promise<SearchResponse | null>;
}

/**
 * The rows of the URL's search, paged by keyset cursor ("Load more" appends); later pages
 * reuse the first page's time window. Total, facets and histogram come from useEventAggregates,
 * so a slow aggregate (free text over 30 days) never holds the rows back.
 */
export function useEventSearch(tenantId: string, state: EventsSearchState, initial: InitialResults | null) {
  const key = searchKey(state);
  return useInfiniteQuery<SearchResponse, Error, InfiniteData<SearchResponse, PageParam>, readonly unknown[], PageParam>({
    queryKey: eventKeys.search(tenantId, key),
    queryFn: ({ pageParam, signal }) =>
      postSearch(pageParam ? nextPageRequest(state, pageParam, pageParam.cursor) : rowsPageRequest(state), signal),
    initialPageParam: null,
    getNextPageParam: (last, pages) => (last.nextCursor ? { cursor: last.nextCursor, from: pages[0].from, to: pages[0].to } : undefined),
    initialData: initial && initial.key === key ? { pages: [initial.page], pageParams: [null] } : undefined,
    placeholderData: keepPreviousData,
    retry: (count, err) => count < 1 && isRetryable(err),
  });
}

/** Total, facets and histogram of the search, over `range` (the first page's effective range). */
export function useEventAggregates(
  tenantId: string,
  state: EventsSearchState,
  range: { from: string; to: string } | null,
  initial: InitialResults | null,
) {
  const key = searchKey(state);
  const streamed = initial && initial.key === key && range && initial.page.from === range.from && initial.page.to === range.to ? initial.aggregates : null;
  // The server's answer serves the first fetch only: a refetch asks again.
  const used = useRef<Promise<SearchResponse | null> | null>(null);
  return useQuery({
    queryKey: eventKeys.aggregates(tenantId, key, range?.from ?? "", range?.to ?? ""),
    queryFn: async ({ signal }) => {
      if (streamed && used.current !== streamed) {
        used.current = streamed;
        const fromServer = await streamed;
        if (fromServer) return fromServer;
      }
      return postSearch(aggregatesRequest(state, range!, DEFAULT_FACETS), signal);
    },
    enabled: range !== null,
    placeholderData: keepPreviousData,
    retry: (count, err) => count < 1 && isRetryable(err),
  });
}

/** One facet's longer value list, for "more". */
export function useExpandedFacet(tenantId: string, state: EventsSearchState, range: { from: string; to: string } | null, field: string, enabled: boolean) {
  return useQuery({
    queryKey: eventKeys.facet(tenantId, searchKey(state), field, FACET_EXPANDED),
    queryFn: ({ signal }) => postSearch(facetRequest(state, range!, field), signal).then((r) => r.facets[field] ?? []),
    enabled: enabled && range !== null,
  });
}
