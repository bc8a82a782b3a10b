import { hash } from "node:crypto";

// Identity and change detection. The content hash is taken over the item's text without the
// whitespace JSON ignores, so a resend with different spacing or line breaks is still
// "unchanged". Hashing the text (not the parsed value re-serialised) costs one pass over it:
// JSON.stringify of the parsed item was a tenth of the ingest thread's time.

/** SHA-256 (hex) of the item's JSON text with the whitespace outside strings removed. */
export function contentHashOf(raw: string, digestOfRaw?: string): string {
  const compact = compactJsonText(raw);
  // Already compact (agents send it so): the hash of the text is the one taken of its bytes.
  if (compact === raw && digestOfRaw) return digestOfRaw;
  return sha256Hex(compact);
}

export function sha256Hex(data: string | Buffer): string {
  return hash("sha256", data, "hex");
}

/**
 * The JSON text without insignificant whitespace (space, tab, CR, LF outside strings); the same
 * string when it has none. The caller has parsed the text, so it is valid JSON. Strings are
 * skipped with indexOf, which is native: only the short stretches between them are read here.
 */
export function compactJsonText(text: string): string {
  const n = text.length;
  let parts: string[] | null = null;
  let copiedUpTo = 0;
  let i = 0;
  while (i < n) {
    let quote = text.indexOf('"', i);
    if (quote < 0) quote = n;
    for (let j = i; j < quote; j++) {
      const c = text.charCodeAt(j);
      if (c === 32 || c === 10 || c === 13 || c === 9) {
        parts ??= [];
        if (j > copiedUpTo) parts.push(text.slice(copiedUpTo, j));
        copiedUpTo = j + 1;
      }
    }
    if (quote === n) break;
    i = endOfString(text, quote) + 1;
  }
  if (parts === null) return text;
  if (copiedUpTo < n) parts.push(text.slice(copiedUpTo));
  return parts.join("");
}

/** The index of the quote that closes the string opened at `open` (one not escaped by a backslash). */
function endOfString(text: string, open: number): number {
  let at = open + 1;
  for (;;) {
    const quote = text.indexOf('"', at);
    if (quote < 0) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 92) backslashes++;
    if (backslashes % 2 === 0) return quote;
    at = quote + 1;
  }
}

/** The event's key inside its tenant: the source id when it has one, else the content hash. */
export function eventKeyFor(format: string, sourceId: string | undefined, contentHash: string, indexInItem: number): string {
  if (sourceId) return boundedKey(`${format}:id:${sourceId}`);
  return `${format}:sha256:${contentHash}${indexInItem > 0 ? `:${indexInItem}` : ""}`;
}

// A B-tree entry must fit in 2,704 bytes (a third of a page), the tenant's uuid included.
const MAX_KEY_BYTES = 2600;

/** The key, or its SHA-256 when it is too long to index: the same long id still names the same row. */
export function boundedKey(key: string): string {
  return key.length * 3 <= MAX_KEY_BYTES || Buffer.byteLength(key) <= MAX_KEY_BYTES ? key : `sha256:${sha256Hex(key)}`;
}

/**
 * The raw item's bytes (a string as UTF-8), hashed: a resend of exactly the same bytes is
 * recognised before it is parsed or adapted (the replay fast path). 128 bits of SHA-256,
 * stored as a uuid.
 */
export function rawHashOf(raw: string | Buffer): string {
  return rawHashFromDigest(sha256Hex(raw));
}

/** rawHashOf, from the full SHA-256 hex digest of the same bytes. */
export function rawHashFromDigest(h: string): string {
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
