import { generateRawEvents, type GenerateShape } from "../../lib/generate";
import { ingestItems, type IngestResult } from "../../lib/ingest/pipeline";
import type { BodyItem } from "../../lib/ingest/parse-body";
import type { SourceFormat } from "../../lib/ingest/types";

// Sends generated events through the ingestion pipeline: over HTTP to a running server (the
// demo), or in-process for bulk loads. Both paths run the same pipeline code.

export interface LoadOptions {
  tenantId?: string;
  count: number;
  days: number;
  seed: number;
  batchSize?: number;
  /** Batches in flight at once (default 2: one being written while the next is prepared). */
  concurrency?: number;
  url?: string;
  token?: string;
  onProgress?: (sent: number) => void;
  /** Send events in time order, as live agents do (see GenerateOptions.inTimeOrder). */
  inTimeOrder?: boolean;
  /** End of the generated time range; defaults to the start of the current hour, so a rerun within the hour replays identical events. */
  now?: Date;
  /** Events of the stream generated but not sent, so that one stream can be sent in parts. */
  skip?: number;
  /** Data set shape and late share (see GenerateOptions.shape and .lateFraction). */
  shape?: GenerateShape;
  lateFraction?: number;
}

export type LoadTotals = Omit<IngestResult, "rejected"> & { rejected: number };

function emptyTotals(): LoadTotals {
  return { accepted: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 };
}

function add(t: LoadTotals, r: IngestResult) {
  t.accepted += r.accepted;
  t.created += r.created;
  t.updated += r.updated;
  t.unchanged += r.unchanged;
  t.rejected += r.rejected.length;
}

export async function postBatch(url: string, token: string, format: SourceFormat, items: unknown[]): Promise<IngestResult> {
  const body = items.map((i) => JSON.stringify(i)).join("\n");
  const res = await fetch(`${url.replace(/\/$/, "")}/api/v1/ingest/${format}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/x-ndjson" },
    body,
  });
  const json = (await res.json()) as IngestResult & { detail?: string };
  if (!res.ok && !Array.isArray(json.rejected)) throw new Error(`ingest ${format} failed: HTTP ${res.status} ${json.detail ?? ""}`);
  return json;
}

function startOfHour(): Date {
  const d = new Date();
  d.setUTCMinutes(0, 0, 0);
  return d;
}

export async function loadGeneratedEvents(opts: LoadOptions): Promise<LoadTotals> {
  const batchSize = opts.batchSize ?? 1000;
  const totals = emptyTotals();
  const buffers = new Map<SourceFormat, unknown[]>();
  let sent = 0;

  const flush = async (format: SourceFormat) => {
    const items = buffers.get(format) ?? [];
    if (items.length === 0) return;
    buffers.set(format, []);
    let result: IngestResult;
    if (opts.url) {
      if (!opts.token) throw new Error("--token is required with --url");
      result = await postBatch(opts.url, opts.token, format, items);
    } else {
      if (!opts.tenantId) throw new Error("a tenant is required");
      const bodyItems: BodyItem[] = items.map((value, index) => ({ index, raw: JSON.stringify(value), value }));
      result = await ingestItems({ tenantId: opts.tenantId, actor: "cli:generate" }, format, bodyItems);
    }
    for (const r of result.rejected.slice(0, 3)) console.error(`rejected ${format} item: ${r.error}`);
    add(totals, result);
    sent += items.length;
    opts.onProgress?.(sent);
  };

  const inFlight = new Set<Promise<void>>();
  const limit = opts.concurrency ?? 2;
  const schedule = async (format: SourceFormat) => {
    const p = flush(format).finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= limit) await Promise.race(inFlight);
  };
  let skip = opts.skip ?? 0;
  for (const { format, item } of generateRawEvents({
    count: opts.count, days: opts.days, seed: opts.seed, now: opts.now ?? startOfHour(), inTimeOrder: opts.inTimeOrder,
    shape: opts.shape, lateFraction: opts.lateFraction,
  })) {
    if (skip > 0) {
      skip -= 1;
      continue;
    }
    const buf = buffers.get(format) ?? [];
    buf.push(item);
    buffers.set(format, buf);
    if (buf.length >= batchSize) await schedule(format);
  }
  for (const format of [...buffers.keys()]) await schedule(format);
  await Promise.all(inFlight);
  return totals;
}
