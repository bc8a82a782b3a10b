"use client";

import { useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { issueKeys } from "@/lib/issues/query-keys";
import { lineageKeys } from "@/lib/lineage/query-keys";
import type { IssueDetail, IssueListItem, IssueListResponse } from "@/lib/issues/types";
import type { StatusTone } from "@/components/ui/status-line";
import { ConflictProblem, describeError } from "./issues-api";
import { issues, planTriage, runLimited, type TriageAction } from "./triage-plan";

/** Puts a changed issue into every cached queue page and its detail, then lets them refetch. */
export function useIssueCache(tenantId: string) {
  const client = useQueryClient();
  const store = useCallback(
    (d: IssueDetail) => {
      client.setQueryData(issueKeys.detail(tenantId, d.id), d);
      client.setQueriesData<InfiniteData<IssueListResponse>>({ queryKey: issueKeys.lists(tenantId) }, (data) =>
        data
          ? { ...data, pages: data.pages.map((p) => ({ ...p, data: p.data.map((i) => (i.id === d.id ? d : i)) })) }
          : data,
      );
    },
    [client, tenantId],
  );
  const refresh = useCallback(
    (ids: readonly string[]) => {
      void client.invalidateQueries({ queryKey: issueKeys.lists(tenantId) });
      for (const id of ids) {
        void client.invalidateQueries({ queryKey: issueKeys.detail(tenantId, id) });
        void client.invalidateQueries({ queryKey: lineageKeys.subject(tenantId, "issue", id) });
      }
    },
    [client, tenantId],
  );
  return { store, refresh };
}

/**
 * Runs a triage action on explicit issues (each with its version) and reports what happened in
 * one line. A 409 means someone else changed the issue first: it is refreshed and counted apart.
 */
export function useTriage(tenantId: string, me: { id: string }, report: (text: string, tone: StatusTone) => void) {
  const { store, refresh } = useIssueCache(tenantId);
  const [running, setRunning] = useState(false);

  const run = useCallback(
    async (action: TriageAction, targets: readonly IssueListItem[]): Promise<void> => {
      const plan = planTriage(action, targets, me);
      if (plan.calls.length === 0) {
        report(targets.length === 0 ? "Nothing to act on: select issues or move to one with j/k." : "Nothing to change: they already are that way.", "info");
        return;
      }
      setRunning(true);
      let ok = 0;
      let conflicts = 0;
      const failures: string[] = [];
      try {
        await runLimited(
          plan.calls.map((c) => async () => {
            try {
              store(await c.run());
              ok++;
            } catch (err) {
              if (err instanceof ConflictProblem) {
                conflicts++;
                if (err.current) store(err.current as IssueDetail);
              } else {
                failures.push(`#${c.issue.id}: ${describeError(err)}`);
              }
            }
          }),
        );
      } finally {
        setRunning(false);
        refresh(plan.calls.map((c) => c.issue.id));
      }
      const parts = [ok > 0 ? plan.done(ok) : null];
      if (conflicts > 0) parts.push(`Someone else changed ${issues(conflicts)} first: refreshed, check and try again`);
      if (failures.length > 0) parts.push(`${failures.length} failed — ${failures.slice(0, 2).join("; ")}${failures.length > 2 ? "…" : ""}`);
      const text = parts.filter(Boolean).join(". ") || "Nothing changed";
      report(`${text}.`, failures.length > 0 ? "error" : conflicts > 0 ? "warning" : "success");
    },
    [me, report, store, refresh],
  );
  const refreshAll = useCallback(() => refresh([]), [refresh]);
  return { run, running, refreshAll };
}
