"use client";

import { BLOCK_BUTTON } from "@/components/block/block-button";
import { Kbd } from "@/components/ui/kbd";
import { INPUT, TOOLBAR_BUTTON } from "@/components/ui/popover";
import { PRIORITIES, type IssueDetail, type Priority } from "@/lib/issues/types";
import type { Member } from "./queue-toolbar";
import type { CloseStatus } from "./resolve-dialog";
import type { TriageAction } from "./triage-plan";

interface Props {
  issue: IssueDetail;
  me: { id: string };
  members: readonly Member[];
  busy: boolean;
  onAction: (action: TriageAction) => void;
  onClose: (status: CloseStatus) => void;
  /** Opens the block dialog; absent when the issue has no network destination. */
  onBlock?: () => void;
}

const SMALL = `${TOOLBAR_BUTTON} h-7 px-2 text-[13px]`;

/** Status, assignment, priority and the two quick flags, each a button or a select with its key. */
export function IssueControls({ issue, me, members, busy, onAction, onClose, onBlock }: Props) {
  const open = issue.status === "open" || issue.status === "in_progress";
  const acknowledged = issue.flags.includes("acknowledged");
  const falsePositive = issue.flags.includes("falsePositive");
  const mine = issue.assignee?.id === me.id;
  // The assignee may have left the assignable members; keep them selectable as they are.
  const options = issue.assignee && !members.some((m) => m.id === issue.assignee?.id) ? [...members, issue.assignee] : members;
  return (
    <div role="toolbar" aria-label="Triage" className="flex flex-wrap items-center gap-2 border-t border-zinc-200 bg-zinc-50/60 px-4 py-2 dark:border-zinc-800 dark:bg-zinc-950/30" data-testid="issue-controls">
      {issue.status === "open" && (
        <button type="button" className={SMALL} disabled={busy} onClick={() => onAction({ kind: "status", status: "in_progress" })}>
          Start progress
        </button>
      )}
      {issue.status === "in_progress" && (
        <button type="button" className={SMALL} disabled={busy} onClick={() => onAction({ kind: "status", status: "open" })}>
          Stop progress
        </button>
      )}
      {open ? (
        <>
          <button type="button" className={SMALL} disabled={busy} onClick={() => onClose("resolved")}>
            Resolve… <Kbd>r</Kbd>
          </button>
          <button type="button" className={SMALL} disabled={busy} onClick={() => onClose("closed")}>
            Close…
          </button>
        </>
      ) : (
        <button type="button" className={SMALL} disabled={busy} onClick={() => onAction({ kind: "status", status: "open" })}>
          Reopen
        </button>
      )}
      <span className="mx-1 h-5 w-px bg-zinc-200 dark:bg-zinc-700" aria-hidden />
      <button type="button" className={SMALL} disabled={busy} aria-pressed={acknowledged} onClick={() => onAction({ kind: "flag", flag: "acknowledged" })}>
        {acknowledged ? "Unacknowledge" : "Acknowledge"} <Kbd>a</Kbd>
      </button>
      <button type="button" className={SMALL} disabled={busy} aria-pressed={falsePositive} onClick={() => onAction({ kind: "flag", flag: "falsePositive" })}>
        {falsePositive ? "Not false positive" : "False positive"} <Kbd>f</Kbd>
      </button>
      <span className="mx-1 h-5 w-px bg-zinc-200 dark:bg-zinc-700" aria-hidden />
      <label className="flex items-center gap-1.5 text-xs text-zinc-500 dark:text-zinc-400">
        Assignee
        <select
          className={`${INPUT} h-7 max-w-44 py-0 text-[13px]`}
          value={issue.assignee?.id ?? ""}
          disabled={busy}
          aria-label="Assignee"
          onChange={(e) => {
            const m = options.find((o) => o.id === e.target.value) ?? null;
            onAction({ kind: "assign", assignee: m ? { id: m.id, name: m.name } : null });
          }}
        >
          <option value="">Unassigned</option>
          {options.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name || m.email}
              {m.id === me.id ? " (me)" : ""}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className={SMALL} disabled={busy} onClick={() => onAction({ kind: "assignMe" })}>
        {mine ? "Unassign me" : "Assign to me"} <Kbd>e</Kbd>
      </button>
      <label className="flex items-center gap-1.5 text-xs text-zinc-500 dark:text-zinc-400">
        Priority
        <select
          className={`${INPUT} h-7 py-0 font-mono text-[13px]`}
          value={issue.priority}
          disabled={busy}
          aria-label="Priority"
          onChange={(e) => onAction({ kind: "priority", priority: e.target.value as Priority })}
        >
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </label>
      {onBlock && (
        <button type="button" className={`${BLOCK_BUTTON} ml-auto`} disabled={busy} onClick={onBlock} data-testid="block-button">
          Block destination… <Kbd>b</Kbd>
        </button>
      )}
    </div>
  );
}
