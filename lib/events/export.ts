import "server-only";
import { z } from "zod";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { ForbiddenError } from "@/lib/errors";
import { csvHeader, csvRows, EXPORT_FORMATS, exportContentType, exportFilename, ndjsonRows, type ExportFormat } from "./export-format";
import { SORTS } from "./fields";
import { parseOrThrow, searchRequestSchema } from "./schemas";
import { searchEvents } from "./search";
import type { EventListItem, SearchRequest } from "./types";

// Exports page through searchEvents by keyset cursor, one page per pull of the response stream,
// so a slow client holds back the database instead of filling memory.

export const EXPORT_MAX_ROWS = 100_000;
const PAGE_SIZE = 1000;

export const ExportInput = searchRequestSchema.pick({ query: true, filters: true, from: true, to: true, sort: true }).extend({
  sort: z.enum(SORTS).optional(),
  format: z.enum(EXPORT_FORMATS, { error: 'must be "csv" or "ndjson"' }),
  limit: z.number().int().min(1).max(EXPORT_MAX_ROWS).default(EXPORT_MAX_ROWS),
});
export type ExportInput = z.input<typeof ExportInput>;

export interface EventExport {
  filename: string;
  contentType: string;
  body: ReadableStream<Uint8Array>;
}

/**
 * Starts an export. The first page is read before returning, so a bad query or filter is a
 * ValidationError (400) rather than a stream that breaks after the headers went out.
 */
export async function exportEvents({ ctx, input }: { ctx: CallerContext; input: unknown }): Promise<EventExport> {
  if (!roleCan(ctx.role, "read")) throw new ForbiddenError();
  const { format, limit, ...criteria } = parseOrThrow(ExportInput, input);
  const search: SearchRequest = { ...criteria, total: false };
  const first = await searchEvents({ ctx, input: { ...search, limit: Math.min(PAGE_SIZE, limit) } });
  // Later pages keep the first page's effective range: a default "now" must not move under them.
  const pinned: SearchRequest = { ...search, from: first.from, to: first.to };

  async function* pages(): AsyncGenerator<EventListItem[]> {
    yield first.data;
    let sent = first.data.length;
    let cursor = first.nextCursor;
    while (cursor && sent < limit) {
      const page = await searchEvents({ ctx, input: { ...pinned, cursor, limit: Math.min(PAGE_SIZE, limit - sent) } });
      yield page.data;
      sent += page.data.length;
      cursor = page.nextCursor;
    }
  }

  return {
    filename: exportFilename(format, new Date()),
    contentType: exportContentType(format),
    body: textStream(formatted(format, pages())),
  };
}

async function* formatted(format: ExportFormat, pages: AsyncIterable<EventListItem[]>): AsyncGenerator<string> {
  if (format === "csv") yield csvHeader();
  for await (const events of pages) yield format === "csv" ? csvRows(events) : ndjsonRows(events);
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
          console.error("event export failed mid-stream", err);
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

