import Link from "next/link";
import type { Better } from "@/lib/dashboard/metrics";
import type { Figure } from "@/lib/dashboard/types";
import { DeltaBadge } from "./delta-badge";

interface Props {
  label: string;
  figure: Figure;
  /** The figure as text ("1,204", "3.5 h", "12%"). */
  value: string;
  previousValue: string;
  better: Better;
  kind?: "count" | "rate" | "duration";
  /** What the figure counts, shown on hover. */
  hint: string;
  href?: string;
  testId: string;
  /** For a figure with nothing to compare with: a line of context instead of the change. */
  note?: string;
}

/** A headline figure with its change since the previous period; it opens what it counts. */
export function FigureTile({ label, figure, value, previousValue, better, kind = "count", hint, href, testId, note }: Props) {
  const body = (
    <>
      <div className="truncate text-xs text-zinc-500 dark:text-zinc-400">{label}</div>
      <div className="mt-0.5 text-xl font-semibold tabular-nums text-zinc-900 dark:text-zinc-50" data-testid={`${testId}-value`}>
        {value}
      </div>
      <div className="mt-0.5 flex items-baseline gap-1.5 text-xs">
        {note ? (
          <span className="truncate text-zinc-400 dark:text-zinc-500">{note}</span>
        ) : (
          <>
            <DeltaBadge figure={figure} better={better} kind={kind} previousText={`Previous period: ${previousValue}`} />
            <span className="truncate text-zinc-400 dark:text-zinc-500">vs {previousValue}</span>
          </>
        )}
      </div>
    </>
  );
  const cls = "dash-tile block min-w-0 rounded-lg border border-zinc-200 bg-white px-3 py-2 dark:border-zinc-800 dark:bg-zinc-900";
  // Dashboard links never prefetch: a page of them (hundreds of drill-downs into dynamic pages)
  // would load the server while the sections are still streaming.
  return href ? (
    <Link prefetch={false} href={href} title={hint} data-testid={testId} className={`${cls} hover:border-emerald-500 focus-visible:outline-2 focus-visible:outline-emerald-500 dark:hover:border-emerald-600`}>
      {body}
    </Link>
  ) : (
    <div title={hint} data-testid={testId} className={cls}>
      {body}
    </div>
  );
}
