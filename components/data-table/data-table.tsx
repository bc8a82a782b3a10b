"use client";

import { useTable, type ColumnVisibilityState, type Header, type RowData, type SortingState, type Updater } from "@tanstack/react-table";
import { useRouter } from "next/navigation";
import type { KeyboardEvent, MouseEvent, ReactNode } from "react";
import { dataTableFeatures, type DataColumnDef, type DataTableFeatures } from "./features";

interface Props<TData extends RowData> {
  /** Stable (module-level or memoized): a new array rebuilds the table. */
  columns: DataColumnDef<TData>[];
  data: readonly TData[];
  getRowId: (row: TData) => string;
  columnVisibility: ColumnVisibilityState;
  /** Sorting happens on the server: the table only shows and changes this state. */
  sorting: SortingState;
  onSortingChange: (next: SortingState) => void;
  /** Where a row leads; rows are focusable and open with click or Enter. */
  rowHref?: (row: TData) => string;
  /** Rows fade while newer results load. */
  stale?: boolean;
  /** Marks rows as the keyboard's current row (a ring) and as selected (a tint). */
  rowState?: (row: TData) => { active?: boolean; selected?: boolean };
  testId?: string;
  ariaLabel: string;
}

export function DataTable<TData extends RowData>({ columns, data, getRowId, columnVisibility, sorting, onSortingChange, rowHref, stale, rowState, testId, ariaLabel }: Props<TData>) {
  const router = useRouter();
  const table = useTable<DataTableFeatures, TData>({
    features: dataTableFeatures,
    columns,
    data,
    getRowId: (row) => getRowId(row),
    state: { columnVisibility, sorting },
    onSortingChange: (u: Updater<SortingState>) => onSortingChange(typeof u === "function" ? u(sorting) : u),
    manualSorting: true,
    enableSortingRemoval: false,
    enableMultiSort: false,
    columnResizeMode: "onChange",
    defaultColumn: { size: 160, minSize: 60, maxSize: 1200, enableSorting: false },
  });

  const visible = table.getVisibleLeafColumns();
  const fillId = (visible.find((c) => c.columnDef.meta?.fill) ?? visible[visible.length - 1])?.id;

  function open(row: TData, newTab: boolean) {
    if (!rowHref) return;
    const href = rowHref(row);
    if (newTab) window.open(href, "_blank", "noopener");
    else router.push(href);
  }

  function onRowClick(e: MouseEvent<HTMLTableRowElement>, row: TData) {
    // Clicks on buttons and links inside the row, and text selections, are not navigation.
    if ((e.target as HTMLElement).closest("a,button,input,label")) return;
    if (window.getSelection()?.toString()) return;
    open(row, e.metaKey || e.ctrlKey || e.button === 1);
  }

  function onRowKeyDown(e: KeyboardEvent<HTMLTableRowElement>, row: TData) {
    if (e.target !== e.currentTarget) return;
    const sibling = e.key === "ArrowDown" ? e.currentTarget.nextElementSibling : e.key === "ArrowUp" ? e.currentTarget.previousElementSibling : null;
    if (sibling instanceof HTMLElement) {
      e.preventDefault();
      sibling.focus();
    } else if (e.key === "Enter") {
      e.preventDefault();
      open(row, e.metaKey || e.ctrlKey);
    }
  }

  return (
    <div className="overflow-x-auto">
      <table
        aria-label={ariaLabel}
        data-testid={testId}
        className={`w-full table-fixed border-collapse text-left text-[13px] transition-opacity ${stale ? "opacity-60" : ""}`}
        style={{ minWidth: table.getTotalSize() }}
      >
        <thead className="sticky top-0 z-[1] bg-zinc-50 text-xs text-zinc-500 dark:bg-zinc-900 dark:text-zinc-400">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} className="border-b border-zinc-200 dark:border-zinc-800">
              {group.headers.map((header) => (
                <HeaderCell key={header.id} header={header} fill={header.column.id === fillId}>
                  <table.FlexRender header={header} />
                </HeaderCell>
              ))}
            </tr>
          ))}
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
          {table.getRowModel().rows.map((row) => {
            const { active = false, selected = false } = rowState?.(row.original) ?? {};
            return (
              <tr
                key={row.id}
                data-row-id={row.id}
                data-active={active || undefined}
                data-selected={selected || undefined}
                tabIndex={rowHref ? 0 : undefined}
                onClick={rowHref ? (e) => onRowClick(e, row.original) : undefined}
                onAuxClick={rowHref ? (e) => e.button === 1 && onRowClick(e, row.original) : undefined}
                onKeyDown={rowHref ? (e) => onRowKeyDown(e, row.original) : undefined}
                className={`${rowHref ? "cursor-pointer" : ""} ${selected ? "bg-sky-50/80 dark:bg-sky-950/30" : ""} ${active ? "shadow-[inset_3px_0_0_0_var(--color-emerald-500),inset_0_0_0_1px_var(--color-emerald-500)]" : ""} hover:bg-zinc-100/70 focus-visible:bg-emerald-50 focus-visible:outline-none dark:hover:bg-zinc-800/60 dark:focus-visible:bg-emerald-950/40`}
              >
                {row.getVisibleCells().map((cell) => (
                  <td
                    key={cell.id}
                    style={cell.column.id === fillId ? undefined : { width: cell.column.getSize() }}
                    className={`overflow-hidden px-2 py-1 align-middle ${cell.column.columnDef.meta?.cellClassName ?? ""}`}
                  >
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The `fill` column has no fixed width: it takes what is left, so the table spans its container. */
function HeaderCell<TData extends RowData>({ header, fill, children }: { header: Header<DataTableFeatures, TData, unknown>; fill: boolean; children: ReactNode }) {
  const column = header.column;
  const sorted = column.getIsSorted();
  const label = column.columnDef.meta?.label ?? (typeof column.columnDef.header === "string" ? column.columnDef.header : column.id);
  const resize = header.getResizeHandler();
  return (
    <th
      scope="col"
      style={fill ? undefined : { width: header.getSize() }}
      aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
      className="relative px-2 py-1.5 font-medium whitespace-nowrap"
    >
      {column.getCanSort() ? (
        <button
          type="button"
          onClick={column.getToggleSortingHandler()}
          className="inline-flex items-center gap-1 rounded hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-emerald-500 dark:hover:text-zinc-100"
          title={`Sort by ${label}`}
        >
          {children}
          <span aria-hidden className={sorted ? "text-emerald-600 dark:text-emerald-400" : "text-zinc-300 dark:text-zinc-600"}>
            {sorted === "asc" ? "▲" : "▼"}
          </span>
        </button>
      ) : (
        children
      )}
      {column.getCanResize() && !fill && (
        <div
          role="separator"
          aria-orientation="vertical"
          aria-label={`Resize ${label}`}
          onMouseDown={resize}
          onTouchStart={resize}
          onDoubleClick={() => column.resetSize()}
          className={`absolute top-0 right-0 h-full w-1.5 cursor-col-resize touch-none select-none hover:bg-emerald-500/60 ${column.getIsResizing() ? "bg-emerald-500" : ""}`}
        />
      )}
    </th>
  );
}
