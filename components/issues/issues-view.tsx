"use client";

import { useRouter } from "next/navigation";
import { useCallback, useMemo, useRef, useState } from "react";
import { ISSUE_STATUSES, type IssueListItem, type Priority } from "@/lib/issues/types";
import { BlockDialog } from "@/components/block/block-dialog";
import { blockableDestination } from "@/components/block/block-form";
import { CopyLinkButton } from "@/components/events/copy-link-button";
import { Kbd } from "@/components/ui/kbd";
import { TOOLBAR_BUTTON } from "@/components/ui/popover";
import { StatusLine, useStatusMessage } from "@/components/ui/status-line";
import { BulkRunDialog } from "./bulk-run-dialog";
import { IssuesTable } from "./issues-table";
import { QueueActions, type QueueActionId, type QueueTarget } from "./queue-actions";
import { NoIssuesMatch, NoIssuesYet, QueueFailed, QueueSkeleton } from "./queue-states";
import { QueueToolbar, SortSelect, type Member } from "./queue-toolbar";
import { bulkSearchOf, hasFilters, issueHref, issuesHref, queueQuery, withoutFilters, type QueueState } from "./queue-url";
import { ResolveDialog } from "./resolve-dialog";
import { ShortcutsDialog } from "./shortcuts-dialog";
import { StatusTabs } from "./status-tabs";
import { issues } from "./triage-plan";
import { useIssueQueue, type InitialQueue } from "./use-issue-queue";
import { useQueueState } from "./use-queue-state";
import { useShortcuts } from "./use-shortcuts";
import { useTriage } from "./use-triage";

interface Props {
  tenantId: string;
  me: { id: string; name: string };
  canWrite: boolean;
  members: Member[];
  initial: InitialQueue | null;
}

const NO_ROWS: IssueListItem[] = [];

type DialogState =
  | { kind: "resolve"; targets: IssueListItem[] }
  | { kind: "bulk"; flag: "acknowledged" | "falsePositive" }
  | { kind: "shortcuts" }
  | { kind: "block"; issue: IssueListItem }
  | null;

