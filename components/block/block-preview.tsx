"use client";

import Link from "next/link";
import { SeverityBadge } from "@/components/event-detail/severity-badge";
import { StatusLabel } from "@/components/issues/issue-badges";
import { ISSUE_STATUSES, type IssueStatus } from "@/lib/issues/types";
import type { BlockDestination, BlockPreview, BlockResult } from "./block-api";
import { describeBlockError, dryRunEventsHref, matchesSentence, modeNotice, plural } from "./block-form";

const NOTE = "rounded-md border px-3 py-2 text-xs wrap-anywhere";
export const NOTE_TONE = {
  info: `${NOTE} border-zinc-200 bg-zinc-50 text-zinc-700 dark:border-zinc-800 dark:bg-zinc-950/40 dark:text-zinc-300`,
  warning: `${NOTE} border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100`,
  error: `${NOTE} border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950/40 dark:text-red-100`,
  success: `${NOTE} border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950/40 dark:text-emerald-100`,
};

const LINK = "text-emerald-700 hover:underline dark:text-emerald-400";

/** The destination the rule denies: the whole value, wrapped, since it is what gets blocked. */
export function DestinationLine({ destination }: { destination: BlockDestination | null }) {
  return (
    <div className="flex min-w-0 items-baseline gap-2" data-testid="block-destination">
      <span className="w-16 shrink-0 text-xs text-zinc-500 dark:text-zinc-400">{destination?.type === "ip" ? "IP address" : destination ? "Domain" : "Destination"}</span>
      {destination ? (
        <span className="min-w-0 font-mono text-[13px] font-medium break-all">
          {destination.value}
        </span>
      ) : (
        <span className="h-4 w-48 animate-pulse rounded bg-zinc-200 dark:bg-zinc-800" aria-label="Loading" />
      )}
    </div>
  );
}

const isStatus = (s: string): s is IssueStatus => (ISSUE_STATUSES as readonly string[]).includes(s);

type PreviewState = { status: "pending" } | { status: "error"; error: unknown } | { status: "success"; data: BlockPreview };

/** What the rule would have matched in the last 7 days, and what confirming would (not) change. */
export function DryRun({ state, scopeLabel }: { state: PreviewState; scopeLabel: string }) {
  if (state.status === "pending") {
    return (
      <div className={NOTE_TONE.info} data-testid="block-dry-run" aria-busy>
        <p>Counting what this rule would have matched in the last 7 days…</p>
        <div className="mt-2 h-3 w-2/3 animate-pulse rounded bg-zinc-200 dark:bg-zinc-800" />
      </div>
    );
  }
  if (state.status === "error") {
    return (
      <p role="alert" className={NOTE_TONE.error} data-testid="block-dry-run">
        The dry run failed: {describeBlockError(state.error)}
      </p>
    );
  }
  const p = state.data;
  const { matches } = p;
  const mode = modeNotice(p.policy?.mode ?? null, scopeLabel);
  const more = matches.issueCount - matches.issues.length;
  return (
    <div className="space-y-2" data-testid="block-dry-run">
      <div className={NOTE_TONE.info}>
        <p className="text-[13px] text-zinc-900 dark:text-zinc-100" data-testid="block-dry-run-count">
          {matchesSentence(matches)}
        </p>
        {matches.issues.length > 0 && (
          <>
            <p className="mt-1.5">It touches {plural(matches.issueCount, "issue")}:</p>
            <ul className="mt-1 max-h-32 space-y-0.5 overflow-y-auto" data-testid="block-dry-run-issues">
              {matches.issues.map((i) => (
                <li key={i.id} className="flex min-w-0 items-center gap-2">
                  <SeverityBadge severity={i.severity} size="sm" />
                  <Link href={`/issues/${encodeURIComponent(i.id)}`} target="_blank" className={`min-w-0 flex-1 truncate ${LINK}`} title={i.title}>
                    <span className="font-mono text-zinc-500 dark:text-zinc-400">#{i.id}</span> {i.title}
                  </Link>
                  {isStatus(i.status) && <StatusLabel status={i.status} closeReason={null} />}
                  <span className="shrink-0 text-zinc-500 tabular-nums dark:text-zinc-400">{plural(i.eventCount, "event")}</span>
                </li>
              ))}
              {more > 0 && <li className="text-zinc-500 dark:text-zinc-400">and {plural(more, "more issue")}</li>}
            </ul>
          </>
        )}
        {matches.events > 0 && (
          <Link href={dryRunEventsHref(p.search)} target="_blank" className={`mt-1.5 inline-block ${LINK}`} title={p.search} data-testid="block-dry-run-events">
            See these events ↗
          </Link>
        )}
      </div>
      {p.existingRule && (
        <p className={NOTE_TONE.warning} data-testid="block-existing">
          Already blocked in this scope
          {p.existingRule.expiresAt && <> (until {p.existingRule.expiresAt.slice(0, 16).replace("T", " ")} UTC)</>} — confirming changes nothing.
        </p>
      )}
      {mode && (
        <p className={NOTE_TONE.warning} data-testid="block-mode">
          {mode}
        </p>
      )}
      {!p.policy && !p.existingRule && <p className="text-xs text-zinc-500 dark:text-zinc-400">No policy for {scopeLabel} yet: blocking creates one, in enforce mode.</p>}
    </div>
  );
}

/** After the POST: what happened, and the policy that now holds the rule. */
export function BlockOutcome({ result, scopeLabel }: { result: BlockResult; scopeLabel: string }) {
  const mode = modeNotice(result.mode === "enforce" ? null : result.mode, scopeLabel);
  return (
    <div className="space-y-2" data-testid="block-result">
      <div className={NOTE_TONE.success} role="status">
        <p className="text-sm font-semibold">{result.created ? "Blocked" : "Already blocked"}</p>
        <p className="mt-1">
          {result.created
            ? `A deny rule for this ${result.destination.type === "ip" ? "address" : "domain"} now applies in ${scopeLabel} (${result.mode}).`
            : `The policy of ${scopeLabel} already denied it: nothing changed.`}
        </p>
        <Link href={`/policies/${encodeURIComponent(result.networkPolicyId)}`} className={`mt-1.5 inline-block font-medium ${LINK}`}>
          Open the policy of {scopeLabel} →
        </Link>
      </div>
      {mode && <p className={NOTE_TONE.warning}>{mode}</p>}
    </div>
  );
}
