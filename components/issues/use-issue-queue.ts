"use client";

import { keepPreviousData, useInfiniteQuery, type InfiniteData } from "@tanstack/react-query";
import { issueKeys } from "@/lib/issues/query-keys";
import type { IssueListResponse } from "@/lib/issues/types";
import { isRetryable } from "@/components/events/events-api";
import { fetchIssues } from "./issues-api";
import { pageParams, queueQuery, type QueueState } from "./queue-url";

export interface InitialQueue {
  /** queueQuery of the state the server listed. */
  key: string;
  page: IssueListResponse;
}

/** The queue's rows for the URL's filters, paged by keyset cursor ("Load more" appends). */
export function useIssueQueue(tenantId: string, state: QueueState, initial: InitialQueue | null) {
  const key = queueQuery(state);
  return useInfiniteQuery<IssueListResponse, Error, InfiniteData<IssueListResponse, string | null>, readonly unknown[], string | null>({
    queryKey: issueKeys.list(tenantId, key),
    queryFn: ({ pageParam, signal }) => fetchIssues(pageParams(state, pageParam), signal),
    initialPageParam: null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    initialData: initial && initial.key === key ? { pages: [initial.page], pageParams: [null] } : undefined,
    placeholderData: keepPreviousData,
    retry: (count, err) => count < 1 && isRetryable(err),
    refetchOnWindowFocus: true,
  });
}
