// Formatting of event exports: CSV (RFC 4180, safe to open in a spreadsheet) and NDJSON. Pure.
import type { EventListItem } from "./types";

export const EXPORT_FORMATS = ["csv", "ndjson"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

type Cell = string | number | null;

/** The CSV columns, in order: a header and how to read it from an event. */
export const CSV_COLUMNS: readonly { header: string; value: (e: EventListItem) => Cell }[] = [
  { header: "id", value: (e) => e.id },
  { header: "occurredAt", value: (e) => e.occurredAt },
  { header: "severity", value: (e) => e.severity },
  { header: "kind", value: (e) => e.kind },
  { header: "type", value: (e) => e.type },
  { header: "sourceFormat", value: (e) => e.sourceFormat },
  { header: "agent", value: (e) => e.agent?.name ?? null },
  { header: "hostname", value: (e) => e.hostname },
  { header: "cluster", value: (e) => e.cluster },
  { header: "namespace", value: (e) => e.namespace },
  { header: "pod", value: (e) => e.pod },
  { header: "image", value: (e) => e.image },
  { header: "repository", value: (e) => e.repository },
  { header: "workflow", value: (e) => e.workflow },
  { header: "processExe", value: (e) => e.processExe },
  { header: "processPid", value: (e) => e.processPid },
  { header: "processPpid", value: (e) => e.processPpid },
  { header: "processUid", value: (e) => e.processUid },
  { header: "processArgs", value: (e) => e.processArgs },
  { header: "parentExe", value: (e) => e.parentExe },
  { header: "protocol", value: (e) => e.protocol },
  { header: "remoteAddress", value: (e) => e.remoteAddress },
  { header: "remotePort", value: (e) => e.remotePort },
  { header: "domain", value: (e) => e.domain },
  { header: "filePath", value: (e) => e.filePath },
  { header: "action", value: (e) => e.action },
  { header: "outcome", value: (e) => e.outcome },
  { header: "policyName", value: (e) => e.policyName },
  { header: "flags", value: (e) => (e.flags.length ? e.flags.join(";") : null) },
  { header: "title", value: (e) => e.title },
];

const CRLF = "\r\n";
// Spreadsheets evaluate a text cell starting with these as a formula (CSV injection); tab and
// carriage return are on OWASP's list too.
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: text that could start a formula gets a leading quote, then RFC 4180 quoting. */
export function csvCell(value: Cell): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvHeader(): string {
  return CSV_COLUMNS.map((c) => csvCell(c.header)).join(",") + CRLF;
}

export function csvRows(events: readonly EventListItem[]): string {
  let out = "";
  for (const e of events) out += CSV_COLUMNS.map((c) => csvCell(c.value(e))).join(",") + CRLF;
  return out;
}

/** One EventListItem as JSON per line. */
export function ndjsonRows(events: readonly EventListItem[]): string {
  let out = "";
  for (const e of events) out += JSON.stringify(e) + "\n";
  return out;
}

export function exportContentType(format: ExportFormat): string {
  return format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
}

/** `vigil-events-YYYYMMDD-HHMMSS.<format>`, in UTC. */
export function exportFilename(format: ExportFormat, at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return `vigil-events-${stamp}.${format}`;
}