/** The triage queue: filters in the URL, keyboard triage on the rows, bulk assessment by query. */
export function IssuesView({ tenantId, me, canWrite, members, initial }: Props) {
  const router = useRouter();
  const { state, navigate } = useQueueState();
  const queue = useIssueQueue(tenantId, state, initial);
  const first = queue.data?.pages[0] ?? null;
  const rows = useMemo(() => queue.data?.pages.flatMap((p) => p.data) ?? NO_ROWS, [queue.data]);
  const key = queueQuery(state);
  const status = useStatusMessage();
  const triage = useTriage(tenantId, me, status.show);
  const [dialog, setDialog] = useState<DialogState>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  // Selection belongs to one search: new filters start with nothing selected.
  const [selection, setSelection] = useState<{ key: string; ids: ReadonlySet<string>; all: boolean; anchor: string | null }>({ key, ids: new Set(), all: false, anchor: null });
  const sel = selection.key === key ? selection : { key, ids: new Set<string>(), all: false, anchor: null };
  const selectedRows = useMemo(() => rows.filter((r) => sel.ids.has(r.id)), [rows, sel.ids]);

  // The keyboard's row: kept by id, and by position when that issue leaves the view (resolved).
  const [active, setActive] = useState<{ id: string; index: number } | null>(null);
  let activeIndex = active ? rows.findIndex((r) => r.id === active.id) : -1;
  if (active && activeIndex < 0 && rows.length > 0) activeIndex = Math.min(active.index, rows.length - 1);
  const activeRow = activeIndex >= 0 ? rows[activeIndex] : null;

  const total = first && !queue.isPlaceholderData ? first.total : null;
  const target: QueueTarget = sel.all && total !== null
    ? { mode: "all", total }
    : selectedRows.length > 0
      ? { mode: "selected", count: selectedRows.length }
      : activeRow
        ? { mode: "focused", id: activeRow.id }
        : { mode: "none" };
  const targets = target.mode === "selected" ? selectedRows : target.mode === "focused" && activeRow ? [activeRow] : [];
  const pageSelection = rows.length > 0 && selectedRows.length === rows.length ? true : selectedRows.length > 0 ? null : false;

  const go = useCallback((next: QueueState, replace = false) => {
    if (issuesHref(next) === issuesHref(state)) void queue.refetch();
    else navigate(next, { replace });
  }, [navigate, queue, state]);

  const hrefOf = useCallback((id: string) => issueHref(id, key), [key]);

  function activate(index: number, focus: boolean) {
    const row = rows[index];
    if (!row) return;
    setActive({ id: row.id, index });
    if (focus) {
      const el = document.querySelector<HTMLElement>(`tr[data-row-id="${CSS.escape(row.id)}"]`);
      el?.focus({ preventScroll: true });
      el?.scrollIntoView({ block: "nearest" });
    }
  }

  function toggle(id: string, range: boolean) {
    const ids = new Set(sel.ids);
    const on = !ids.has(id);
    if (range && sel.anchor) {
      const a = rows.findIndex((r) => r.id === sel.anchor);
      const b = rows.findIndex((r) => r.id === id);
      if (a >= 0 && b >= 0) {
        for (const r of rows.slice(Math.min(a, b), Math.max(a, b) + 1)) {
          if (on) ids.add(r.id);
          else ids.delete(r.id);
        }
      }
    }
    if (on) ids.add(id);
    else ids.delete(id);
    setSelection({ key, ids, all: false, anchor: id });
  }

  const clearSelection = () => setSelection({ key, ids: new Set(), all: false, anchor: null });

  function act(id: QueueActionId) {
    if (!canWrite || triage.running) return;
    if (target.mode === "all") {
      if (id === "acknowledged" || id === "falsePositive") setDialog({ kind: "bulk", flag: id });
      else if (id === "block") status.show("Block acts on one issue at a time: select just one, or move to it with j / k.", "info");
      else status.show("Assignment and resolution need the issues themselves: select them on the page.", "info");
      return;
    }
    if (targets.length === 0) {
      status.show("Nothing to act on: select issues or move to one with j / k.", "info");
      return;
    }
    if (id === "block") {
      if (targets.length > 1) status.show("Block acts on one issue at a time: select just one, or move to it with j / k.", "info");
      else if (!blockableDestination(targets[0].destination)) status.show("This issue has no network destination: there is nothing to block.", "info");
      else setDialog({ kind: "block", issue: targets[0] });
      return;
    }
    if (id === "resolve") setDialog({ kind: "resolve", targets: [...targets] });
    else if (id === "assignMe") void triage.run({ kind: "assignMe" }, targets);
    else void triage.run({ kind: "flag", flag: id }, targets);
  }

  function setPriority(p: Priority) {
    if (targets.length > 0) void triage.run({ kind: "priority", priority: p }, targets);
  }

  useShortcuts({
    j: () => activate(activeRow ? Math.min(activeIndex + 1, rows.length - 1) : 0, true),
    k: () => activate(activeRow ? Math.max(activeIndex - 1, 0) : 0, true),
    x: () => {
      if (!canWrite || !activeRow) return false;
      toggle(activeRow.id, false);
    },
    a: () => act("acknowledged"),
    f: () => act("falsePositive"),
    e: () => act("assignMe"),
    r: () => act("resolve"),
    b: () => act("block"),
    Enter: (e) => {
      // Enter on a button or link is theirs; on a row the table opens it.
      if (e.target !== document.body || !activeRow) return false;
      router.push(hrefOf(activeRow.id));
    },
    "?": () => setDialog({ kind: "shortcuts" }),
    "/": () => searchRef.current?.focus(),
    Escape: () => {
      if (sel.ids.size === 0 && !sel.all) return false;
      clearSelection();
    },
  });

  const counts = first?.statusCounts ?? null;
  const tenantHasNoIssues = counts !== null && Object.values(counts).every((n) => n === 0) && !hasFilters(state);
  const undo = {
    acknowledged: targets.length > 0 && targets.every((i) => i.flags.includes("acknowledged")),
    falsePositive: targets.length > 0 && targets.every((i) => i.flags.includes("falsePositive")),
    assignMe: targets.length > 0 && targets.every((i) => i.assignee?.id === me.id),
  };
  const blockDisabled =
    target.mode === "all" || targets.length > 1
      ? "Block acts on one issue at a time"
      : targets.length === 1 && !blockableDestination(targets[0].destination)
        ? "This issue has no network destination"
        : null;

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-2">
        <h1 className="mr-1 text-xl font-semibold">Issues</h1>
        <span className="text-sm text-zinc-500 tabular-nums dark:text-zinc-400" data-testid="issues-total">
          {total === null ? "" : issues(total)}
        </span>
        <div className="ml-auto flex items-center gap-2">
          <CopyLinkButton />
          <button type="button" className={TOOLBAR_BUTTON} onClick={() => setDialog({ kind: "shortcuts" })}>
            Shortcuts <Kbd>?</Kbd>
          </button>
        </div>
      </div>

      <QueueToolbar searchRef={searchRef} state={state} rows={rows} members={members} onChange={(next) => go(next)} />

      <section aria-label="Issue queue" className="rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <div className="flex items-end gap-3 px-2 pt-1">
          <div className="min-w-0 flex-1">
            <StatusTabs state={state} counts={counts} onChange={(next) => go(next)} />
          </div>
          <div className="flex items-center gap-2 pb-1.5">
            <SortSelect sort={state.sort} onChange={(sort) => go({ ...state, sort }, true)} />
            <button type="button" className={`${TOOLBAR_BUTTON} h-7 text-xs`} onClick={() => void queue.refetch()} disabled={queue.isFetching}>
              {queue.isFetching && !queue.isFetchingNextPage ? "Refreshing…" : "Refresh"}
            </button>
          </div>
        </div>
        {canWrite ? (
          <div className="flex items-center gap-2 border-b border-zinc-200 px-2 py-1 dark:border-zinc-800">
            <QueueActions
              target={target}
              undo={undo}
              busy={triage.running}
              onAction={act}
              onPriority={setPriority}
              selectAllMatching={!sel.all && pageSelection === true && total !== null && total > rows.length ? total : null}
              onSelectAllMatching={() => setSelection({ ...sel, all: true })}
              onClearSelection={clearSelection}
              blockDisabled={blockDisabled}
            />
            {triage.running && <span className="ml-auto text-xs text-zinc-500 dark:text-zinc-400">Working…</span>}
          </div>
        ) : (
          <p className="border-b border-zinc-200 px-3 py-1.5 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400" data-testid="read-only-note">
            Read only: your role can view issues but not triage them.
          </p>
        )}

        {queue.isError && !queue.data ? (
          <QueueFailed error={queue.error} onRetry={() => void queue.refetch()} />
        ) : !first ? (
          <QueueSkeleton />
        ) : rows.length === 0 ? (
          tenantHasNoIssues ? (
            <NoIssuesYet />
          ) : (
            <NoIssuesMatch
              onClearFilters={hasFilters(state) ? () => go(withoutFilters(state)) : null}
              onAllStatuses={state.status?.length !== ISSUE_STATUSES.length ? () => go({ ...state, status: [...ISSUE_STATUSES] }) : null}
            />
          )
        ) : (
          <>
            <IssuesTable
              rows={rows}
              sort={state.sort}
              onSort={(sort) => go({ ...state, sort }, true)}
              activeId={activeRow?.id ?? null}
              onActivate={(id) => setActive({ id, index: Math.max(0, rows.findIndex((r) => r.id === id)) })}
              stale={queue.isPlaceholderData}
              canWrite={canWrite}
              isSelected={(id) => sel.all || sel.ids.has(id)}
              toggle={toggle}
              pageSelection={sel.all ? true : pageSelection}
              togglePage={() => (pageSelection === true || sel.all ? clearSelection() : setSelection({ key, ids: new Set(rows.map((r) => r.id)), all: false, anchor: null }))}
              hrefOf={hrefOf}
            />
            <div className="flex items-center gap-3 border-t border-zinc-200 px-2 py-2 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
              <span data-testid="shown-count">
                Showing {rows.length.toLocaleString("en")} of {total === null ? "…" : total.toLocaleString("en")}
              </span>
              {queue.hasNextPage && (
                <button type="button" onClick={() => void queue.fetchNextPage()} disabled={queue.isFetchingNextPage} className={`${TOOLBAR_BUTTON} ml-auto`}>
                  {queue.isFetchingNextPage ? "Loading…" : "Load more"}
                </button>
              )}
            </div>
          </>
        )}
        {queue.isFetchNextPageError && (
          <p role="alert" className="px-3 pb-2 text-xs text-red-600 dark:text-red-400">
            Loading more failed: {queue.error?.message}
          </p>
        )}
      </section>

      {dialog?.kind === "shortcuts" && <ShortcutsDialog canWrite={canWrite} onClose={() => setDialog(null)} />}
      {dialog?.kind === "resolve" && (
        <ResolveDialog
          count={dialog.targets.length}
          onClose={() => setDialog(null)}
          onConfirm={(st, reason) => {
            setDialog(null);
            void triage.run({ kind: "close", status: st, reason }, dialog.targets);
          }}
        />
      )}
      {dialog?.kind === "block" && (
        <BlockDialog
          tenantId={tenantId}
          subject={{ kind: "issue", id: dialog.issue.id }}
          destination={blockableDestination(dialog.issue.destination)}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === "bulk" && (
        <BulkRunDialog
          tenantId={tenantId}
          title={dialog.flag === "acknowledged" ? "Acknowledge every matching issue" : "Mark every matching issue as false positive"}
          target={{ kind: "issues", search: bulkSearchOf(state) }}
          assessment={{ enableFlags: [dialog.flag] }}
          onDone={(r) => {
            triage.refreshAll();
            status.show(
              `${dialog.flag === "acknowledged" ? "Acknowledged" : "Marked as false positive"}: ${issues(r.successes)}${r.failures.length ? `, ${r.failures.length} failed` : ""}.`,
              r.failures.length ? "warning" : "success",
            );
          }}
          onClose={() => {
            setDialog(null);
            clearSelection();
          }}
        />
      )}
      <StatusLine message={status.message} onDismiss={status.dismiss} />
    </div>
  );
}
