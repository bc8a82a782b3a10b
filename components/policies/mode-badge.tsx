import type { PolicyMode } from "@/lib/policies/scope-ref";
import { MODE_HINT } from "./policy-labels";

const STYLE: Record<PolicyMode, { box: string; dot: string }> = {
  bypass: { box: "border-zinc-300 text-zinc-600 dark:border-zinc-600 dark:text-zinc-300", dot: "border border-zinc-400 bg-transparent" },
  log: { box: "border-sky-300 bg-sky-50 text-sky-800 dark:border-sky-800 dark:bg-sky-950/40 dark:text-sky-200", dot: "bg-sky-500" },
  enforce: { box: "border-red-300 bg-red-50 text-red-800 dark:border-red-800 dark:bg-red-950/40 dark:text-red-200", dot: "bg-red-500" },
};

/** The policy's mode by colour and word; what it means on hover. */
export function ModeBadge({ mode }: { mode: PolicyMode }) {
  const s = STYLE[mode];
  return (
    <span title={MODE_HINT[mode]} data-mode={mode} className={`inline-flex items-center gap-1.5 rounded-full border px-2 py-0.5 text-xs font-medium uppercase tracking-wide ${s.box}`}>
      <span className={`h-2 w-2 rounded-full ${s.dot}`} aria-hidden />
      {mode}
    </span>
  );
}
