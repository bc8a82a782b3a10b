import "server-only";
import type { CallerContext } from "@/lib/auth/context";
import { parseOrThrow } from "@/lib/events/schemas";
import { auditCsvFilename, auditCsvHeader, auditCsvRows } from "./csv";
import { assertAdmin, readAuditPage } from "./queries";
import { AuditQuery } from "./schemas";

// The audit log's CSV export: every entry the filters match (paging parameters aside), newest
// first, read a page at a time as the client reads the response, so a slow client holds back the
// database rather than filling memory.

export const AUDIT_EXPORT_MAX_ROWS = 100_000;
const PAGE_SIZE = 1000;

export interface AuditExport {
  filename: string;
  contentType: string;
  body: ReadableStream<Uint8Array>;
}

/** The first page is read before returning: a bad filter is a 400, not a stream that breaks. */
export async function exportAuditLog({ ctx, input }: { ctx: CallerContext; input: unknown }): Promise<AuditExport> {
  assertAdmin(ctx);
  const q = { ...parseOrThrow(AuditQuery, input), cursor: undefined };
  const first = await readAuditPage(ctx, q, { limit: PAGE_SIZE, total: false });
  // Later pages are older than the first one's last entry: one written meanwhile is not in this export.
  async function* chunks(): AsyncGenerator<string> {
    yield auditCsvHeader() + auditCsvRows(first.entries);
    let sent = first.entries.length;
    let cursor = first.nextCursor;
    while (cursor && sent < AUDIT_EXPORT_MAX_ROWS) {
      const page = await readAuditPage(ctx, { ...q, cursor }, { limit: Math.min(PAGE_SIZE, AUDIT_EXPORT_MAX_ROWS - sent), total: false });
      yield auditCsvRows(page.entries);
      sent += page.entries.length;
      cursor = page.nextCursor;
    }
  }
  return { filename: auditCsvFilename(new Date()), contentType: "text/csv; charset=utf-8", body: textStream(chunks()) };
}

/** A byte stream that asks the generator for the next chunk only when the reader wants one. */
function textStream(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = await chunks.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(next.value));
        } catch (err) {
          console.error("audit export failed mid-stream", err);
          controller.error(err);
        }
      },
      async cancel() {
        await chunks.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
}
