"use client";

import { Kbd } from "@/components/ui/kbd";
import { Popover } from "@/components/ui/popover";
import { PRIORITIES, type Priority } from "@/lib/issues/types";
import { issues } from "./triage-plan";

export type QueueTarget =
  | { mode: "none" }
  | { mode: "focused"; id: string }
  | { mode: "selected"; count: number }
  | { mode: "all"; total: number };

export type QueueActionId = "acknowledged" | "falsePositive" | "assignMe" | "resolve" | "block";

interface Props {
  target: QueueTarget;
  /** The action undoes (every target already has it): the button says so. */
  undo: Record<"acknowledged" | "falsePositive" | "assignMe", boolean>;
  busy: boolean;
  onAction: (id: QueueActionId) => void;
  onPriority: (p: Priority) => void;
  /** Offer "select all N matching" (every row on screen is selected and more match). */
  selectAllMatching: number | null;
  onSelectAllMatching: () => void;
  onClearSelection: () => void;
  /** Block acts on one issue with a network destination; why not, when it cannot. */
  blockDisabled: string | null;
}

const BUTTON =
  "inline-flex h-7 items-center gap-1.5 rounded-md px-2 text-[13px] whitespace-nowrap text-zinc-700 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-emerald-500 disabled:pointer-events-none disabled:opacity-40 dark:text-zinc-200 dark:hover:bg-zinc-800";

/** Triage buttons for the selection, else the focused row; each names its shortcut. */
export function QueueActions({ target, undo, busy, onAction, onPriority, selectAllMatching, onSelectAllMatching, onClearSelection, blockDisabled }: Props) {
  const none = target.mode === "none" || busy;
  // The bulk endpoint assesses; status, assignee and priority need the issues themselves.
  const perIssue = none || target.mode === "all";
  const perIssueTitle = target.mode === "all" ? "Select issues on the page for this; every matching issue can only be assessed" : undefined;
  return (
    <div role="toolbar" aria-label="Triage" className="flex min-w-0 flex-wrap items-center gap-0.5" data-testid="queue-actions">
      <button type="button" className={BUTTON} disabled={none} onClick={() => onAction("acknowledged")}>
        {undo.acknowledged ? "Unacknowledge" : "Acknowledge"} <Kbd>a</Kbd>
      </button>
      <button type="button" className={BUTTON} disabled={none} onClick={() => onAction("falsePositive")}>
        {undo.falsePositive ? "Not false positive" : "False positive"} <Kbd>f</Kbd>
      </button>
      <button type="button" className={BUTTON} disabled={perIssue} title={perIssueTitle} onClick={() => onAction("assignMe")}>
        {undo.assignMe ? "Unassign me" : "Assign to me"} <Kbd>e</Kbd>
      </button>
      <button type="button" className={BUTTON} disabled={perIssue} title={perIssueTitle} onClick={() => onAction("resolve")}>
        Resolve… <Kbd>r</Kbd>
      </button>
      <button type="button" className={BUTTON} disabled={none || blockDisabled !== null} title={blockDisabled ?? "Deny this issue's destination in a network policy"} onClick={() => onAction("block")}>
        Block… <Kbd>b</Kbd>
      </button>
      {perIssue ? (
        <button type="button" className={BUTTON} disabled title={perIssueTitle}>
          Priority ▾
        </button>
      ) : (
        <Popover label="Priority ▾" buttonClassName={BUTTON} align="left" panelClassName="w-36 p-1" ariaLabel="Set priority">
          {(close) => (
            <ul>
              {PRIORITIES.map((p) => (
                <li key={p}>
                  <button
                    type="button"
                    className="w-full rounded px-2 py-1 text-left font-mono text-xs hover:bg-zinc-100 dark:hover:bg-zinc-800"
                    onClick={() => {
                      close();
                      onPriority(p);
                    }}
                  >
                    {p}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </Popover>
      )}
      <span className="ml-2 flex min-w-0 items-center gap-2 text-xs text-zinc-500 dark:text-zinc-400" data-testid="selection-summary">
        {target.mode === "focused" && <span>Acts on #{target.id}</span>}
        {target.mode === "none" && <span>Select issues, or move with j / k</span>}
        {target.mode === "selected" && <span className="font-medium text-zinc-700 dark:text-zinc-200">{issues(target.count)} selected</span>}
        {target.mode === "all" && <span className="font-medium text-zinc-700 dark:text-zinc-200">All {issues(target.total)} matching selected</span>}
        {selectAllMatching !== null && (
          <button type="button" className="text-emerald-700 hover:underline dark:text-emerald-400" onClick={onSelectAllMatching}>
            Select all {issues(selectAllMatching)} matching
          </button>
        )}
        {(target.mode === "selected" || target.mode === "all") && (
          <button type="button" className="hover:text-zinc-800 hover:underline dark:hover:text-zinc-100" onClick={onClearSelection}>
            Clear <Kbd>Esc</Kbd>
          </button>
        )}
      </span>
    </div>
  );
}
