import { ANALYST_FLAGS, CLOSE_REASON_LABELS, FLAG_LABELS, STATUS_LABELS, SYSTEM_FLAGS, type CloseReason, type IssueFlag, type IssueStatus, type Priority } from "@/lib/issues/types";
import { Chip, type ChipTone } from "@/components/event-detail/chip";

const FLAG_TONE: Partial<Record<IssueFlag, ChipTone>> = {
  acknowledged: "success",
  identifiedThreat: "danger",
  blocked: "danger",
  followup: "warning",
  tuningCandidate: "info",
  falsePositive: "neutral",
  notAThreat: "neutral",
};

export function flagLabel(flag: string): string {
  return FLAG_LABELS[flag as IssueFlag] ?? flag;
}

// Analyst judgements first, then "blocked", then the bookkeeping flags Vigil sets.
const FLAG_ORDER: readonly string[] = [...ANALYST_FLAGS, "blocked", ...SYSTEM_FLAGS.filter((f) => f !== "blocked")];
const rank = (f: string) => {
  const i = FLAG_ORDER.indexOf(f);
  return i < 0 ? FLAG_ORDER.length : i;
};

/** Analyst and system flags as chips, judgements first; past `max`, a "+N" chip names the rest on hover. */
export function FlagChips({ flags, max, empty = null }: { flags: readonly string[]; max?: number; empty?: React.ReactNode }) {
  if (flags.length === 0) return <>{empty}</>;
  const ordered = [...flags].sort((a, b) => rank(a) - rank(b));
  const shown = max !== undefined && ordered.length > max ? ordered.slice(0, max) : ordered;
  const rest = ordered.slice(shown.length);
  return (
    <ul className={`flex min-w-0 items-center gap-1 ${max !== undefined ? "overflow-hidden" : "flex-wrap"}`} aria-label="Flags">
      {shown.map((f) => (
        <li key={f} className="flex min-w-0" data-flag={f} title={flagLabel(f)}>
          <Chip tone={FLAG_TONE[f as IssueFlag] ?? "neutral"}>
            <span className="truncate">{flagLabel(f)}</span>
          </Chip>
        </li>
      ))}
      {rest.length > 0 && (
        <li className="shrink-0" title={rest.map(flagLabel).join(", ")}>
          <Chip>+{rest.length}</Chip>
        </li>
      )}
    </ul>
  );
}

const STATUS_DOT: Record<IssueStatus, string> = {
  open: "border-2 border-sky-500 bg-transparent",
  in_progress: "bg-amber-500",
  resolved: "bg-emerald-500",
  closed: "bg-zinc-400 dark:bg-zinc-500",
};

// In the queue, judgements are chips; bookkeeping flags are named on hover ("commented" is an icon,
// "severityAdjusted" is the asterisk of the severity column).
const QUIET = new Set<string>(["commented", "severityAdjusted", "reassessed", "handledByAnalyst"]);

export function QueueFlags({ flags }: { flags: readonly string[] }) {
  const loud = flags.filter((f) => !QUIET.has(f));
  const quiet = flags.filter((f) => QUIET.has(f) && f !== "commented" && f !== "severityAdjusted");
  const commented = flags.includes("commented");
  if (loud.length === 0 && quiet.length === 0 && !commented) return <span className="text-zinc-400 dark:text-zinc-600">—</span>;
  return (
    <span className="flex min-w-0 items-center gap-1" title={[...flags].map(flagLabel).join(", ")}>
      <FlagChips flags={loud} max={2} />
      {quiet.length > 0 && <span className="shrink-0 text-[11px] text-zinc-500 dark:text-zinc-400">+{quiet.length}</span>}
      {commented && (
        <svg viewBox="0 0 24 24" className="h-3.5 w-3.5 shrink-0 text-zinc-400 dark:text-zinc-500" fill="none" stroke="currentColor" strokeWidth={1.8} aria-label="Commented" role="img" data-flag="commented">
          <path d="M4 5h16v11H10l-4 4v-4H4Z" />
        </svg>
      )}
    </span>
  );
}

/** Status by shape, colour and word; the close reason follows a resolved or closed one. */
export function StatusLabel({ status, closeReason, showReason = false }: { status: IssueStatus; closeReason: CloseReason | null; showReason?: boolean }) {
  const reason = closeReason ? CLOSE_REASON_LABELS[closeReason] : null;
  return (
    <span className="inline-flex min-w-0 items-center gap-1.5 text-xs whitespace-nowrap" title={reason ? `${STATUS_LABELS[status]}: ${reason}` : STATUS_LABELS[status]} data-status={status}>
      <span className={`inline-block h-2 w-2 shrink-0 rounded-full ${STATUS_DOT[status]}`} aria-hidden />
      <span className="truncate">
        {STATUS_LABELS[status]}
        {showReason && reason && <span className="text-zinc-500 dark:text-zinc-400"> · {reason}</span>}
      </span>
    </span>
  );
}

const PRIORITY_STYLE: Record<Priority, string> = {
  P1: "border-red-300 text-red-700 dark:border-red-800 dark:text-red-300",
  P2: "border-orange-300 text-orange-700 dark:border-orange-800 dark:text-orange-300",
  P3: "border-zinc-300 text-zinc-600 dark:border-zinc-700 dark:text-zinc-300",
  P4: "border-zinc-200 text-zinc-400 dark:border-zinc-800 dark:text-zinc-500",
};

export function PriorityLabel({ priority }: { priority: Priority }) {
  return (
    <span className={`inline-flex rounded border px-1 font-mono text-[11px] leading-4 font-medium ${PRIORITY_STYLE[priority]}`} title={`Priority ${priority}`}>
      {priority}
    </span>
  );
}
