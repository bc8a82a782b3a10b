import type { RangePreset } from "@/lib/events/search-params";
import { ApiProblem, isRetryable } from "./events-api";
import { TOOLBAR_BUTTON } from "@/components/ui/popover";

interface EmptyProps {
  filtered: boolean;
  /** A wider preset to offer, when there is one. */
  wider: RangePreset | null;
  onWiden: (preset: RangePreset) => void;
  onClearFilters: () => void;
}

export function NoEvents({ filtered, wider, onWiden, onClearFilters }: EmptyProps) {
  return (
    <div data-testid="no-events" className="flex flex-col items-center gap-3 px-6 py-12 text-center text-zinc-500 dark:text-zinc-400">
      <p className="text-base font-medium text-zinc-700 dark:text-zinc-200">No events in this time range{filtered ? " match the search" : ""}.</p>
      <p className="max-w-md">
        {filtered ? "Try a wider time range or fewer filters." : "Try a wider time range, or send events with "}
        {!filtered && <code className="font-mono text-xs">POST /api/v1/ingest/&#123;format&#125;</code>}
      </p>
      <div className="flex gap-2">
        {wider && (
          <button type="button" className={TOOLBAR_BUTTON} onClick={() => onWiden(wider)}>
            Widen to {wider}
          </button>
        )}
        {filtered && (
          <button type="button" className={TOOLBAR_BUTTON} onClick={onClearFilters}>
            Clear query and filters
          </button>
        )}
      </div>
    </div>
  );
}

export function SearchFailed({ error, onRetry }: { error: Error; onRetry: () => void }) {
  const problem = error instanceof ApiProblem ? error : null;
  const queryError = problem?.status === 400 && problem.field === "query";
  return (
    <div role="alert" data-testid="search-error" className="m-3 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-red-800 dark:border-red-900 dark:bg-red-950/40 dark:text-red-200">
      <p className="font-medium">{queryError ? "The query cannot run" : problem ? `${problem.title} (${problem.status})` : "The search failed"}</p>
      <p className="mt-1 text-sm">
        {queryError ? queryErrorText(problem) : (problem?.detail ?? error.message)}
        {problem?.field && !queryError && <span className="ml-1 font-mono text-xs">[{problem.field}]</span>}
      </p>
      {isRetryable(error) && (
        <button type="button" onClick={onRetry} className={`${TOOLBAR_BUTTON} mt-2`}>
          Retry
        </button>
      )}
    </div>
  );
}

/** The server's query error in the search bar's terms: 1-based columns, as the bar marks them. */
function queryErrorText(problem: ApiProblem): string {
  const message = problem.detail.replace(/^query: /, "").replace(/ \(at position \d+\)$/, "");
  return problem.position === undefined ? message : `${message} (column ${problem.position + 1}).`;
}
