import type { RuleSourceEvent } from "./map-event";

// Stored events as the rule engine reads them: the columns lib/rules/map-event.ts needs, selected
// under these names from `events` (aliased `e`), so a rule tested on past events, or run over a
// window by a retro-hunt, sees exactly what it would have seen at ingest. Pure.

export const RULE_SOURCE_COLUMNS = `e.kind, e.type, e.source_format AS "sourceFormat", e.process_exe AS "processExe",
  e.process_args AS "processArgs", e.process, e.ancestry, e.protocol, e.remote_address AS "remoteAddress",
  e.remote_port AS "remotePort", e.flow, e.domain, e.file, e.flags`;

/** A row selected with RULE_SOURCE_COLUMNS (pg returns the JSON columns parsed). */
export type StoredRuleSourceRow = RuleSourceEvent;
