// The audit log as CSV (RFC 4180, safe to open in a spreadsheet: csvCell). Pure.
import { csvCell } from "@/lib/events/export-format";
import { changesText } from "./changes";
import type { AuditEntryDto } from "./types";

const CRLF = "\r\n";
const json = (v: unknown) => (v == null ? null : JSON.stringify(v));

export const AUDIT_CSV_COLUMNS: readonly { header: string; value: (e: AuditEntryDto) => string | null }[] = [
  { header: "id", value: (e) => e.id },
  { header: "at", value: (e) => e.at },
  { header: "actor", value: (e) => e.actor },
  { header: "action", value: (e) => e.action },
  { header: "subjectType", value: (e) => e.subjectType },
  { header: "subjectId", value: (e) => e.subjectId },
  { header: "subject", value: (e) => e.subjectLabel },
  { header: "changes", value: (e) => changesText(e.before, e.after) || null },
  { header: "via", value: (e) => e.via },
  { header: "address", value: (e) => e.address },
  { header: "userAgent", value: (e) => e.userAgent },
  { header: "before", value: (e) => json(e.before) },
  { header: "after", value: (e) => json(e.after) },
];

export function auditCsvHeader(): string {
  return AUDIT_CSV_COLUMNS.map((c) => csvCell(c.header)).join(",") + CRLF;
}

export function auditCsvRows(entries: readonly AuditEntryDto[]): string {
  let out = "";
  for (const e of entries) out += AUDIT_CSV_COLUMNS.map((c) => csvCell(c.value(e))).join(",") + CRLF;
  return out;
}

/** `vigil-audit-YYYYMMDD-HHMMSS.csv`, in UTC. */
export function auditCsvFilename(at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return `vigil-audit-${stamp}.csv`;
}
