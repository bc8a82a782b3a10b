import { EVENT_FIELDS, RULE_EVENT_TYPES, ruleProcess, zeroOf, type PayloadValue, type RuleEvent, type RuleEventType } from "./event-model";

// An event written in seed 002's own JSON ({event_type, process:{exec_path, argv, ancestors},
// payload:{…}}) as a rule sees it: the seed's examples, and a pasted event to test a rule on.
// Pure; null when it is not such an event.

const rec = (v: unknown): Record<string, unknown> => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((a): a is string => typeof a === "string") : []);

export function ruleEventFromJson(value: unknown): RuleEvent | null {
  const item = rec(value);
  const eventType = item.event_type;
  if (typeof eventType !== "string" || !(RULE_EVENT_TYPES as readonly string[]).includes(eventType)) return null;
  const proc = rec(item.process);
  const chain = (Array.isArray(proc.ancestors) ? proc.ancestors : []).map((a) => {
    const r = rec(a);
    return { exec_path: typeof r.exec_path === "string" ? r.exec_path : "", argv: strings(r.argv) };
  });
  const raw = rec(item.payload);
  const payload: Record<string, PayloadValue> = {};
  for (const f of EVENT_FIELDS[eventType as RuleEventType]) {
    const v = raw[f.name];
    if (f.type === "int") payload[f.name] = typeof v === "number" && Number.isInteger(v) ? BigInt(v) : zeroOf("int");
    else payload[f.name] = typeof v === typeof zeroOf(f.type) ? (v as PayloadValue) : zeroOf(f.type);
  }
  return {
    eventType: eventType as RuleEventType,
    process: ruleProcess(typeof proc.exec_path === "string" ? proc.exec_path : "", strings(proc.argv), chain),
    payload,
  };
}
