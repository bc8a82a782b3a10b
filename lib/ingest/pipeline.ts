import type { PoolClient } from "pg";
import { pool } from "@/lib/db";
import { env } from "@/lib/env";
import { ADAPTERS } from "./adapters";
import { agentFor, changedColumns, DIFFED_COLUMNS, toEventRow, type AgentRow, type EventRow } from "./event-row";
import { contentHashOf, eventKeyFor, rawHashFromDigest, rawHashOf, sha256Hex } from "./identity";
import { decodeLine, isParsed, parseItem, type BodyItem, type LineItem, type RawItem } from "./parse-body";
import { mergeProcessNodes, processNodesOf, type ProcessNodeRow } from "./process-nodes";
import { isStorableTime, mayHoldUnstorableText, storableText } from "./storable";
import type { SourceFormat } from "./types";
import { writeLineage, type NewLineageEntry } from "@/lib/lineage/write";
import { drainSoon } from "@/lib/issues/drain";
import { deservesIssue } from "@/lib/issues/fingerprint";
import { applyMatches, type RuleEngine, type RuleMatch } from "@/lib/rules/engine";
import { ruleEngineFor } from "@/lib/rules/engine-cache";
import { completeAncestry } from "@/lib/rules/process-ancestry";
import { recordRuleHits } from "@/lib/rules/record-hits";
import {
  selectKnownRawHashes,
  selectStoredEvents,
  upsertAgents,
  upsertProcessNodes,
  writeEvents,
  type StoredEvent,
} from "./write-events";

export interface IngestContext {
  tenantId: string;
  actor: string;
}

export interface IngestResult {
  accepted: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: { index: number; error: string }[];
}

interface Prepared {
  row: EventRow;
  raw: string;
  agent: AgentRow;
  processes: ProcessNodeRow[];
  /** The tenant's detection rules it matched (lib/rules), already applied to the row. */
  matches: RuleMatch[];
}

/**
 * Adapts every item and gives each event its identity; the tenant's detection rules are applied
 * afterwards (evaluateRules), once ancestors can be looked up. Pure apart from the clock.
 */
export function prepareItems(format: SourceFormat, items: BodyItem[]) {
  const adapt = ADAPTERS[format];
  const rejected: IngestResult["rejected"] = [];
  const prepared: Prepared[] = [];
  for (const item of items) {
    if ("error" in item) {
      rejected.push({ index: item.index, error: item.error });
      continue;
    }
    const result = adapt(item.value);
    if (!result.ok) {
      rejected.push({ index: item.index, error: result.error });
      continue;
    }
    const badTime = result.events.find((e) => !isStorableTime(e.occurredAt));
    if (badTime) {
      rejected.push({ index: item.index, error: `time ${JSON.stringify(badTime.occurredAt)} is outside 1970–9999` });
      continue;
    }
    if (result.events.length === 0) {
      rejected.push({ index: item.index, error: "item holds no event" });
      continue;
    }
    const contentHash = contentHashOf(item.raw, item.digest);
    // Only a one-event item can be recognised by its bytes alone: its one row holds the hash.
    const rawHash = result.events.length === 1 ? (item.rawHash ?? rawHashOf(item.raw)) : null;
    const events = mayHoldUnstorableText(item.raw) ? result.events.map(storableText) : result.events;
    events.forEach((event, i) => {
      const agent = agentFor(format, event.agent);
      const eventKey = eventKeyFor(format, event.sourceId, contentHash, i);
      const row = toEventRow(format, event, { eventKey, contentHash, rawHash, agentKey: agent.externalKey });
      prepared.push({ row, raw: item.raw, agent, processes: processNodesOf(agent.externalKey, event), matches: [] });
    });
  }
  return { prepared, rejected };
}

/**
 * What a batch keeps of an event while it waits on the database: its row as JSON, the columns
 * an update's lineage compares, and a few keys. The parsed item and the row's object graph are
 * dropped before the first wait (up to a second under load), so they can die young instead of
 * being promoted to V8's old generation.
 */
interface PendingEvent {
  eventKey: string;
  contentHash: string;
  rowJson: string;
  diffView: Record<string, unknown>;
  raw: string;
  agent: AgentRow;
  occurredAt: string;
  processes: ProcessNodeRow[];
  /** Whether it joins an issue (see lib/issues/fingerprint.ts). */
  deservesIssue: boolean;
  /** The detection rules it matched: their hits are recorded once the event has an id. */
  ruleHits: { ruleId: string; action: string }[];
}

