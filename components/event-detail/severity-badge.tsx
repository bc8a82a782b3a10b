import { SEVERITY_COLORS } from "@/components/charts/severity-colors";
import type { Severity } from "@/lib/events/types";

const STYLE: Record<Severity, string> = {
  low: "border-slate-300 text-slate-700 dark:border-slate-600 dark:text-slate-200",
  medium: "border-amber-300 text-amber-800 dark:border-amber-700 dark:text-amber-200",
  high: "border-orange-300 text-orange-800 dark:border-orange-700 dark:text-orange-200",
  critical: "border-red-400 bg-red-50 text-red-800 dark:border-red-700 dark:bg-red-950/40 dark:text-red-200",
};

function known(s: string): s is Severity {
  return s in STYLE;
}

/** Severity by colour and word. */
export function SeverityBadge({ severity, size = "md" }: { severity: string; size?: "sm" | "md" }) {
  const sev: Severity = known(severity) ? severity : "low";
  const pad = size === "sm" ? "px-1.5 py-0 text-[11px]" : "px-2 py-0.5 text-xs";
  return (
    <span className={`inline-flex items-center gap-1.5 rounded-full border font-medium uppercase tracking-wide ${pad} ${STYLE[sev]}`}>
      <span className="h-2 w-2 rounded-full" style={{ background: SEVERITY_COLORS[sev] }} aria-hidden />
      {severity}
    </span>
  );
}

export function severityDot(severity: string): string {
  return known(severity) ? SEVERITY_COLORS[severity] : SEVERITY_COLORS.low;
}
