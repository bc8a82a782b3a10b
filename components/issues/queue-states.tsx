import { TOOLBAR_BUTTON } from "@/components/ui/popover";
import { ApiProblem, isRetryable } from "@/components/events/events-api";

/** Nothing matches: the filters (or the tab) hide every issue. */
export function NoIssuesMatch({ onClearFilters, onAllStatuses }: { onClearFilters: (() => void) | null; onAllStatuses: (() => void) | null }) {
  return (
    <div data-testid="no-issues" className="flex flex-col items-center gap-3 px-6 py-12 text-center text-zinc-500 dark:text-zinc-400">
      <p className="text-base font-medium text-zinc-700 dark:text-zinc-200">No issues match</p>
      <p className="max-w-md">{onClearFilters ? "No issue passes every filter." : "No issue has this status."}</p>
      <div className="flex gap-2">
        {onClearFilters && (
          <button type="button" className={TOOLBAR_BUTTON} onClick={onClearFilters}>
            Clear filters
          </button>
        )}
        {onAllStatuses && (
          <button type="button" className={TOOLBAR_BUTTON} onClick={onAllStatuses}>
            Show every status
          </button>
        )}
      </div>
    </div>
  );
}

/** A tenant that has no issue at all yet. */
export function NoIssuesYet() {
  return (
    <div data-testid="no-issues-yet" className="flex flex-col items-center gap-2 px-6 py-14 text-center text-zinc-500 dark:text-zinc-400">
      <p className="text-base font-medium text-zinc-700 dark:text-zinc-200">No issues yet</p>
      <p className="max-w-lg">
        Issues open when agents send detections, or events of medium severity or higher. Events of the same type, place and destination are grouped into one
        issue.
      </p>
    </div>
  );
}

export function QueueFailed({ error, onRetry }: { error: Error; onRetry: () => void }) {
  const problem = error instanceof ApiProblem ? error : null;
  return (
    <div role="alert" data-testid="issues-error" className="m-3 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-red-800 dark:border-red-900 dark:bg-red-950/40 dark:text-red-200">
      <p className="font-medium">{problem ? `${problem.title} (${problem.status})` : "The issues could not be loaded"}</p>
      <p className="mt-1 text-sm">
        {problem?.detail ?? error.message}
        {problem?.field && <span className="ml-1 font-mono text-xs">[{problem.field}]</span>}
      </p>
      {isRetryable(error) && (
        <button type="button" onClick={onRetry} className={`${TOOLBAR_BUTTON} mt-2`}>
          Retry
        </button>
      )}
    </div>
  );
}

/** Placeholder rows while the first page loads. */
export function QueueSkeleton() {
  return (
    <div aria-busy aria-label="Loading issues" className="divide-y divide-zinc-100 dark:divide-zinc-800">
      {Array.from({ length: 12 }, (_, i) => (
        <div key={i} className="flex gap-4 px-2 py-2.5">
          {[2, 7, 34, 12, 8, 10, 5, 8, 12].map((w, j) => (
            <div key={j} className="h-3 animate-pulse rounded bg-zinc-200 dark:bg-zinc-800" style={{ width: `${w}%` }} />
          ))}
        </div>
      ))}
    </div>
  );
}
