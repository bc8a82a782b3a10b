"use client";

import { useMemo } from "react";
import { SEVERITY_COLORS } from "@/components/charts/severity-colors";
import { StackedBarChart, type BarSeries } from "@/components/charts/stacked-bar-chart";
import { SEVERITY_ORDER } from "@/lib/events/fields";
import { INTERVAL_MS } from "@/lib/events/time-range";
import type { HistogramBucket, HistogramInterval, SearchResponse } from "@/lib/events/types";
import { TOOLBAR_BUTTON } from "@/components/ui/popover";
import { isRetryable } from "./events-api";

const SERIES: BarSeries[] = SEVERITY_ORDER.map((s) => ({ key: s, label: s, color: SEVERITY_COLORS[s] }));
const DAY = 24 * 3600_000;

interface Props {
  buckets: HistogramBucket[];
  interval: HistogramInterval | null;
  from: string;
  to: string;
  onZoom: (first: string, last: string) => void;
}

export function EventsHistogram({ buckets, interval, from, to, onZoom }: Props) {
  const data = useMemo(() => buckets.map((b) => ({ t: b.t, ...b.bySeverity })), [buckets]);
  const spansDays = Date.parse(to) - Date.parse(from) > DAY;
  const step = interval ? INTERVAL_MS[interval] : 0;
  return (
    <div data-testid="histogram">
      <StackedBarChart
        data={data}
        xKey="t"
        series={SERIES}
        height={130}
        ariaLabel={`Events per ${interval ?? "bucket"} by severity; drag across bars to zoom in`}
        formatTick={(t) => (step >= DAY ? t.slice(5, 10) : spansDays ? `${t.slice(5, 10)} ${t.slice(11, 16)}` : t.slice(11, 16))}
        formatLabel={(t) => `${t.slice(0, 16).replace("T", " ")} – ${new Date(Date.parse(t) + step).toISOString().slice(11, 16)} UTC`}
        onSelectRange={onZoom}
      />
      <ul className="mt-1 flex flex-wrap gap-3 text-xs text-zinc-500 dark:text-zinc-400" aria-label="Severity colours">
        {[...SERIES].reverse().map((s) => (
          <li key={s.key} className="inline-flex items-center gap-1">
            <span className="inline-block h-2 w-2 rounded-sm" style={{ background: s.color }} aria-hidden />
            {s.label}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Why there is nothing to count: the search itself failed, or only its counts did. */
export type CountsFailure = { reason: "search" } | { reason: "counts"; error: Error; retry: () => void };

interface PanelProps {
  /** The first page of results (null while it loads). */
  results: SearchResponse | null;
  totalLabel: string;
  stale: boolean;
  failure: CountsFailure | null;
  onZoom: (first: string, last: string) => void;
}

/** The histogram with the total, the bucket size and the effective range above it. */
export function HistogramPanel({ results, totalLabel, stale, failure, onZoom }: PanelProps) {
  if (!results && failure) return <CountsFailed failure={failure} />;
  return (
    <section aria-label="Histogram" className="rounded-lg border border-zinc-200 bg-white px-3 pt-2 pb-2 dark:border-zinc-800 dark:bg-zinc-900">
      <div className="mb-1 flex flex-wrap items-baseline gap-x-3 text-xs text-zinc-500 dark:text-zinc-400">
        <span className="text-sm font-medium text-zinc-800 tabular-nums dark:text-zinc-100" data-testid="events-total">
          {results ? totalLabel : "Counting…"}
        </span>
        {results?.interval && <span data-testid="histogram-interval">per {results.interval}</span>}
        {results && (
          <span className="font-mono">
            {results.from.slice(0, 16).replace("T", " ")} → {results.to.slice(0, 16).replace("T", " ")} UTC
          </span>
        )}
        <span className="ml-auto">Drag across bars to zoom in</span>
      </div>
      {results ? (
        <div className={`transition-opacity ${stale ? "opacity-60" : ""}`}>
          <EventsHistogram buckets={results.histogram} interval={results.interval} from={results.from} to={results.to} onZoom={onZoom} />
        </div>
      ) : (
        <div className="h-[150px] animate-pulse rounded bg-zinc-100 dark:bg-zinc-800/60" aria-busy aria-label="Loading histogram" />
      )}
    </section>
  );
}

function CountsFailed({ failure }: { failure: CountsFailure }) {
  const retryable = failure.reason === "counts" && isRetryable(failure.error);
  return (
    <section aria-label="Histogram" data-testid="counts-failed" className="rounded-lg border border-zinc-200 bg-white px-3 py-2 text-xs text-zinc-500 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <span className="text-sm font-medium text-zinc-800 dark:text-zinc-100" data-testid="events-total">
          Not counted
        </span>
        <span role={failure.reason === "counts" ? "alert" : undefined} className={failure.reason === "counts" ? "text-red-700 dark:text-red-300" : undefined}>
          {failure.reason === "search" ? "The search did not run, so there is nothing to count." : `Counting failed: ${failure.error.message}`}
        </span>
        {retryable && (
          <button type="button" className={`${TOOLBAR_BUTTON} ml-auto`} onClick={failure.retry}>
            Retry counts
          </button>
        )}
      </div>
    </section>
  );
}
