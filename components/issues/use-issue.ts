"use client";

import { useQuery } from "@tanstack/react-query";
import { issueKeys } from "@/lib/issues/query-keys";
import type { IssueDetail } from "@/lib/issues/types";
import { fetchIssue } from "./issues-api";

/** The issue the page shows: the server's copy first, then whatever a write answered or a refetch found. */
export function useIssue(tenantId: string, initial: IssueDetail) {
  const query = useQuery({
    queryKey: issueKeys.detail(tenantId, initial.id),
    queryFn: ({ signal }) => fetchIssue(initial.id, signal),
    initialData: initial,
    refetchOnWindowFocus: true,
  });
  return query.data;
}
