"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useCallback, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/action";
import { lineageKeys } from "@/lib/lineage/query-keys";

/** The lineage subject type of policies (lib/policies/internal.ts), the timeline's cache key. */
export const POLICY_SUBJECT_TYPE = "network_policy";

/**
 * Runs a policy server action and, when it changed something (or found the data stale), reloads
 * the page's data and the policy's lineage. `pending` lasts until the new data is shown.
 */
export function usePolicyAction(tenantId: string, policyId: string | null) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [running, setRunning] = useState(false);
  const [refreshing, startRefresh] = useTransition();

  const refresh = useCallback(() => {
    startRefresh(() => router.refresh());
    if (policyId) void queryClient.invalidateQueries({ queryKey: lineageKeys.subject(tenantId, POLICY_SUBJECT_TYPE, policyId) });
  }, [router, queryClient, tenantId, policyId]);

  const run = useCallback(
    async <T,>(call: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> => {
      setRunning(true);
      try {
        const res = await call();
        if (res.ok || res.status === 409 || res.status === 404) refresh();
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
