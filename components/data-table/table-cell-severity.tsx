import { SEVERITY_COLORS } from "@/components/charts/severity-colors";
import type { Severity } from "@/lib/events/types";

const TEXT: Record<Severity, string> = {
  low: "text-slate-600 dark:text-slate-300",
  medium: "text-amber-700 dark:text-amber-300",
  high: "text-orange-700 dark:text-orange-300",
  critical: "text-red-700 font-semibold dark:text-red-300",
};

/** Severity by colour and word, so it reads without colour too. */
export function TableCellSeverity({ severity }: { severity: Severity }) {
  return (
    <span className={`inline-flex items-center gap-1.5 text-xs ${TEXT[severity]}`}>
      <span className="inline-block h-2 w-2 shrink-0 rounded-full" style={{ background: SEVERITY_COLORS[severity] }} aria-hidden />
      {severity}
    </span>
  );
}
