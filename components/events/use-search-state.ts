"use client";

import { useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { eventsHref, parseSearchParams, type EventsSearchState } from "@/lib/events/search-params";

/**
 * The search state read from the URL, and a way to change it. The history API updates the
 * URL (and useSearchParams) without a server round trip; results come from react-query.
 */
export function useSearchState() {
  const params = useSearchParams();
  const state = useMemo(() => parseSearchParams(new URLSearchParams(params.toString())), [params]);
  const navigate = useCallback((next: EventsSearchState, options: { replace?: boolean } = {}) => {
    const url = eventsHref(next);
    if (options.replace) window.history.replaceState(null, "", url);
    else window.history.pushState(null, "", url);
  }, []);
  return { state, navigate };
}
