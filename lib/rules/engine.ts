import { RULE_MATCH_FLAG_PREFIX, severityRank } from "@/lib/issues/fingerprint";
import type { Severity } from "@/lib/ingest/types";
import { compileCondition, conditionVars, type CompiledProgram } from "./compile";
import { RULE_EVENT_TYPES, type RuleAction, type RuleEventType } from "./event-model";
import { ruleEventTypeOf, toRuleEvent, type RuleSourceEvent } from "./map-event";
import { mentionsAncestors } from "./process-ancestry";

// A tenant's enabled rules, compiled once and grouped by event type, and what a match does to
// an event: `collect` tags it, `detect` and `terminate` make it a detection with the rule's
// severity (never lowering the source's), which is what lib/issues/fingerprint.ts groups.
// Pure: lib/rules/engine-cache.ts loads and caches it, the pipeline calls it per event.

/** A stored rule, as the engine compiles it. */
export interface StoredRule {
  id: string;
  rulesetId: string;
  ruleId: string;
  eventType: string;
  condition: string;
  action: RuleAction;
  severity: Severity | null;
}

export interface RuleMatch {
  /** The detection_rules row. */
  id: string;
  action: RuleAction;
  flag: string;
  severity: Severity | null;
}

interface EngineRule {
  match: RuleMatch;
  program: CompiledProgram;
}

export interface RuleEngine {
  /** Rules compiled. */
  size: number;
  /** Stored rules that no longer compile (a newer engine's syntax): skipped, with why. */
  skipped: { id: string; error: string }[];
  evaluate(e: RuleSourceEvent): RuleMatch[];
  /** Event types with a rule that can read `process.ancestors`: only their events need the process-node lookup. */
  ancestorEventTypes: ReadonlySet<RuleEventType>;
  /** Whether a rule of this event's type can read its ancestors. */
  wantsAncestry(e: RuleSourceEvent): boolean;
}

/** Collect and detection flags: `collect:<ruleset>/<rule>`, `rule:<ruleset>/<rule>` (fingerprint.ts's prefix). */
export const COLLECT_FLAG_PREFIX = "collect:";
export const TERMINATE_FLAG = "intent:terminate";
const MAX_FLAG = 256;

/** A detection without its own severity: detect is medium, terminate high. */
export function detectionSeverity(action: RuleAction, severity: Severity | null): Severity | null {
  if (action === "collect") return null;
  return severity ?? (action === "terminate" ? "high" : "medium");
}

/** The flag a rule's match leaves on an event. */
export function ruleFlagOf(rulesetId: string, ruleId: string, action: RuleAction): string {
  const prefix = action === "collect" ? COLLECT_FLAG_PREFIX : RULE_MATCH_FLAG_PREFIX;
  return `${prefix}${rulesetId}/${ruleId}`.slice(0, MAX_FLAG);
}

export function buildEngine(rules: StoredRule[]): RuleEngine {
  const byType = new Map<RuleEventType, EngineRule[]>(RULE_EVENT_TYPES.map((t) => [t, []]));
  const skipped: RuleEngine["skipped"] = [];
  const ancestorEventTypes = new Set<RuleEventType>();
  for (const r of rules) {
    const list = byType.get(r.eventType as RuleEventType);
    if (!list) {
      skipped.push({ id: r.id, error: `unknown event type ${r.eventType}` });
      continue;
    }
    const compiled = compileCondition(r.eventType as RuleEventType, r.condition);
    if (!compiled.ok) {
      skipped.push({ id: r.id, error: compiled.error.message });
      continue;
    }
    if (mentionsAncestors(r.condition)) ancestorEventTypes.add(r.eventType as RuleEventType);
    const flag = ruleFlagOf(r.rulesetId, r.ruleId, r.action);
    list.push({ match: { id: r.id, action: r.action, flag, severity: detectionSeverity(r.action, r.severity) }, program: compiled.program });
  }
  const size = rules.length - skipped.length;
  return {
    size,
    skipped,
    ancestorEventTypes,
    wantsAncestry(e) {
      if (ancestorEventTypes.size === 0) return false;
      const type = ruleEventTypeOf(e);
      return type !== null && ancestorEventTypes.has(type);
    },
    evaluate(e) {
      if (size === 0) return [];
      const event = toRuleEvent(e);
      if (!event) return [];
      const vars = conditionVars(event);
      const matches: RuleMatch[] = [];
      for (const rule of byType.get(event.eventType)!) if (rule.program(vars)) matches.push(rule.match);
      return matches;
    },
  };
}

/** The event as its matches leave it: tagged, and a detection when a detect or terminate rule matched. */
export function applyMatches<T extends { kind: string; severity: string; flags: string[] }>(row: T, matches: RuleMatch[]): T {
  if (matches.length === 0) return row;
  const flags = new Set(row.flags);
  let severity = row.severity;
  let detection = false;
  for (const m of matches) {
    flags.add(m.flag);
    if (m.action === "terminate") flags.add(TERMINATE_FLAG);
    if (m.severity) {
      detection = true;
      if (severityRank(m.severity) > severityRank(severity)) severity = m.severity;
    }
  }
  return { ...row, flags: [...flags], severity, kind: detection ? "detections" : row.kind };
}
