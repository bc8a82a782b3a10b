import { isUtf8 } from "node:buffer";
import { mediaTypeOf } from "@/lib/api/read-body";
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from "@/lib/errors";
import { rawHashFromDigest, sha256Hex } from "./identity";

// Turns a request body into items, keeping each item's exact source text so the raw payload
// can be stored verbatim (JSON.parse alone would lose key spacing and 64-bit integers).

export const MAX_BODY_BYTES = 10 * 1024 * 1024;
export const MAX_ITEMS = 5000;

/**
 * An item's source text. `rawHash` is rawHashOf its bytes when they were hashed before
 * decoding; `digest` is the full SHA-256 of `raw`, when known (see contentHashOf).
 */
export type RawItem = { index: number; raw: string; rawHash?: string; digest?: string };
export type BodyItem = RawItem & ({ value: unknown } | { error: string });
/** An NDJSON line not decoded yet: its bytes, their SHA-256 (hex) and rawHashOf them. */
export type LineItem = { index: number; bytes: Buffer; digest: string; rawHash: string };

export type BodyKind = "json" | "ndjson";

export function bodyKindOf(contentType: string | null): BodyKind {
  const mime = mediaTypeOf(contentType);
  if (mime === "application/json") return "json";
  if (mime === "application/x-ndjson" || mime === "application/ndjson" || mime === "application/jsonl") return "ndjson";
  throw new UnsupportedMediaTypeError(
    `Content-Type must be application/json or application/x-ndjson, got ${mime ? `"${mime}"` : "none"}`,
  );
}

export function parseBody(text: string, kind: BodyKind): BodyItem[] {
  if (kind === "json") return checkCount(parseJsonBody(text));
  return ndjsonLines(Buffer.from(text, "utf8")).map((line) => parseItem(decodeLine(line)));
}

/**
 * The body's items. NDJSON lines stay undecoded bytes, hashed: the pipeline decodes and parses
 * only the lines it has not stored before. A JSON body is parsed whole, since only parsing can
 * validate it.
 */
export function readItems(body: Buffer, kind: BodyKind): (BodyItem | LineItem)[] {
  return kind === "json" ? parseBody(body.toString("utf8"), kind) : ndjsonLines(body);
}

function checkCount<T>(items: T[]): T[] {
  if (items.length === 0) throw new ValidationError("body holds no events");
  if (items.length > MAX_ITEMS) throw new PayloadTooLargeError(`a request may carry at most ${MAX_ITEMS} events, got ${items.length}`);
  return items;
}

export function isParsed(item: BodyItem | RawItem | LineItem): item is BodyItem {
  return "value" in item || "error" in item;
}

/** A line's text, String#trim-med (its raw hash stays the one of its bytes). */
export function decodeLine(item: LineItem): RawItem {
  const text = item.bytes.toString("utf8");
  const raw = text.trim();
  // The bytes' digest is the text's only when decoding replaced nothing and trim removed nothing.
  const sameBytes = raw.length === text.length && isUtf8(item.bytes);
  return { index: item.index, raw, rawHash: item.rawHash, ...(sameBytes ? { digest: item.digest } : {}) };
}

/** One NDJSON line parsed. */
export function parseItem(item: RawItem): BodyItem {
  try {
    return { ...item, value: JSON.parse(item.raw) };
  } catch {
    return { ...item, error: `line ${item.index + 1} is not valid JSON` };
  }
}

function parseJsonBody(text: string): BodyItem[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ValidationError(`body is not valid JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(value)) return [{ index: 0, raw: text.trim(), value }];
  const spans = splitTopLevelArray(text);
  return value.map((item, index) => ({ index, raw: spans[index] ?? JSON.stringify(item), value: item }));
}

const isAsciiSpace = (b: number) => b === 32 || (b >= 9 && b <= 13);

/** The body's NDJSON lines, counted (400/413) before any of them is hashed. */
function ndjsonLines(body: Buffer): LineItem[] {
  return checkCount(lineBytes(body)).map((bytes, index) => {
    const digest = sha256Hex(bytes);
    return { index, bytes, digest, rawHash: rawHashFromDigest(digest) };
  });
}

/**
 * NDJSON lines as bytes, ASCII whitespace trimmed, blank lines skipped. A line edged by a
 * non-ASCII byte is decoded to check that it is not blank in the wider sense of String#trim.
 */
function lineBytes(body: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  while (start <= body.length) {
    let end = body.indexOf(10, start);
    if (end < 0) end = body.length;
    let a = start;
    let b = end;
    while (a < b && isAsciiSpace(body[a])) a++;
    while (b > a && isAsciiSpace(body[b - 1])) b--;
    if (a < b) {
      const bytes = body.subarray(a, b);
      if ((bytes[0] < 128 && bytes[bytes.length - 1] < 128) || bytes.toString("utf8").trim() !== "") lines.push(bytes);
    }
    start = end + 1;
  }
  return lines;
}

/** Source text of each element of a top-level JSON array. The caller has already validated the JSON. */
export function splitTopLevelArray(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inString = false;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
      if (depth === 1 && start < 0) start = i;
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (depth === 1 && start < 0) start = i;
      depth++;
    } else if (c === 93 /* ] */ || c === 125 /* } */) {
      depth--;
      if (depth === 0 && start >= 0) out.push(text.slice(start, i).trim());
    } else if (c === 44 /* , */ && depth === 1) {
      if (start >= 0) out.push(text.slice(start, i).trim());
      start = -1;
    } else if (depth === 1 && start < 0 && c > 32) {
      start = i;
    }
  }
  return out;
}
