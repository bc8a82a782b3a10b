import "server-only";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { pool } from "@/lib/db";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { parseOrThrow } from "@/lib/events/schemas";
import { checkCondition, isRuleEventType } from "./document";
import { RULE_EVENT_TYPES, type RuleEventType } from "./event-model";
import { ruleEventTypeOf, toRuleEvent } from "./map-event";
import { ANCESTRY_COLUMNS, completeAncestry, mentionsAncestors } from "./process-ancestry";
import { readPastedEvent } from "./pasted-event";
import { RuleTestInput } from "./schemas";
import { RULE_SOURCE_COLUMNS, type StoredRuleSourceRow } from "./stored-events";

// "Test on events" of the rule editor: a draft condition run over the newest stored events of its
// event type (mapped as ingest maps them), or over one pasted event. Nothing is written. Readers
// may test: a draft changes nothing, and analysts tune rules with admins.

export interface RuleTestMatch {
  id: string;
  occurredAt: string;
  type: string;
  sourceFormat: string;
  agent: string | null;
  /** What the event did, in one line: the process and its arguments, the destination or the file. */
  summary: string;
}

export interface RuleTestResult {
  eventType: RuleEventType;
  source: "stored" | "pasted";
  /** The pasted event's format, as recognised. */
  format: string | null;
  /** Events of the event type the condition ran on. */
  tested: number;
  matched: number;
  /** Stored events read to find them (newest first); the scan stops at SCAN_LIMIT. */
  scanned: number;
  /** False when the scan stopped before `limit` events of the type were found. */
  complete: boolean;
  /** The newest matches, at most MATCHES_SHOWN. */
  matches: RuleTestMatch[];
}

const BATCH = 2_000;
const SCAN_LIMIT = 50_000;
const MATCHES_SHOWN = 50;

interface Row extends StoredRuleSourceRow {
  id: string;
  agentId: string | null;
  processPid: number | null;
  processPpid: number | null;
  occurred_at: Date;
  agent: string | null;
  destination: string | null;
  file_path: string | null;
}

function summaryOf(r: Row): string {
  const proc = [r.processExe, r.processArgs].filter(Boolean).join(" ");
  const target = r.destination ? `→ ${r.destination}${r.remotePort ? `:${r.remotePort}` : ""}` : r.file_path ? `file ${r.file_path}` : "";
  return [proc, target].filter(Boolean).join(" ") || r.type;
}

export async function testRule({ ctx, input }: { ctx: CallerContext; input: unknown }): Promise<RuleTestResult> {
  if (!roleCan(ctx.role, "read")) throw new ForbiddenError();
  const draft = parseOrThrow(RuleTestInput, input);
  if (!isRuleEventType(draft.event_type)) {
    throw new ValidationError(`event_type: unknown event type "${draft.event_type}"`, { field: "event_type", errors: [{ field: "event_type", message: `use one of ${RULE_EVENT_TYPES.join(", ")}` }] });
  }
  const eventType = draft.event_type;
  const checked = checkCondition(eventType, draft.condition);
  if (!checked.ok) {
    const { line, column, message } = checked.error;
    throw new ValidationError(`condition: line ${line}, column ${column}: ${message}`, { field: "condition", errors: [{ field: "condition", message: `line ${line}, column ${column}: ${message}` }] });
  }
  if (draft.event) {
    const pasted = readPastedEvent(draft.event);
    if (!pasted.ok) throw new ValidationError(`event: ${pasted.error}`, { field: "event", errors: [{ field: "event", message: pasted.error }] });
    if (pasted.event.eventType !== eventType) {
      const message = `the pasted event is a ${pasted.event.eventType} event; this rule is for ${eventType}`;
      throw new ValidationError(`event: ${message}`, { field: "event", errors: [{ field: "event", message }] });
    }
    const hit = checked.compiled(pasted.event);
    return { eventType, source: "pasted", format: pasted.format, tested: 1, matched: hit ? 1 : 0, scanned: 0, complete: true, matches: [] };
  }

  const result: RuleTestResult = { eventType, source: "stored", format: null, tested: 0, matched: 0, scanned: 0, complete: false, matches: [] };
  let before: { at: Date; id: string } | null = null;
  const readsAncestors = mentionsAncestors(draft.condition);
  while (result.scanned < SCAN_LIMIT && result.tested < draft.limit) {
    const rows: Row[] = (
      await pool().query<Row>(
        `SELECT e.id::text AS id, e.occurred_at, coalesce(a.name, a.external_key) AS agent, e.destination, e.file_path, ${RULE_SOURCE_COLUMNS}, ${ANCESTRY_COLUMNS}
           FROM events e LEFT JOIN agents a ON a.id = e.agent_id
          WHERE e.tenant_id = $1 AND ($2::timestamptz IS NULL OR (e.occurred_at, e.id) < ($2, $3::bigint))
          ORDER BY e.occurred_at DESC, e.id DESC
          LIMIT $4`,
        [ctx.tenantId, before?.at ?? null, before?.id ?? null, BATCH],
      )
    ).rows;
    // As ingest sees them: the ancestors the process nodes know where the agent sent fewer.
    const typed = readsAncestors ? rows.filter((r) => ruleEventTypeOf(r) === eventType) : [];
    const completed = typed.length > 0 ? await completeAncestry(pool(), ctx.tenantId, typed.map((r) => ({ ...r, occurredAt: r.occurred_at }))) : [];
    const sources = new Map<Row, StoredRuleSourceRow>(typed.map((r, i) => [r, completed[i]]));
    for (const row of rows) {
      result.scanned++;
      const event = toRuleEvent(sources.get(row) ?? row);
      if (!event || event.eventType !== eventType) continue;
      result.tested++;
      if (checked.compiled(event)) {
        result.matched++;
        if (result.matches.length < MATCHES_SHOWN) {
          result.matches.push({ id: row.id, occurredAt: row.occurred_at.toISOString(), type: row.type, sourceFormat: row.sourceFormat, agent: row.agent, summary: summaryOf(row) });
        }
      }
      if (result.tested >= draft.limit) break;
    }
    if (rows.length < BATCH) {
      result.complete = true;
      break;
    }
    const last = rows[rows.length - 1];
    before = { at: last.occurred_at, id: last.id };
  }
  if (result.tested >= draft.limit) result.complete = true;
  return result;
}
