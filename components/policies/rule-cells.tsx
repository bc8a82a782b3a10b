"use client";

import Link from "next/link";
import { useEffect, useRef, type ReactNode } from "react";
import type { RuleConflict } from "@/lib/policies/match";
import type { NetworkPolicyRuleItem, RuleAction } from "@/lib/policies/schemas";
import { RelativeTime } from "@/components/ui/relative-time";
import { actorName } from "./policy-labels";
import { useRuleRow } from "./rule-row-context";

const CHECKBOX = "h-3.5 w-3.5 cursor-pointer accent-emerald-600 align-middle";

/** An expired rule's cells are dimmed: it is kept for its lineage but no longer applies. */
export function Dim({ rule, children }: { rule: NetworkPolicyRuleItem; children: ReactNode }) {
  return <span className={`flex min-w-0 items-center gap-1.5 ${rule.expired ? "opacity-50" : ""}`}>{children}</span>;
}

export function SelectRule({ rule }: { rule: NetworkPolicyRuleItem }) {
  const { isSelected, toggle, canWrite } = useRuleRow();
  if (!canWrite) return null;
  return <input type="checkbox" className={CHECKBOX} aria-label={`Select ${rule.action} ${rule.value}`} checked={isSelected(rule.id)} onChange={() => toggle(rule.id)} />;
}

export function SelectPage() {
  const { pageSelection, togglePage, canWrite } = useRuleRow();
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = pageSelection === null;
  }, [pageSelection]);
  if (!canWrite) return null;
  return <input ref={ref} type="checkbox" className={CHECKBOX} aria-label="Select every rule shown" checked={pageSelection === true} onChange={togglePage} />;
}

function conflictLabel(c: RuleConflict): string {
  return c.kind === "contradiction" ? "allowed and denied" : `overrides ${c.otherAction} ${c.otherValue}`;
}

export function ValueCell({ rule }: { rule: NetworkPolicyRuleItem }) {
  const conflicts = useRuleRow().conflictsOf(rule.id);
  return (
    <Dim rule={rule}>
      <span className="min-w-0 truncate font-mono text-xs" title={rule.value}>
        {rule.value}
      </span>
      {conflicts && conflicts.length > 0 && (
        <span
          data-testid="rule-conflict"
          title={conflicts.map((c) => c.message).join("\n")}
          className="inline-flex min-w-0 shrink-[4] items-center gap-1 truncate rounded border border-amber-300 bg-amber-50 px-1.5 text-[11px] text-amber-800 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-200"
        >
          <span aria-hidden>⚠</span>
          <span className="truncate">{conflictLabel(conflicts[0])}</span>
          {conflicts.length > 1 && <span>+{conflicts.length - 1}</span>}
        </span>
      )}
    </Dim>
  );
}

const ACTION_STYLE: Record<RuleAction, string> = {
  allow: "text-emerald-700 dark:text-emerald-400",
  deny: "text-red-700 dark:text-red-400",
};

export function ActionCell({ rule }: { rule: NetworkPolicyRuleItem }) {
  return (
    <Dim rule={rule}>
      <span className={`inline-flex items-center gap-1.5 font-medium ${ACTION_STYLE[rule.action]}`}>
        <span className={`h-1.5 w-1.5 rounded-full ${rule.action === "allow" ? "bg-emerald-500" : "bg-red-500"}`} aria-hidden />
        {rule.action}
      </span>
    </Dim>
  );
}

export function CreatedCell({ rule }: { rule: NetworkPolicyRuleItem }) {
  return (
    <Dim rule={rule}>
      <span className="min-w-0 truncate text-zinc-600 dark:text-zinc-300" title={rule.createdBy}>
        {actorName(rule.createdBy)}
      </span>
      <RelativeTime iso={rule.createdAt} className="ml-auto shrink-0 text-xs text-zinc-500 dark:text-zinc-400" />
    </Dim>
  );
}

export function ExpiresCell({ rule }: { rule: NetworkPolicyRuleItem }) {
  if (!rule.expiresAt) return <span className="text-zinc-400 dark:text-zinc-500">never</span>;
  return (
    <span className="flex min-w-0 items-center gap-1.5 text-xs">
      {rule.expired && (
        <span data-testid="rule-expired" className="shrink-0 rounded border border-zinc-300 px-1 text-[10px] font-medium uppercase text-zinc-600 dark:border-zinc-600 dark:text-zinc-300">
          expired
        </span>
      )}
      <time dateTime={rule.expiresAt} title={rule.expiresAt} className={`truncate tabular-nums ${rule.expired ? "opacity-50" : ""}`}>
        {rule.expiresAt.slice(0, 16).replace("T", " ")}
      </time>
    </span>
  );
}

export function SourceCell({ rule }: { rule: NetworkPolicyRuleItem }) {
  const link = "text-emerald-700 hover:underline dark:text-emerald-400";
  return (
    <Dim rule={rule}>
      {rule.sourceEventId && (
        <Link href={`/events/${rule.sourceEventId}`} className={link} title="The event this rule was made from">
          Event {rule.sourceEventId}
        </Link>
      )}
      {rule.sourceIssueId && (
        <Link href={`/issues/${rule.sourceIssueId}`} className={link} title="The issue this rule was made from">
          Issue {rule.sourceIssueId}
        </Link>
      )}
      {!rule.sourceEventId && !rule.sourceIssueId && <span className="text-zinc-400 dark:text-zinc-500">manual</span>}
    </Dim>
  );
}

export function EditCell({ rule }: { rule: NetworkPolicyRuleItem }) {
  const { canWrite, edit } = useRuleRow();
  if (!canWrite) return null;
  return (
    <button
      type="button"
      onClick={() => edit(rule)}
      aria-label={`Edit ${rule.action} ${rule.value}`}
      className="rounded px-1.5 py-0.5 text-xs text-zinc-600 hover:bg-zinc-200 hover:text-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-700 dark:hover:text-white"
    >
      Edit
    </button>
  );
}
