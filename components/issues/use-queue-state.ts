"use client";

import { useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { paramsRecord, parseIssueSearchParams } from "@/lib/issues/search-params";
import { issuesHref, withoutPaging, type QueueState } from "./queue-url";

/**
 * The queue's filters read from the URL, and a way to change them. The history API updates the
 * URL (and useSearchParams) without a server round trip; the rows come from react-query.
 */
export function useQueueState() {
  const params = useSearchParams();
  const state = useMemo(() => withoutPaging(parseIssueSearchParams(paramsRecord(new URLSearchParams(params.toString())))), [params]);
  const navigate = useCallback((next: QueueState, options: { replace?: boolean } = {}) => {
    const url = issuesHref(next);
    if (options.replace) window.history.replaceState(null, "", url);
    else window.history.pushState(null, "", url);
  }, []);
  return { state, navigate };
}
