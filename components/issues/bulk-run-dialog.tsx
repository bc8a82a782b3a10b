"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import { PRIMARY_BUTTON, TOOLBAR_BUTTON } from "@/components/ui/popover";
import { issueKeys } from "@/lib/issues/query-keys";
import type { AssessmentInput } from "@/lib/issues/schemas";
import type { BulkResultResponse } from "@/lib/issues/types";
import { bulkAssessIssues, describeError, type BulkIssueSearch } from "./issues-api";
import { issues } from "./triage-plan";

interface Props {
  tenantId: string;
  /** What the action does, e.g. "Mark as false positive". */
  title: string;
  search: BulkIssueSearch;
  assessment: AssessmentInput;
  onDone: (result: BulkResultResponse) => void;
  onClose: () => void;
}

/**
 * An assessment of every issue the filters match: first a dry run counts them, then the run
 * (an indeterminate bar and the time it has taken), then successes and failures.
 */
export function BulkRunDialog({ tenantId, title, search, assessment, onDone, onClose }: Props) {
  // The dry run is a read: it may run again (retry) and is dropped when the dialog closes.
  const dry = useQuery({
    queryKey: issueKeys.bulkDryRun(tenantId, JSON.stringify(search), JSON.stringify(assessment)),
    queryFn: ({ signal }) => bulkAssessIssues({ search, assessment, dryRun: true }, signal),
    gcTime: 0,
    staleTime: 0,
    retry: false,
  });
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const run = useMutation({
    mutationFn: () => bulkAssessIssues({ search, assessment, dryRun: false }),
    onSuccess: onDone,
  });
  const count = dry.data?.count ?? null;

  return (
    <Dialog
      title={title}
      onClose={onClose}
      busy={run.isPending}
      testId="bulk-dialog"
      footer={
        run.isSuccess || run.isError ? (
          <button type="button" className={TOOLBAR_BUTTON} onClick={onClose}>
            Close
          </button>
        ) : (
          <>
            <button type="button" className={TOOLBAR_BUTTON} onClick={onClose} disabled={run.isPending}>
              Cancel
            </button>
            <button
              type="button"
              className={PRIMARY_BUTTON}
              disabled={count === null || count === 0 || run.isPending}
              onClick={() => {
                setStartedAt(Date.now());
                run.mutate();
              }}
            >
              {count === null ? "Apply" : `Apply to ${issues(count)}`}
            </button>
          </>
        )
      }
    >
      {dry.isPending && <p className="text-zinc-500 dark:text-zinc-400">Counting the issues that match the filters…</p>}
      {dry.isError && (
        <p role="alert" className="text-red-700 dark:text-red-400">
          Could not count them: {describeError(dry.error)}{" "}
          <button type="button" className="underline" onClick={() => void dry.refetch()}>
            Retry
          </button>
        </p>
      )}
      {count !== null && !run.isSuccess && (
        <p data-testid="bulk-count">
          {count === 0 ? (
            "No issue matches the filters any more."
          ) : (
            <>
              This applies to <strong className="tabular-nums">{issues(count)}</strong> matching the current filters, including those not loaded on the
              page.
            </>
          )}
        </p>
      )}
      {run.isPending && startedAt !== null && <Progress startedAt={startedAt} />}
      {run.isError && (
        <p role="alert" className="mt-2 text-red-700 dark:text-red-400">
          The run failed: {describeError(run.error)}
        </p>
      )}
      {run.isSuccess && <BulkResult result={run.data} />}
    </Dialog>
  );
}

function Progress({ startedAt }: { startedAt: number }) {
  const [now, setNow] = useState(startedAt);
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(t);
  }, []);
  return (
    <div className="mt-3" data-testid="bulk-progress">
      <div className="relative h-1.5 overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800" role="progressbar" aria-label="Applying">
        <div className="absolute inset-y-0 w-1/3 animate-[indeterminate_1.2s_ease-in-out_infinite] rounded bg-emerald-500" />
      </div>
      <p className="mt-1 text-xs text-zinc-500 tabular-nums dark:text-zinc-400">Applying… {((now - startedAt) / 1000).toFixed(1)} s</p>
    </div>
  );
}

function BulkResult({ result }: { result: BulkResultResponse }) {
  return (
    <div data-testid="bulk-result">
      <p>
        <strong className="text-emerald-700 tabular-nums dark:text-emerald-400">{issues(result.successes)}</strong> updated
        {result.failures.length > 0 && (
          <>
            , <strong className="text-red-700 tabular-nums dark:text-red-400">{result.failures.length}</strong> failed
          </>
        )}
        .
      </p>
      {result.failures.length > 0 && (
        <ul className="mt-2 max-h-40 overflow-auto rounded border border-zinc-200 text-xs dark:border-zinc-800">
          {result.failures.map((f) => (
            <li key={f.id} className="flex gap-2 border-b border-zinc-100 px-2 py-1 last:border-0 dark:border-zinc-800">
              <span className="font-mono">#{f.id}</span>
              <span className="text-zinc-600 dark:text-zinc-300">{f.reason}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