function toPending(p: Prepared): PendingEvent {
  const diffView: Record<string, unknown> = {};
  for (const c of DIFFED_COLUMNS) diffView[c] = p.row[c];
  return {
    eventKey: p.row.eventKey,
    contentHash: p.row.contentHash,
    rowJson: JSON.stringify(p.row),
    diffView,
    raw: p.raw,
    agent: p.agent,
    occurredAt: p.row.occurredAt,
    processes: p.processes,
    deservesIssue: deservesIssue(p.row),
    ruleHits: p.matches.map((m) => ({ ruleId: m.id, action: m.action })),
  };
}

/**
 * Applies the tenant's rules to each row. Events of a type some rule reads `process.ancestors`
 * of are first given the ancestors the process nodes know (stored, and named in this batch), in
 * one query for the batch; a tenant without such rules makes none.
 */
async function evaluateRules(client: PoolClient, tenantId: string, prepared: Prepared[], rules: RuleEngine): Promise<void> {
  const wanting = prepared.filter((p) => rules.wantsAncestry(p.row));
  const completed = wanting.length > 0 ? await completeAncestry(client, tenantId, wanting.map((p) => p.row), prepared.flatMap((p) => p.processes)) : [];
  const sources = new Map(wanting.map((p, i) => [p, completed[i]]));
  for (const p of prepared) {
    // The stored row keeps the ancestry its agent sent; only the evaluation sees the completed one.
    p.matches = rules.evaluate(sources.get(p) ?? p.row);
    p.row = applyMatches(p.row, p.matches);
  }
}

/** Parses, adapts, dedupes and evaluates a batch's items, and keeps of each event only its PendingEvent. */
async function prepareBatch(client: PoolClient, tenantId: string, format: SourceFormat, fresh: (BodyItem | RawItem | LineItem)[], rules: RuleEngine | null) {
  const { prepared, rejected } = prepareItems(
    format,
    fresh.map((i) => (isParsed(i) ? i : parseItem("bytes" in i ? decodeLine(i) : i))),
  );
  const { unique, duplicates } = dedupeByKey(prepared);
  if (rules) await evaluateRules(client, tenantId, unique, rules);
  return { pending: unique.map(toPending), rejected, duplicates };
}

/** Last one wins for a key repeated inside one batch; the others count as unchanged. */
function dedupeByKey(prepared: Prepared[]): { unique: Prepared[]; duplicates: number } {
  const byKey = new Map<string, Prepared>();
  for (const p of prepared) byKey.set(p.row.eventKey, p);
  const unique = [...byKey.values()].sort((a, b) => (a.row.eventKey < b.row.eventKey ? -1 : 1));
  return { unique, duplicates: prepared.length - unique.length };
}

function agentsOf(events: PendingEvent[]) {
  const byKey = new Map<string, AgentRow & { seenFirst: string; seenLast: string }>();
  for (const p of events) {
    const t = p.occurredAt;
    const prev = byKey.get(p.agent.externalKey);
    if (!prev) byKey.set(p.agent.externalKey, { ...p.agent, seenFirst: t, seenLast: t });
    else {
      if (t < prev.seenFirst) prev.seenFirst = t;
      if (t > prev.seenLast) {
        prev.seenLast = t;
        prev.context = { ...prev.context, ...p.agent.context };
      }
    }
  }
  return [...byKey.values()].sort((a, b) => (a.externalKey < b.externalKey ? -1 : 1));
}

export async function ingestItems(
  ctx: IngestContext,
  format: SourceFormat,
  items: (BodyItem | RawItem | LineItem)[],
): Promise<IngestResult> {
  const groupAtIngest = env().VIGIL_GROUP_AT_INGEST === "true";
  const { result, queued } = await storeItems(ctx, format, items, groupAtIngest);
  // On a connection of its own, after the batch's is back in the pool: a request never holds two.
  if (queued) await drainAfterIngest();
  return result;
}

