// Parses a raw payload into a tree for the collapsible viewer. Unlike JSON.parse, numbers keep
// their literal text (ids above 2^53 and values like 1.10 stay exactly as the agent sent them)
// and keys keep their order and duplicates. Pure; a malformed body is reported, never thrown.

export type JsonNode =
  | { kind: "object"; entries: { key: string; value: JsonNode }[] }
  | { kind: "array"; items: JsonNode[] }
  | { kind: "string"; value: string }
  | { kind: "number"; raw: string }
  | { kind: "boolean"; value: boolean }
  | { kind: "null" };

export type PayloadParse = { ok: true; node: JsonNode } | { ok: false; error: string; position: number };

const MAX_DEPTH = 256;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;

class PayloadSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

export function parsePayload(text: string): PayloadParse {
  const p = new Reader(text);
  try {
    const node = p.value(0);
    p.space();
    if (!p.done()) throw new PayloadSyntaxError("Unexpected text after the JSON value", p.pos);
    return { ok: true, node };
  } catch (err) {
    if (err instanceof PayloadSyntaxError) return { ok: false, error: err.message, position: err.position };
    throw err;
  }
}

class Reader {
  pos = 0;
  constructor(private readonly s: string) {}

  done(): boolean {
    return this.pos >= this.s.length;
  }

  space() {
    WHITESPACE.lastIndex = this.pos;
    WHITESPACE.exec(this.s);
    this.pos = WHITESPACE.lastIndex;
  }

  value(depth: number): JsonNode {
    if (depth > MAX_DEPTH) throw new PayloadSyntaxError(`Nested deeper than ${MAX_DEPTH} levels`, this.pos);
    this.space();
    const c = this.s[this.pos];
    if (c === "{") return this.object(depth);
    if (c === "[") return this.array(depth);
    if (c === '"') return { kind: "string", value: this.string() };
    if (this.s.startsWith("true", this.pos)) return this.word(4, { kind: "boolean", value: true });
    if (this.s.startsWith("false", this.pos)) return this.word(5, { kind: "boolean", value: false });
    if (this.s.startsWith("null", this.pos)) return this.word(4, { kind: "null" });
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.s);
    if (m) {
      this.pos = NUMBER.lastIndex;
      return { kind: "number", raw: m[0] };
    }
    throw new PayloadSyntaxError(c === undefined ? "Unexpected end of the body" : `Unexpected character ${JSON.stringify(c)}`, this.pos);
  }

  private word(length: number, node: JsonNode): JsonNode {
    this.pos += length;
    return node;
  }

  private expect(c: string) {
    this.space();
    if (this.s[this.pos] !== c) throw new PayloadSyntaxError(`Expected ${JSON.stringify(c)}`, this.pos);
    this.pos += 1;
  }

  private string(): string {
    const start = this.pos;
    let i = start + 1;
    while (i < this.s.length && this.s[i] !== '"') i += this.s[i] === "\\" ? 2 : 1;
    if (i >= this.s.length) throw new PayloadSyntaxError("Unterminated string", start);
    this.pos = i + 1;
    try {
      return JSON.parse(this.s.slice(start, this.pos)) as string;
    } catch {
      throw new PayloadSyntaxError("Invalid string", start);
    }
  }

  private object(depth: number): JsonNode {
    this.pos += 1;
    const entries: { key: string; value: JsonNode }[] = [];
    this.space();
    if (this.s[this.pos] === "}") {
      this.pos += 1;
      return { kind: "object", entries };
    }
    for (;;) {
      this.space();
      if (this.s[this.pos] !== '"') throw new PayloadSyntaxError("Expected a quoted key", this.pos);
      const key = this.string();
      this.expect(":");
      entries.push({ key, value: this.value(depth + 1) });
      this.space();
      if (this.s[this.pos] === ",") {
        this.pos += 1;
        continue;
      }
      this.expect("}");
      return { kind: "object", entries };
    }
  }

  private array(depth: number): JsonNode {
    this.pos += 1;
    const items: JsonNode[] = [];
    this.space();
    if (this.s[this.pos] === "]") {
      this.pos += 1;
      return { kind: "array", items };
    }
    for (;;) {
      items.push(this.value(depth + 1));
      this.space();
      if (this.s[this.pos] === ",") {
        this.pos += 1;
        continue;
      }
      this.expect("]");
      return { kind: "array", items };
    }
  }
}

/** Two-space indented text of a node, numbers verbatim: what the viewer shows when fully expanded. */
export function prettyPrint(node: JsonNode, indent = ""): string {
  const inner = `${indent}  `;
  switch (node.kind) {
    case "object":
      if (node.entries.length === 0) return "{}";
      return `{\n${node.entries.map((e) => `${inner}${JSON.stringify(e.key)}: ${prettyPrint(e.value, inner)}`).join(",\n")}\n${indent}}`;
    case "array":
      if (node.items.length === 0) return "[]";
      return `[\n${node.items.map((v) => `${inner}${prettyPrint(v, inner)}`).join(",\n")}\n${indent}]`;
    case "string":
      return JSON.stringify(node.value);
    case "number":
      return node.raw;
    case "boolean":
      return String(node.value);
    case "null":
      return "null";
  }
}
