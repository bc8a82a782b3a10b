// Streams an export from the server, counting rows as they arrive, then hands the file to the
// browser as a download. The rows never pass through React state; only the running count does.
import type { ExportFormat } from "@/lib/events/export-format";
import type { SearchRequest } from "@/lib/events/types";
import { problemFrom } from "./events-api";

export type { ExportFormat };
export const EXPORT_MAX_ROWS = 100_000;

export type ExportBody = Pick<SearchRequest, "query" | "filters" | "from" | "to" | "sort"> & { format: ExportFormat; limit?: number };

const NEWLINE = 10;

export function countNewlines(chunk: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < chunk.length; i += 1) if (chunk[i] === NEWLINE) n += 1;
  return n;
}

/** Rows in the text so far: NDJSON has one per line; CSV starts with a header line. */
export function rowsSoFar(format: ExportFormat, newlines: number): number {
  return format === "csv" ? Math.max(0, newlines - 1) : newlines;
}

/** The filename of a content-disposition header (RFC 6266 filename* first). */
export function filenameFrom(header: string | null): string | null {
  if (!header) return null;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // fall through to the plain filename
    }
  }
  const plain = /filename\s*=\s*("((?:[^"\\]|\\.)*)"|[^;\s]+)/.exec(header);
  if (!plain) return null;
  return plain[2] !== undefined ? plain[2].replace(/\\(.)/g, "$1") : plain[1];
}

export async function downloadExport(
  body: ExportBody,
  { signal, onRows }: { signal: AbortSignal; onRows: (rows: number) => void },
): Promise<{ filename: string; rows: number }> {
  const res = await fetch("/api/v1/events/export", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal,
  });
  if (!res.ok) throw await problemFrom(res);
  const filename = filenameFrom(res.headers.get("content-disposition")) ?? `events.${body.format}`;
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let newlines = 0;
  let endsWithNewline = true;
  if (res.body) {
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (value.length === 0) continue;
      chunks.push(value);
      newlines += countNewlines(value);
      endsWithNewline = value[value.length - 1] === NEWLINE;
      onRows(rowsSoFar(body.format, newlines));
    }
  }
  const rows = rowsSoFar(body.format, newlines + (endsWithNewline ? 0 : 1));
  saveBlob(new Blob(chunks, { type: res.headers.get("content-type") ?? "application/octet-stream" }), filename);
  return { filename, rows };
}

/** Saves a blob as a file through a temporary link. Browser only. */
export function saveBlob(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.style.display = "none";
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
