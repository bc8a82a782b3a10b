"use client";

import { dataColumnHelper, type DataColumnDef } from "@/components/data-table/features";
import type { NetworkPolicyRuleItem } from "@/lib/policies/schemas";
import { ActionCell, CreatedCell, Dim, EditCell, ExpiresCell, SelectPage, SelectRule, SourceCell, ValueCell } from "./rule-cells";

const col = dataColumnHelper<NetworkPolicyRuleItem>();

/** The rule table's columns; sortable ones carry the API's sort key as their id. */
export const RULE_TABLE_COLUMNS: DataColumnDef<NetworkPolicyRuleItem>[] = col.columns([
  col.display({ id: "select", size: 32, minSize: 32, enableResizing: false, meta: { label: "Select" }, header: () => <SelectPage />, cell: (c) => <SelectRule rule={c.row.original} /> }),
  col.accessor("value", { id: "value", header: "Value", size: 240, minSize: 160, enableSorting: true, meta: { fill: true }, cell: (c) => <ValueCell rule={c.row.original} /> }),
  col.accessor("type", {
    id: "type",
    header: "Type",
    size: 64,
    enableSorting: true,
    cell: (c) => (
      <Dim rule={c.row.original}>
        <span className="font-mono text-xs text-zinc-600 dark:text-zinc-300">{c.getValue()}</span>
      </Dim>
    ),
  }),
  col.accessor("action", { id: "action", header: "Action", size: 70, enableSorting: true, cell: (c) => <ActionCell rule={c.row.original} /> }),
  col.accessor("reason", {
    id: "reason",
    header: "Reason",
    size: 200,
    cell: (c) => (
      <Dim rule={c.row.original}>
        <span className="min-w-0 truncate" title={c.getValue()}>
          {c.getValue() || <span className="text-zinc-400 dark:text-zinc-500">—</span>}
        </span>
      </Dim>
    ),
  }),
  col.accessor("createdAt", { id: "created", header: "Created", size: 176, enableSorting: true, sortDescFirst: true, cell: (c) => <CreatedCell rule={c.row.original} /> }),
  col.accessor("expiresAt", { id: "expires", header: "Expires (UTC)", size: 196, meta: { label: "Expires" }, enableSorting: true, cell: (c) => <ExpiresCell rule={c.row.original} /> }),
  col.display({ id: "source", header: "Source", size: 90, cell: (c) => <SourceCell rule={c.row.original} /> }),
  col.display({ id: "edit", size: 48, minSize: 48, enableResizing: false, meta: { label: "Edit" }, header: () => <span className="sr-only">Edit</span>, cell: (c) => <EditCell rule={c.row.original} /> }),
]);
