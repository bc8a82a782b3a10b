// Query-bar autocomplete: which term the caret is in, what to suggest for it, and how a chosen
// suggestion rewrites the text. Pure; the grammar itself is lib/events/parse-query.ts.
import { FIELDS, fieldByName, type FieldDef } from "@/lib/events/fields";

export interface CaretTerm {
  /** The whole term around the caret: what a suggestion replaces. */
  start: number;
  end: number;
  /** "-" when the term is negated. */
  negation: string;
  /** The field name as typed, when the caret is after "field:". */
  field: string | null;
  /** What is typed so far: a field-name prefix, or the value prefix after "field:". */
  prefix: string;
  /** A comparison (>, <=, …) or a keyword: nothing to suggest. */
  inert: boolean;
}

export interface Suggestion {
  kind: "field" | "value";
  /** What is inserted: a field name (or alias), or a raw value. */
  text: string;
  detail?: string;
  count?: number;
}

const DELIMITERS = new Set([" ", "\t", "\n", "\r", "(", ")"]);
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_.]*$/;
const KEYWORDS = new Set(["OR", "AND", "NOT"]);

/** Terms are separated by whitespace and parentheses outside quotes. */
function termSpans(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && DELIMITERS.has(text[i])) i += 1;
    if (i >= text.length) break;
    const start = i;
    let quoted = false;
    while (i < text.length) {
      const c = text[i];
      if (quoted) {
        if (c === "\\") i += 1;
        else if (c === '"') quoted = false;
      } else if (c === '"') quoted = true;
      else if (DELIMITERS.has(c)) break;
      i += 1;
    }
    spans.push({ start, end: Math.min(i, text.length) });
  }
  return spans;
}

export function termAtCaret(text: string, caret: number): CaretTerm {
  const span = termSpans(text).find((s) => s.start <= caret && caret <= s.end && s.start < caret);
  if (!span) return { start: caret, end: caret, negation: "", field: null, prefix: "", inert: false };
  let typed = text.slice(span.start, caret);
  const negation = typed.startsWith("-") ? "-" : "";
  typed = typed.slice(negation.length);
  const colon = typed.indexOf(":");
  if (colon > 0 && FIELD_NAME.test(typed.slice(0, colon))) {
    const value = typed.slice(colon + 1);
    const inert = /^[<>]/.test(value);
    return { ...span, negation, field: typed.slice(0, colon), prefix: unquote(value), inert };
  }
  return { ...span, negation, field: null, prefix: typed, inert: KEYWORDS.has(typed) || typed.includes('"') };
}

/** The value typed after an opening quote, unescaped. */
function unquote(value: string): string {
  if (!value.startsWith('"')) return value;
  return value.slice(1).replace(/"$/, "").replace(/\\(.)/g, "$1");
}

/** Fields whose name or alias starts with the prefix; the name wins over an alias. */
export function fieldSuggestions(prefix: string, limit = 12): Suggestion[] {
  const p = prefix.toLowerCase();
  const out: Suggestion[] = [];
  for (const f of FIELDS) {
    const names = [f.name, ...(f.aliases ?? [])];
    const hit = names.find((n) => n.toLowerCase().startsWith(p));
    if (!hit) continue;
    const aliases = f.aliases?.length ? ` · ${f.aliases.join(", ")}` : "";
    out.push({ kind: "field", text: hit, detail: hit === f.name ? `${f.label}${aliases}` : `alias of ${f.name}` });
  }
  const exact = out.filter((s) => s.text.toLowerCase() === p);
  return [...exact, ...out.filter((s) => !exact.includes(s))].slice(0, limit);
}

/** The field a caret term refers to, when values can be suggested for it. */
export function suggestableField(term: CaretTerm): FieldDef | null {
  if (term.inert || term.field === null) return null;
  const field = fieldByName(term.field);
  return field && field.type !== "int" ? field : null;
}

/** Enum fields suggest from their closed set; no server call needed. */
export function enumValueSuggestions(field: FieldDef, prefix: string): Suggestion[] | null {
  if (field.type !== "enum" || !field.values) return null;
  const p = prefix.toLowerCase();
  return field.values.filter((v) => v.startsWith(p)).map((v) => ({ kind: "value", text: v }));
}

/** A value as the query language reads it back: bare when safe, otherwise quoted with escapes. */
export function quoteValue(value: string): string {
  const bare = /^[^\s()"\\]+$/.test(value) && !/^[<>]/.test(value) && !value.endsWith("*") && !KEYWORDS.has(value);
  return bare ? value : `"${value.replace(/[\\"]/g, "\\$&")}"`;
}

/** The text with the caret term replaced by the suggestion, and where the caret goes. */
export function applySuggestion(text: string, term: CaretTerm, s: Suggestion): { text: string; caret: number } {
  const insert = s.kind === "field" ? `${term.negation}${s.text}:` : `${term.negation}${term.field}:${quoteValue(s.text)}`;
  const after = text.slice(term.end);
  const spacer = s.kind === "value" && !/^\s/.test(after) ? " " : "";
  const next = text.slice(0, term.start) + insert + spacer + after;
  return { text: next, caret: term.start + insert.length + (s.kind === "value" ? 1 : 0) };
}
