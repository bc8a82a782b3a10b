"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState, type ReactNode } from "react";
import { Dialog } from "@/components/ui/dialog";
import { PRIMARY_BUTTON, TOOLBAR_BUTTON } from "@/components/ui/popover";
import { issueKeys } from "@/lib/issues/query-keys";
import type { AssessmentInput } from "@/lib/issues/schemas";
import type { BulkResultResponse } from "@/lib/issues/types";
import { bulkAssess, describeError, type BulkTarget } from "./issues-api";
import { issues } from "./triage-plan";

interface Props {
  tenantId: string;
  /** What the action does, e.g. "Mark as false positive". */
  title: string;
  target: BulkTarget;
  assessment: AssessmentInput;
  /** What will change, shown above the count (the events dialog lists the assessment it built). */
  children?: ReactNode;
  /** False while something the caller checks is wrong (e.g. the issue to move events into is missing). */
  canApply?: boolean;
  /** Back to the step that built the assessment, when there is one. */
  onBack?: () => void;
  onDone: (result: BulkResultResponse) => void;
  onClose: () => void;
  widthClassName?: string;
}

const events = (n: number) => `${n.toLocaleString("en")} ${n === 1 ? "event" : "events"}`;

const WORDING: Record<BulkTarget["kind"], { noun: (n: number) => string; none: string; scope: string; counting: string; href: (id: string) => string }> = {
  issues: {
    noun: issues,
    none: "No issue matches the filters any more.",
    scope: "the current filters",
    counting: "Counting the issues that match the filters…",
    href: (id) => `/issues/${encodeURIComponent(id)}`,
  },
  events: {
    noun: events,
    none: "No event matches the search any more.",
    scope: "the search",
    counting: "Counting the events that match the search…",
    href: (id) => `/events/${encodeURIComponent(id)}`,
  },
};

/** Failures listed by id; past this many, "and N more". */
const MAX_FAILURES_SHOWN = 20;

/**
 * An assessment of every issue or event a search matches: first a dry run counts them, then the
 * run (an indeterminate bar and the time it has taken), then successes and failures.
 */
export function BulkRunDialog({ tenantId, title, target, assessment, children, canApply = true, onBack, onDone, onClose, widthClassName }: Props) {
  const words = WORDING[target.kind];
  // The dry run is a read: it may run again (retry) and is dropped when the dialog closes.
  const dry = useQuery({
    queryKey: issueKeys.bulkDryRun(tenantId, JSON.stringify(target), JSON.stringify(assessment)),
    queryFn: ({ signal }) => bulkAssess(target, { assessment, dryRun: true }, signal),
    gcTime: 0,
    staleTime: 0,
    retry: false,
  });
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const run = useMutation({
    mutationFn: () => bulkAssess(target, { assessment, dryRun: false }),
    onSuccess: onDone,
  });
  const count = dry.data?.count ?? null;
  const back = onBack && !run.isPending && !run.isSuccess && (
    <button type="button" className={`${TOOLBAR_BUTTON} mr-auto`} onClick={onBack}>
      Back
    </button>
  );

  return (
    <Dialog
      title={title}
      onClose={onClose}
      busy={run.isPending}
      testId="bulk-dialog"
      widthClassName={widthClassName}
      footer={
        run.isSuccess || run.isError ? (
          <>
            {back}
            <button type="button" className={TOOLBAR_BUTTON} onClick={onClose}>
              Close
            </button>
          </>
        ) : (
          <>
            {back}
            <button type="button" className={TOOLBAR_BUTTON} onClick={onClose} disabled={run.isPending}>
              Cancel
            </button>
            <button
              type="button"
              className={PRIMARY_BUTTON}
              disabled={count === null || count === 0 || !canApply || run.isPending}
              onClick={() => {
                setStartedAt(Date.now());
                run.mutate();
              }}
            >
              {count === null ? "Apply" : `Apply to ${words.noun(count)}`}
            </button>
          </>
        )
      }
    >
      {children}
      {dry.isPending && <p className="text-zinc-500 dark:text-zinc-400">{words.counting}</p>}
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
            words.none
          ) : (
            <>
              This will assess <strong className="tabular-nums">{words.noun(count)}</strong>: every one matching {words.scope}, including those not
              loaded on the page.
            </>
          )}
        </p>
      )}
      {run.isPending && startedAt !== null && <Progress startedAt={startedAt} />}
      {run.isError && (
        <p role="alert" className="mt-2 text-red-700 dark:text-red-400" data-testid="bulk-error">
          The run failed: {describeError(run.error)}
        </p>
      )}
      {run.isSuccess && <BulkResult result={run.data} noun={words.noun} href={words.href} />}
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

function BulkResult({ result, noun, href }: { result: BulkResultResponse; noun: (n: number) => string; href: (id: string) => string }) {
  const shown = result.failures.slice(0, MAX_FAILURES_SHOWN);
  const more = result.failures.length - shown.length;
  return (
    <div data-testid="bulk-result">
      <p>
        <strong className="text-emerald-700 tabular-nums dark:text-emerald-400">{noun(result.successes)}</strong> updated
        {result.failures.length > 0 && (
          <>
            , <strong className="text-red-700 tabular-nums dark:text-red-400">{result.failures.length.toLocaleString("en")}</strong> failed
          </>
        )}
        .
      </p>
      {result.failures.length > 0 && (
        <ul className="mt-2 max-h-48 overflow-auto rounded border border-zinc-200 text-xs dark:border-zinc-800" data-testid="bulk-failures">
          {shown.map((f) => (
            <li key={f.id} className="flex gap-2 border-b border-zinc-100 px-2 py-1 last:border-0 dark:border-zinc-800">
              <Link href={href(f.id)} className="shrink-0 font-mono hover:underline">
                #{f.id}
              </Link>
              <span className="min-w-0 text-zinc-600 dark:text-zinc-300">{f.reason}</span>
            </li>
          ))}
          {more > 0 && <li className="px-2 py-1 text-zinc-500 dark:text-zinc-400">and {more.toLocaleString("en")} more</li>}
        </ul>
      )}
    </div>
  );
}
