import { ADAPTERS } from "@/lib/ingest/adapters";
import { toEventRow } from "@/lib/ingest/event-row";
import type { SourceFormat } from "@/lib/ingest/types";
import { ruleEventFromJson } from "./event-json";
import type { RuleEvent } from "./event-model";
import { toRuleEvent } from "./map-event";

// A pasted event, as the rule editor's "test on an event" reads it: seed 002's own JSON, or one
// event of any ingest format, recognised by the first adapter that takes it and mapped exactly as
// ingest maps it (lib/rules/map-event.ts). Pure.

/** Specific formats first: the runtime format's adapter takes the widest range of shapes. */
const RECOGNITION_ORDER: readonly SourceFormat[] = ["garnet", "datadog", "kubearmor", "tetragon", "falco", "runtime"];

export type PastedEvent = { ok: true; format: SourceFormat | "rule_event"; event: RuleEvent } | { ok: false; error: string };

export function readPastedEvent(value: unknown): PastedEvent {
  const own = ruleEventFromJson(value);
  if (own) return { ok: true, format: "rule_event", event: own };
  let recognised: SourceFormat | null = null;
  for (const format of RECOGNITION_ORDER) {
    const adapted = ADAPTERS[format](value);
    if (!adapted.ok || adapted.events.length === 0) continue;
    recognised ??= format;
    for (const e of adapted.events) {
      const row = toEventRow(format, e, { eventKey: "pasted", contentHash: "pasted", agentKey: "pasted" });
      const event = toRuleEvent(row);
      if (event) return { ok: true, format, event };
    }
  }
  return {
    ok: false,
    error: recognised
      ? `read as a ${recognised} event, which is none of the rule event types (a process start, connection, file operation or DNS query)`
      : "not an event Vigil reads: paste seed 002's JSON ({event_type, process, payload}) or one event of an ingest format",
  };
}
