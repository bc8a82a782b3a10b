// What every dashboard card can show as a table and export as CSV: columns and plain rows, built
// on the server with the figures. Pure: the card renders it, csvOf writes it.
import { csvCell } from "@/lib/events/export-format";
import { duration, percent } from "@/lib/dashboard/metrics";

export type ColumnKind = "text" | "mono" | "count" | "percent" | "duration" | "time" | "change";

export interface Column {
  key: string;
  label: string;
  kind: ColumnKind;
}

export type Cell = string | number | null;

export interface Row {
  cells: Record<string, Cell>;
  /** The Events search or issue queue behind the row. */
  href?: string;
}

export interface TableData {
  columns: Column[];
  rows: Row[];
}

/** A cell as the table shows it. */
export function formatCell(value: Cell, kind: ColumnKind): string {
  if (value === null || value === "") return "—";
  if (typeof value === "string") return kind === "time" ? `${value.slice(0, 16).replace("T", " ")} UTC` : value;
  switch (kind) {
    case "percent":
      return percent(value);
    case "duration":
      return duration(value);
    case "change":
      return `${value > 0 ? "+" : value < 0 ? "−" : "±"}${Math.abs(value).toLocaleString("en")}`;
    default:
      return value.toLocaleString("en");
  }
}

/** RFC 4180 CSV of the table, with the raw values (seconds, ratios, ISO times) a spreadsheet can compute with. */
export function csvOf(table: TableData): string {
  const header = table.columns.map((c) => csvCell(csvHeader(c))).join(",");
  const lines = table.rows.map((r) => table.columns.map((c) => csvCell(r.cells[c.key] ?? null)).join(","));
  return [header, ...lines].join("\r\n") + "\r\n";
}

function csvHeader(c: Column): string {
  if (c.kind === "duration") return `${c.label} (seconds)`;
  if (c.kind === "percent") return `${c.label} (ratio)`;
  return c.label;
}

/** A file name for the export: the card's name and the range. */
export function csvFilename(name: string, window: { from: string; to: string }): string {
  const day = (iso: string) => iso.slice(0, 16).replace(/[:T]/g, "").replace(/-/g, "");
  return `vigil-${name}-${day(window.from)}-${day(window.to)}.csv`;
}
