"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";
import { dataColumnHelper, type DataColumnDef } from "@/components/data-table/features";
import { TableCellSeverity } from "@/components/data-table/table-cell-severity";
import { TableCellText } from "@/components/data-table/table-cell-text";
import { RelativeTime } from "@/components/ui/relative-time";
import type { IssueListItem } from "@/lib/issues/types";
import { PriorityLabel, QueueFlags, StatusLabel } from "./issue-badges";
import { useQueueRow } from "./queue-context";
import { whereText } from "./where";

const col = dataColumnHelper<IssueListItem>();
const num = new Intl.NumberFormat("en");

/** The queue's columns; sortable ones carry the API's sort key as their id. */
export const ISSUE_TABLE_COLUMNS: DataColumnDef<IssueListItem>[] = col.columns([
  col.display({
    id: "select",
    size: 32,
    minSize: 32,
    enableResizing: false,
    meta: { label: "Select" },
    header: () => <SelectPage />,
    cell: (c) => <SelectRow issue={c.row.original} />,
  }),
  col.accessor("severity", {
    id: "severity",
    header: "Severity",
    size: 84,
    enableSorting: true,
    sortDescFirst: true,
    cell: (c) => (
      <span className="inline-flex items-center gap-0.5 whitespace-nowrap" title={c.row.original.severityAdjusted ? "Set by an analyst" : "The highest of its events"}>
        <TableCellSeverity severity={c.getValue()} />
        {c.row.original.severityAdjusted && (
          <span className="text-xs text-zinc-400 dark:text-zinc-500" aria-label="set by an analyst">
            *
          </span>
        )}
      </span>
    ),
  }),
  col.accessor("title", {
    id: "title",
    header: "Issue",
    size: 200,
    meta: { fill: true },
    cell: (c) => <TitleCell issue={c.row.original} />,
  }),
  col.accessor("flags", {
    id: "flags",
    header: "Flags",
    size: 136,
    cell: (c) => <QueueFlags flags={c.getValue()} />,
  }),
  col.accessor("status", {
    id: "status",
    header: "Status",
    size: 96,
    cell: (c) => <StatusLabel status={c.getValue()} closeReason={c.row.original.closeReason} />,
  }),
  col.accessor("priority", {
    id: "priority",
    header: "Priority",
    size: 58,
    minSize: 48,
    cell: (c) => <PriorityLabel priority={c.getValue()} />,
  }),
  col.accessor((i) => i.assignee?.name ?? null, {
    id: "assignee",
    header: "Assignee",
    size: 110,
    cell: (c) => <TableCellText value={c.getValue()} title={c.row.original.assignee ? `${c.row.original.assignee.name} <${c.row.original.assignee.email}>` : undefined} />,
  }),
  col.accessor("eventCount", {
    id: "eventCount",
    header: "Events",
    size: 68,
    enableSorting: true,
    sortDescFirst: true,
    meta: { cellClassName: "text-right tabular-nums" },
    cell: (c) => num.format(c.getValue()),
  }),
  col.accessor("agentCount", {
    id: "agents",
    header: "Agents",
    size: 58,
    minSize: 48,
    meta: { cellClassName: "text-right tabular-nums" },
    cell: (c) => num.format(c.getValue()),
  }),
  col.accessor("lastSeenAt", {
    id: "lastSeen",
    header: "Last seen",
    size: 84,
    enableSorting: true,
    sortDescFirst: true,
    cell: (c) => <RelativeTime iso={c.getValue()} className="text-xs text-zinc-600 dark:text-zinc-300" />,
  }),
  col.accessor((i) => whereText(i.where)?.short ?? null, {
    id: "where",
    header: "Where",
    size: 150,
    cell: (c) => <TableCellText value={c.getValue()} title={whereText(c.row.original.where)?.full} mono />,
  }),
]);

function TitleCell({ issue }: { issue: IssueListItem }) {
  const { hrefOf } = useQueueRow();
  return (
    <span className="flex min-w-0 items-baseline gap-2">
      <Link href={hrefOf(issue.id)} className="min-w-0 truncate font-medium text-zinc-900 hover:underline dark:text-zinc-100" title={`${issue.title}\n${issue.type} · #${issue.id}`}>
        {issue.title}
      </Link>
      <span className="hidden shrink-0 font-mono text-[11px] text-zinc-400 2xl:inline dark:text-zinc-500">#{issue.id}</span>
    </span>
  );
}

const CHECKBOX = "h-3.5 w-3.5 cursor-pointer accent-emerald-600 align-middle";

function SelectRow({ issue }: { issue: IssueListItem }) {
  const { isSelected, toggle, canWrite } = useQueueRow();
  if (!canWrite) return null;
  return (
    <input
      type="checkbox"
      className={CHECKBOX}
      aria-label={`Select ${issue.title}`}
      checked={isSelected(issue.id)}
      onChange={() => undefined}
      onClick={(e) => {
        e.stopPropagation();
        toggle(issue.id, e.shiftKey);
      }}
    />
  );
}

function SelectPage() {
  const { pageSelection, togglePage, canWrite } = useQueueRow();
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = pageSelection === null;
  }, [pageSelection]);
  if (!canWrite) return null;
  return <input ref={ref} type="checkbox" className={CHECKBOX} aria-label="Select every issue shown" checked={pageSelection === true} onChange={togglePage} />;
}
