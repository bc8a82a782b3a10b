"use client";

import { keepPreviousData, useInfiniteQuery, useQuery, type InfiniteData } from "@tanstack/react-query";
import { DEFAULT_FACETS } from "@/lib/events/fields";
import { eventKeys } from "@/lib/events/query-keys";
import { FACET_EXPANDED, facetRequest, firstPageRequest, nextPageRequest, searchKey, type EventsSearchState } from "@/lib/events/search-params";
import type { SearchResponse } from "@/lib/events/types";
import { ApiProblem, postSearch } from "./events-api";

type PageParam = { cursor: string; from: string; to: string } | null;

export interface InitialResults {
  /** searchKey of the state the server searched for. */
  key: string;
  page: SearchResponse;
}

/**
 * The results of the URL's search, paged by keyset cursor ("Load more" appends). The first
 * page carries total, facets and histogram; later pages reuse its time window.
 */
export function useEventSearch(tenantId: string, state: EventsSearchState, initial: InitialResults | null) {
  const key = searchKey(state);
  return useInfiniteQuery<SearchResponse, Error, InfiniteData<SearchResponse, PageParam>, readonly unknown[], PageParam>({
    queryKey: eventKeys.search(tenantId, key),
    queryFn: ({ pageParam, signal }) =>
      postSearch(pageParam ? nextPageRequest(state, pageParam, pageParam.cursor) : firstPageRequest(state, DEFAULT_FACETS), signal),
    initialPageParam: null,
    getNextPageParam: (last, pages) => (last.nextCursor ? { cursor: last.nextCursor, from: pages[0].from, to: pages[0].to } : undefined),
    initialData: initial && initial.key === key ? { pages: [initial.page], pageParams: [null] } : undefined,
    placeholderData: keepPreviousData,
    retry: (count, err) => count < 1 && !(err instanceof ApiProblem && err.status < 500),
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
