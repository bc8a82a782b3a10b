import { parseDocument, stringify } from "yaml";
import type { FieldError } from "@/lib/api/problem";
import type { z } from "zod";
import { compileCondition, type CompiledCondition, type ConditionError } from "./compile";
import { EVENT_FIELDS, RULE_EVENT_TYPES, type RuleEventType } from "./event-model";
import { RuleInput, RuleSetDocument, type RuleDocumentFormat, type RuleSetInput } from "./schemas";

// Reading, validating and writing rule-set documents. Pure. Validation names every error at once
// (shape, unknown event types, CEL syntax and type errors with line and column, unknown fields,
// duplicate ids) as {field, message} in the request's terms: rule_sets.0.rules.2.condition.

export type ValidatedDocument =
  | { ok: true; document: RuleSetDocument; compiled: CompiledCondition[][] }
  | { ok: false; errors: FieldError[] };

/** YAML (a superset of JSON) or JSON text → a value; a syntax error is named with its line and column. */
export function readDocumentText(text: string, format: RuleDocumentFormat): { ok: true; value: unknown } | { ok: false; errors: FieldError[] } {
  if (format === "json") {
    try {
      return { ok: true, value: JSON.parse(text) };
    } catch (err) {
      return { ok: false, errors: [{ field: "body", message: `not valid JSON: ${(err as Error).message}` }] };
    }
  }
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        const at = e.linePos?.[0];
        return { field: "body", message: `${at ? `line ${at.line}, column ${at.col}: ` : ""}${e.message.split("\n")[0]}` };
      }),
    };
  }
  return { ok: true, value: doc.toJS({ maxAliasCount: 100 }) };
}

/** A field of the rule at `path` ("" for a rule on its own). */
const fieldAt = (path: string, key: string) => (path ? `${path}.${key}` : key);

function ruleErrors(rule: RuleInput, path: string): { errors: FieldError[]; compiled?: CompiledCondition } {
  if (!isRuleEventType(rule.event_type)) {
    return { errors: [{ field: fieldAt(path, "event_type"), message: `unknown event type "${rule.event_type}"; use one of ${RULE_EVENT_TYPES.join(", ")}` }] };
  }
  const checked = checkCondition(rule.event_type, rule.condition);
  if (checked.ok) return { errors: [], compiled: checked.compiled };
  const { line, column, message } = checked.error;
  return { errors: [{ field: fieldAt(path, "condition"), message: `line ${line}, column ${column}: ${message}` }] };
}

export function isRuleEventType(value: string): value is RuleEventType {
  return (RULE_EVENT_TYPES as readonly string[]).includes(value);
}

/** A condition compiled for its event type, or its first error with line, column and a message in the author's terms (also the editor's live check). */
export function checkCondition(eventType: RuleEventType, condition: string): { ok: true; compiled: CompiledCondition } | { ok: false; error: ConditionError } {
  const result = compileCondition(eventType, condition);
  if (result.ok) return { ok: true, compiled: result.evaluate };
  return { ok: false, error: { ...result.error, message: explain(result.error.message, eventType) } };
}

/** One rule, checked as validateRuleDocument checks each of a document's rules; errors name the rule's own fields. */
export function validateRule(value: unknown): { ok: true; rule: RuleInput; compiled: CompiledCondition } | { ok: false; errors: FieldError[] } {
  const parsed = RuleInput.safeParse(value);
  if (!parsed.success) return { ok: false, errors: zodFieldErrors(parsed.error.issues) };
  const checked = ruleErrors(parsed.data, "");
  return checked.compiled ? { ok: true, rule: parsed.data, compiled: checked.compiled } : { ok: false, errors: checked.errors };
}

function zodFieldErrors(issues: z.core.$ZodIssue[]): FieldError[] {
  return issues.map((i) => {
    const path = i.code === "unrecognized_keys" ? [...i.path, i.keys[0]] : i.path;
    return { field: path.map(String).join(".") || "body", message: i.message };
  });
}

/** cel-js's words for an unknown field, in the rule author's terms. */
function explain(message: string, eventType: RuleEventType): string {
  const variable = /^Unknown variable: (\w+)/.exec(message);
  const fields = ["process", ...EVENT_FIELDS[eventType].map((f) => f.name)].join(", ");
  if (variable) return `unknown field "${variable[1]}" for event type ${eventType} (it has ${fields})`;
  if (message === "Unexpected token: EOF") return "the condition ends where more was expected";
  const key = /^No such key: (\w+)/.exec(message);
  if (key) return `unknown field "${key[1]}" (process has exec_path, argv and ancestors; an ancestor exec_path, argv and descendants)`;
  return message;
}

/** The whole document checked, and each rule's condition compiled. */
export function validateRuleDocument(value: unknown): ValidatedDocument {
  const parsed = RuleSetDocument.safeParse(value);
  if (!parsed.success) return { ok: false, errors: zodFieldErrors(parsed.error.issues) };
  const errors: FieldError[] = [];
  const compiled: CompiledCondition[][] = [];
  const setIds = new Map<string, number>();
  parsed.data.rule_sets.forEach((set, s) => {
    const setPath = `rule_sets.${s}`;
    const first = setIds.get(set.ruleset_id);
    if (first !== undefined) errors.push({ field: `${setPath}.ruleset_id`, message: `duplicate ruleset_id "${set.ruleset_id}" (also rule_sets.${first})` });
    else setIds.set(set.ruleset_id, s);
    const ruleIds = new Map<string, number>();
    compiled.push(
      set.rules.map((rule, r) => {
        const path = `${setPath}.rules.${r}`;
        const prev = ruleIds.get(rule.rule_id);
        if (prev !== undefined) errors.push({ field: `${path}.rule_id`, message: `duplicate rule_id "${rule.rule_id}" in ${set.ruleset_id} (also rules.${prev})` });
        else ruleIds.set(rule.rule_id, r);
        const checked = ruleErrors(rule, path);
        errors.push(...checked.errors);
        return checked.compiled ?? (() => false);
      }),
    );
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, document: parsed.data, compiled };
}

/** A rule in the document's key order, optional keys only when set (enabled only when false). */
function canonicalRule(r: RuleInput): RuleInput {
  return {
    rule_id: r.rule_id,
    event_type: r.event_type,
    condition: r.condition,
    action: r.action,
    ...(r.severity ? { severity: r.severity } : {}),
    ...(r.description !== undefined ? { description: r.description } : {}),
    ...(r.tags && r.tags.length > 0 ? { tags: r.tags } : {}),
    ...(r.enabled === false ? { enabled: false } : {}),
  };
}

export function canonicalDocument(doc: RuleSetDocument): RuleSetDocument {
  return { rule_sets: doc.rule_sets.map((s: RuleSetInput) => ({ ruleset_id: s.ruleset_id, rules: s.rules.map(canonicalRule) })) };
}

/** The document as text; reading it back gives the same document (block scalars keep conditions verbatim). */
export function writeRuleDocument(doc: RuleSetDocument, format: RuleDocumentFormat): string {
  const canonical = canonicalDocument(doc);
  if (format === "json") return `${JSON.stringify(canonical, null, 2)}\n`;
  return stringify(canonical, { lineWidth: 0, blockQuote: "literal" });
}
