import { delta, type Better } from "@/lib/dashboard/metrics";
import type { Figure } from "@/lib/dashboard/types";

const TONE = {
  good: "text-emerald-700 dark:text-emerald-400",
  bad: "text-red-700 dark:text-red-400",
  neutral: "text-zinc-500 dark:text-zinc-400",
} as const;

const ARROW = { up: "▲", down: "▼", new: "▲", flat: "", none: "" } as const;

/** How a figure moved since the previous period, coloured by whether that is good news. */
export function DeltaBadge({ figure, better, kind = "count", previousText }: { figure: Figure; better: Better; kind?: "count" | "rate" | "duration"; previousText?: string }) {
  const d = delta(figure, better, kind);
  const title = previousText ?? (figure.previous === null ? "Nothing to compare with" : `Previous period: ${figure.previous.toLocaleString("en")}`);
  return (
    <span className={`whitespace-nowrap text-xs tabular-nums ${TONE[d.tone]}`} title={title} data-testid="delta">
      {ARROW[d.trend] && <span aria-hidden className="mr-0.5 text-[9px]">{ARROW[d.trend]}</span>}
      {d.trend === "none" ? "—" : d.text}
    </span>
  );
}
