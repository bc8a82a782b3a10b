"use client";

import type { SortingState } from "@tanstack/react-table";
import { useMemo } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { ISSUE_SORTS, type IssueListItem, type IssueSort } from "@/lib/issues/types";
import { ISSUE_TABLE_COLUMNS } from "./columns";
import { QueueRowContext, type QueueRowContextValue } from "./queue-context";
import { DEFAULT_SORT } from "./queue-url";

interface Props extends QueueRowContextValue {
  rows: readonly IssueListItem[];
  sort: IssueSort | undefined;
  onSort: (sort: IssueSort) => void;
  activeId: string | null;
  onActivate: (id: string) => void;
  stale: boolean;
}

/** The queue's rows: a ring marks the keyboard's row, a tint the selected ones. */
export function IssuesTable({ rows, sort, onSort, activeId, onActivate, stale, ...context }: Props) {
  const current = sort ?? DEFAULT_SORT;
  const sorting = useMemo<SortingState>(() => [{ id: current.replace(/^-/, ""), desc: current.startsWith("-") }], [current]);
  const visibility = useMemo(() => ({ select: context.canWrite }), [context.canWrite]);
  return (
    <QueueRowContext.Provider value={context}>
      <div
        onFocusCapture={(e) => {
          const row = (e.target as HTMLElement).closest?.("tr[data-row-id]");
          if (row instanceof HTMLElement && row.dataset.rowId) onActivate(row.dataset.rowId);
        }}
      >
        <DataTable
          ariaLabel="Issues"
          testId="issues-table"
          columns={ISSUE_TABLE_COLUMNS}
          data={rows}
          getRowId={(i) => i.id}
          columnVisibility={visibility}
          sorting={sorting}
          onSortingChange={(next) => {
            const s = next[0];
            const key = s ? (`${s.desc ? "-" : ""}${s.id}` as IssueSort) : null;
            if (key && ISSUE_SORTS.includes(key)) onSort(key);
          }}
          rowHref={(i) => context.hrefOf(i.id)}
          rowState={(i) => ({ active: i.id === activeId, selected: context.isSelected(i.id) })}
          stale={stale}
        />
      </div>
    </QueueRowContext.Provider>
  );
}
