// The Events query language, parsed into a small tree. Pure: the browser parses on every
// keystroke to show errors inline, the server parses again before compiling to SQL.
//
//   query   := or
//   or      := and ("OR" and)*
//   and     := unary (["AND"] unary)*
//   unary   := ("-" | "NOT") unary | primary
//   primary := "(" or ")" | field ":" [op] value | value        op := > >= < <=
//   value   := "quoted \" text" | bare-word, a trailing * makes a prefix match
import { fieldByName, fitsIntField, intFieldRule, type FieldDef } from "./fields";

export type TermOp = "eq" | "prefix" | "exists" | "gt" | "gte" | "lt" | "lte";

export type QueryNode =
  | { type: "and"; children: QueryNode[] }
  | { type: "or"; children: QueryNode[] }
  | { type: "not"; child: QueryNode }
  | { type: "term"; field: string; op: TermOp; value: string; position: number }
  | { type: "text"; value: string; position: number };

export interface QueryError {
  message: string;
  /** Zero-based offset in the query text. */
  position: number;
  length: number;
}

export type ParseResult = { ok: true; query: QueryNode | null } | { ok: false; error: QueryError };

class QuerySyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
    readonly length = 1,
  ) {
    super(message);
  }
}

const MAX_QUERY_LENGTH = 4000;
const MAX_DEPTH = 32;
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_.]*$/;
const BARE_STOP = new Set([" ", "\t", "\n", "\r", "(", ")", '"']);

export function parseQuery(text: string): ParseResult {
  if (text.length > MAX_QUERY_LENGTH) {
    return { ok: false, error: { message: `The query is longer than ${MAX_QUERY_LENGTH} characters`, position: MAX_QUERY_LENGTH, length: 1 } };
  }
  try {
    return { ok: true, query: new Parser(text).parse() };
  } catch (err) {
    if (err instanceof QuerySyntaxError) {
      return { ok: false, error: { message: err.message, position: err.position, length: err.length } };
    }
    throw err;
  }
}

interface Word {
  text: string;
  quoted: boolean;
  start: number;
  end: number;
}

class Parser {
  private pos = 0;
  private depth = 0;

  constructor(private readonly src: string) {}

  parse(): QueryNode | null {
    this.skipSpace();
    if (this.atEnd()) return null;
    const node = this.parseOr();
    this.skipSpace();
    if (!this.atEnd()) {
      // Only a stray ")" can stop the top-level expression early.
      throw new QuerySyntaxError('Unexpected ")" without a matching "("', this.pos);
    }
    return node;
  }

  private parseOr(): QueryNode {
    const children = [this.parseAnd()];
    while (this.peekKeyword("OR")) {
      const at = this.pos;
      this.pos += 2;
      this.skipSpace();
      if (this.atEnd() || this.peek() === ")") throw new QuerySyntaxError("Expected a term after OR", at, 2);
      children.push(this.parseAnd());
    }
    return children.length === 1 ? children[0] : { type: "or", children };
  }

  private parseAnd(): QueryNode {
    const children = [this.parseUnary()];
    for (;;) {
      this.skipSpace();
      if (this.atEnd() || this.peek() === ")" || this.peekKeyword("OR")) break;
      if (this.peekKeyword("AND")) {
        const at = this.pos;
        this.pos += 3;
        this.skipSpace();
        if (this.atEnd() || this.peek() === ")" || this.peekKeyword("OR")) throw new QuerySyntaxError("Expected a term after AND", at, 3);
      }
      children.push(this.parseUnary());
    }
    return children.length === 1 ? children[0] : { type: "and", children };
  }

  private parseUnary(): QueryNode {
    this.skipSpace();
    const at = this.pos;
    let negate = false;
    if (this.peek() === "-") {
      this.pos += 1;
      negate = true;
    } else if (this.peekKeyword("NOT")) {
      this.pos += 3;
      this.skipSpace();
      negate = true;
    }
    if (negate) {
      if (this.atEnd() || /\s|\)/.test(this.peek())) throw new QuerySyntaxError("Expected a term after the negation", at, this.pos - at);
      return { type: "not", child: this.nested(() => this.parseUnary()) };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): QueryNode {
    const c = this.peek();
    if (c === "(") {
      const open = this.pos;
      this.pos += 1;
      this.skipSpace();
      if (this.peek() === ")") throw new QuerySyntaxError("Empty parentheses", open, 2);
      if (this.atEnd()) throw new QuerySyntaxError('Missing ")" for this "("', open);
      const inner = this.nested(() => this.parseOr());
      this.skipSpace();
      if (this.peek() !== ")") throw new QuerySyntaxError('Missing ")" for this "("', open);
      this.pos += 1;
      return inner;
    }
    if (c === ")") throw new QuerySyntaxError('Unexpected ")"', this.pos);
    const word = this.readValue();
    if (!word.quoted && this.peek() === ":" && FIELD_NAME.test(word.text)) {
      return this.parseFieldTerm(word);
    }
    if (!word.quoted && word.text.includes(":")) {
      const name = word.text.slice(0, word.text.indexOf(":"));
      if (FIELD_NAME.test(name)) this.unknownField(name, word.start);
    }
    return this.textTerm(word);
  }

