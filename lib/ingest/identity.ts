import { hash } from "node:crypto";

// Identity and change detection. The content hash is taken over the item re-serialised by
// JSON.stringify, so a resend with different whitespace is still "unchanged". Keys are not
// sorted: agents emit a stable key order, and sorting costs four times the rest of the hash.

export function contentHashOf(value: unknown): string {
  return hash("sha256", JSON.stringify(value) ?? "null", "hex");
}

/** The event's key inside its tenant: the source id when it has one, else the content hash. */
export function eventKeyFor(format: string, sourceId: string | undefined, contentHash: string, indexInItem: number): string {
  if (sourceId) return `${format}:id:${sourceId}`;
  return `${format}:sha256:${contentHash}${indexInItem > 0 ? `:${indexInItem}` : ""}`;
}

/**
 * The raw item's bytes (a string as UTF-8), hashed: a resend of exactly the same bytes is
 * recognised before it is parsed or adapted (the replay fast path). 128 bits of SHA-256,
 * stored as a uuid.
 */
export function rawHashOf(raw: string | Buffer): string {
  const h = hash("sha256", raw, "hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
