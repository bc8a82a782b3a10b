import {
  columnResizingFeature,
  columnSizingFeature,
  columnVisibilityFeature,
  createColumnHelper,
  metaHelper,
  rowSortingFeature,
  tableFeatures,
  type ColumnDef,
  type RowData,
} from "@tanstack/react-table";

export interface DataColumnMeta {
  /** The column's name in choosers and resize handles when its header is not plain text. */
  label?: string;
  /** Extra classes for the column's cells (alignment, font). */
  cellClassName?: string;
  /** Takes the width left over (the table always spans its container); else the last column does. */
  fill?: boolean;
}

// One feature set for every data table: hiding, sizing/resizing and (server-side) sorting.
export const dataTableFeatures = tableFeatures({
  columnVisibilityFeature,
  columnSizingFeature,
  columnResizingFeature,
  rowSortingFeature,
  columnMeta: metaHelper<DataColumnMeta>(),
});

export type DataTableFeatures = typeof dataTableFeatures;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- columns of one table have different value types
export type DataColumnDef<TData extends RowData> = ColumnDef<DataTableFeatures, TData, any>;

export function dataColumnHelper<TData extends RowData>() {
  return createColumnHelper<DataTableFeatures, TData>();
}