  private parseFieldTerm(name: Word): QueryNode {
    const field = fieldByName(name.text);
    if (!field) this.unknownField(name.text, name.start);
    this.pos += 1; // the colon
    let op: TermOp = "eq";
    const opAt = this.pos;
    const cmp = /^(>=|<=|>|<)/.exec(this.src.slice(this.pos));
    if (cmp) {
      this.pos += cmp[0].length;
      op = ({ ">": "gt", ">=": "gte", "<": "lt", "<=": "lte" } as const)[cmp[0] as ">" | ">=" | "<" | "<="];
      if (field.type !== "int") {
        throw new QuerySyntaxError(`${field.name} is not numeric: ${cmp[0]} works on ${numericFieldNames()}`, opAt, cmp[0].length);
      }
    }
    if (this.atEnd() || /\s|\)/.test(this.peek())) throw new QuerySyntaxError(`Expected a value after ${name.text}:`, this.pos - 1, 1);
    const value = this.readValue();
    if (!value.quoted && value.text === "*" && op === "eq") {
      return { type: "term", field: field.name, op: "exists", value: "", position: name.start };
    }
    if (!value.quoted && value.text.endsWith("*") && op === "eq") {
      op = "prefix";
      value.text = value.text.slice(0, -1);
    }
    if (value.text.includes("*") && !value.quoted) {
      throw new QuerySyntaxError("Only a trailing * is supported (prefix match)", value.start + value.text.indexOf("*"));
    }
    this.checkValue(field, op, value);
    return { type: "term", field: field.name, op, value: field.type === "enum" ? value.text.toLowerCase() : value.text, position: name.start };
  }

  private checkValue(field: FieldDef, op: TermOp, value: Word) {
    const span = value.end - value.start;
    if (field.type === "int" || field.type === "issue") {
      if (op === "prefix") throw new QuerySyntaxError(`${field.name} is numeric: a prefix match does not apply`, value.start, span);
      if (!fitsIntField(field, value.text)) {
        throw new QuerySyntaxError(`${intFieldRule(field)}, not "${value.text}"`, value.start, span);
      }
    }
    if (field.type === "enum" && field.values && op === "eq" && !field.values.includes(value.text.toLowerCase())) {
      throw new QuerySyntaxError(`${field.name} is one of ${field.values.join(", ")}`, value.start, span);
    }
    if (field.type === "assessment" && field.values && op !== "exists" && !field.values.includes(value.text)) {
      throw new QuerySyntaxError(`${field.name} is one of ${field.values.join(", ")}`, value.start, span);
    }
    if (value.text === "" && op !== "prefix") throw new QuerySyntaxError(`Empty value for ${field.name}`, value.start, Math.max(span, 1));
  }

  private textTerm(word: Word): QueryNode {
    let text = word.text;
    if (!word.quoted && text.endsWith("*")) text = text.slice(0, -1);
    if (!word.quoted && text.includes("*")) {
      throw new QuerySyntaxError("Only a trailing * is supported (prefix match)", word.start + text.indexOf("*"));
    }
    if (text === "") throw new QuerySyntaxError("Empty search term", word.start, Math.max(1, word.end - word.start));
    return { type: "text", value: text, position: word.start };
  }

  private unknownField(name: string, at: number): never {
    throw new QuerySyntaxError(`Unknown field "${name}" (quote the text to search for it literally)`, at, name.length);
  }

  /** A quoted string (backslash escapes) or a bare word up to whitespace, a parenthesis, a quote or a field colon. */
  private readValue(): Word {
    const start = this.pos;
    if (this.peek() === '"') {
      this.pos += 1;
      let out = "";
      while (!this.atEnd() && this.peek() !== '"') {
        if (this.peek() === "\\") {
          this.pos += 1;
          if (this.atEnd()) break;
        }
        out += this.peek();
        this.pos += 1;
      }
      if (this.atEnd()) throw new QuerySyntaxError("Missing closing quote", start);
      this.pos += 1;
      return { text: out, quoted: true, start, end: this.pos };
    }
    let out = "";
    while (!this.atEnd() && !BARE_STOP.has(this.peek())) {
      // "name:" ends a bare word so the caller can read a field term; colons inside values
      // (IPv6 addresses, URLs after a field) are kept.
      if (this.peek() === ":" && out !== "" && FIELD_NAME.test(out) && !this.inFieldValue(start)) break;
      out += this.peek();
      this.pos += 1;
    }
    return { text: out, quoted: false, start, end: this.pos };
  }

  /** True when the bare word at `start` is itself a field's value (it follows "name:"). */
  private inFieldValue(start: number): boolean {
    return start > 0 && /[:<>=]/.test(this.src[start - 1]);
  }

  private nested<T>(fn: () => T): T {
    if (++this.depth > MAX_DEPTH) throw new QuerySyntaxError(`The query nests deeper than ${MAX_DEPTH} levels`, this.pos);
    try {
      return fn();
    } finally {
      this.depth -= 1;
    }
  }

  private peekKeyword(word: string): boolean {
    if (!this.src.startsWith(word, this.pos)) return false;
    const after = this.src[this.pos + word.length];
    return after === undefined || after === " " || after === "\t" || after === "\n" || after === "(" || after === "-";
  }

  private skipSpace() {
    while (!this.atEnd() && /\s/.test(this.peek())) this.pos += 1;
  }

  private peek(): string {
    return this.src[this.pos] ?? "";
  }

  private atEnd(): boolean {
    return this.pos >= this.src.length;
  }
}

function numericFieldNames(): string {
  return "processPid, processPpid, processUid, remotePort and id";
}

/** Every field a query refers to (API names), for rollup eligibility and autocomplete. */
export function fieldsOf(node: QueryNode | null): Set<string> {
  const out = new Set<string>();
  const walk = (n: QueryNode) => {
    if (n.type === "term") out.add(n.field);
    else if (n.type === "text") out.add("*");
    else if (n.type === "not") walk(n.child);
    else n.children.forEach(walk);
  };
  if (node) walk(node);
  return out;
}
