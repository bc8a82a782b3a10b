"use client";

import { useRouter } from "next/navigation";
import { useCallback, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/action";

/**
 * Runs a server action and, when it changed something (or found the data stale), reloads the
 * page's data and calls `onChanged` (a cache to invalidate). `pending` lasts until the new data
 * is shown. A run with `refresh: false` leaves the reload to its caller.
 */
export function useRefreshingAction(onChanged?: () => void) {
  const router = useRouter();
  const [running, setRunning] = useState(false);
  const [refreshing, startRefresh] = useTransition();

  const refresh = useCallback(() => {
    startRefresh(() => router.refresh());
    onChanged?.();
  }, [router, onChanged]);

  const run = useCallback(
    async <T,>(call: () => Promise<ActionResult<T>>, opts: { refresh?: boolean } = {}): Promise<ActionResult<T>> => {
      setRunning(true);
      try {
        const res = await call();
        if (opts.refresh !== false && (res.ok || res.status === 409 || res.status === 404)) refresh();
        return res;
      } catch {
        return { ok: false, error: "Could not reach the server; check the connection and try again." };
      } finally {
        setRunning(false);
      }
    },
    [refresh],
  );

  return { run, refresh, pending: running || refreshing };
}