async function storeItems(
  ctx: IngestContext,
  format: SourceFormat,
  items: (BodyItem | RawItem | LineItem)[],
  groupAtIngest: boolean,
): Promise<{ result: IngestResult; queued: boolean }> {
  const client = await pool().connect();
  try {
    // Replay fast path: an item whose exact bytes an event of this tenant already holds is
    // unchanged, and needs neither parsing nor its adapter.
    // Each item is hashed once: NDJSON lines arrive hashed, other items are hashed here and carry it on.
    const hashed = items.map((i) => {
      if ("error" in i || "bytes" in i || i.rawHash) return i;
      const digest = sha256Hex(i.raw);
      return { ...i, digest, rawHash: rawHashFromDigest(digest) };
    });
    const hashes = hashed.flatMap((i) => ("error" in i || !i.rawHash ? [] : [i.rawHash]));
    const known = await selectKnownRawHashes(client, ctx.tenantId, format, [...new Set(hashes)]);
    const fresh = hashed.filter((i) => "error" in i || !known.has(i.rawHash ?? ""));
    const replayed = items.length - fresh.length;

    const rules = fresh.length > 0 ? await ruleEngineFor(client, ctx.tenantId) : null;
    const { pending, rejected, duplicates } = await prepareBatch(client, ctx.tenantId, format, fresh, rules);
    const acceptedItems = new Set(items.map((i) => i.index)).size - new Set(rejected.map((r) => r.index)).size;
    const result: IngestResult = { accepted: acceptedItems, created: 0, updated: 0, unchanged: duplicates + replayed, rejected };
    if (pending.length === 0) return { result, queued: false };

    const stored = await selectStoredEvents(client, ctx.tenantId, pending.map((p) => p.eventKey));
    const toWrite = pending.filter((p) => stored.get(p.eventKey)?.contentHash !== p.contentHash);
    result.unchanged += pending.length - toWrite.length;
    if (toWrite.length === 0) return { result, queued: false };
    const groupKeys = groupAtIngest ? toWrite.filter((p) => p.deservesIssue).map((p) => p.eventKey) : [];
    const counts = await writeBatch(client, ctx, format, toWrite, stored, groupKeys);
    result.created += counts.created;
    result.updated += counts.updated;
    result.unchanged += toWrite.length - counts.created - counts.updated;
    return { result, queued: groupKeys.length > 0 };
  } finally {
    client.release();
  }
}

async function writeBatch(
  client: PoolClient,
  ctx: IngestContext,
  format: SourceFormat,
  toWrite: PendingEvent[],
  stored: Map<string, StoredEvent>,
  /** The events to queue for grouping into issues. */
  groupKeys: string[],
): Promise<{ created: number; updated: number }> {
  const now = new Date().toISOString();
  await client.query("BEGIN");
  try {
    const agentIds = await upsertAgents(client, ctx.tenantId, format, agentsOf(toWrite));
    const written = await writeEvents(client, { tenantId: ctx.tenantId, actor: ctx.actor, format, now }, toWrite, agentIds, groupKeys);

    // New events got their "created" lineage from writeEvents; updates name what they changed.
    const byKey = new Map(toWrite.map((p) => [p.eventKey, p]));
    const updated = written.filter((w) => !w.inserted);
    await writeLineage(
      client,
      ctx.tenantId,
      updated.map((w) => updateLineage(w.id, ctx.actor, byKey.get(w.eventKey)!.diffView, stored.get(w.eventKey))),
    );
    await recordRuleHits(
      client,
      ctx.tenantId,
      now,
      written.flatMap((w) => byKey.get(w.eventKey)!.ruleHits.map((h) => ({ eventId: w.id, ...h }))),
    );
    const writtenKeys = new Set(written.map((w) => w.eventKey));
    const nodes = mergeProcessNodes(toWrite.filter((p) => writtenKeys.has(p.eventKey)).flatMap((p) => p.processes));
    await upsertProcessNodes(
      client,
      ctx.tenantId,
      nodes.map((n) => ({ ...n, agentId: agentIds.get(n.agentKey)! })),
    );
    await client.query("COMMIT");
    return { created: written.length - updated.length, updated: updated.length };
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  }
}

/**
 * Groups the queued events once the batch is committed. They are safe in the queue whatever
 * happens here: a failed drain is logged, and the next ingest or `issues backfill` drains them.
 */
async function drainAfterIngest(): Promise<void> {
  try {
    await drainSoon();
  } catch (err) {
    console.error("grouping queued events into issues failed; they stay queued:", (err as Error).message);
  }
}

function updateLineage(
  subjectId: string,
  actor: string,
  after: Record<string, unknown>,
  before: StoredEvent | undefined,
): NewLineageEntry {
  const changed = before ? changedColumns(before, after) : [];
  const pick = (src: Record<string, unknown>) => Object.fromEntries(changed.map((c) => [c, src[c] ?? null]));
  return {
    subjectType: "event",
    subjectId,
    action: "updated",
    actor,
    details: { changed, before: before ? pick(before) : null, after: pick(after) },
  };
}
