import Link from "next/link";
import type { PolicyVerdict } from "@/lib/policies/verdict";
import type { ChipTone } from "@/components/event-detail/chip";
import { policyTone } from "./policy-tone";

// What Vigil's network policies say now about a destination, next to (never instead of) what
// the agent reported when the event happened.

const BOX: Record<ChipTone, string> = {
  neutral: "border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-950/40",
  info: "border-sky-300 bg-sky-50 dark:border-sky-800 dark:bg-sky-950/40",
  success: "border-emerald-300 bg-emerald-50 dark:border-emerald-800 dark:bg-emerald-950/30",
  warning: "border-amber-400 bg-amber-50 dark:border-amber-700 dark:bg-amber-950/40",
  danger: "border-red-400 bg-red-50 dark:border-red-700 dark:bg-red-950/40",
};

/** "Policy now: Denied by rule *.minexmr.com in cluster prod-eu (enforce) · Open the policy". */
export function PolicyVerdictLine({ verdict }: { verdict: PolicyVerdict | null }) {
  return (
    <div className={`flex min-w-0 flex-wrap items-baseline gap-x-3 gap-y-1 rounded-md border px-3 py-2 ${BOX[policyTone(verdict)]}`} data-testid="policy-verdict">
      <span className="shrink-0 text-[10px] font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">Policy now</span>
      {verdict ? (
        <>
          <span className="min-w-0 flex-1 text-sm break-words" data-action={verdict.action} data-mode={verdict.mode}>
            {verdict.text}
          </span>
          <Link href={`/policies/${encodeURIComponent(verdict.policyId)}`} className="shrink-0 text-xs text-emerald-700 hover:underline dark:text-emerald-400">
            Open the policy →
          </Link>
        </>
      ) : (
        <span className="min-w-0 flex-1 text-sm text-zinc-600 dark:text-zinc-300">No rule of Vigil&apos;s network policies matches this destination.</span>
      )}
    </div>
  );
}
