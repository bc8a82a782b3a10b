"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { lineageKeys } from "@/lib/lineage/query-keys";
import { useRefreshingAction } from "@/components/ui/use-refreshing-action";

/** The lineage subject type of policies (lib/policies/internal.ts), the timeline's cache key. */
export const POLICY_SUBJECT_TYPE = "network_policy";

/** Runs a policy server action; a change reloads the page's data and the policy's lineage. */
export function usePolicyAction(tenantId: string, policyId: string | null) {
  const queryClient = useQueryClient();
  const invalidateLineage = useCallback(() => {
    if (policyId) void queryClient.invalidateQueries({ queryKey: lineageKeys.subject(tenantId, POLICY_SUBJECT_TYPE, policyId) });
  }, [queryClient, tenantId, policyId]);
  return useRefreshingAction(invalidateLineage);
}
