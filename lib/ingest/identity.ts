import { createHash } from "node:crypto";

// Identity and change detection. The content hash is taken over the item re-serialised by
// JSON.stringify, so a resend with different whitespace is still "unchanged". Keys are not
// sorted: agents emit a stable key order, and sorting costs four times the rest of the hash.

export function contentHashOf(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value) ?? "null").digest("hex");
}

/** The event's key inside its tenant: the source id when it has one, else the content hash. */
export function eventKeyFor(format: string, sourceId: string | undefined, contentHash: string, indexInItem: number): string {
  if (sourceId) return `${format}:id:${sourceId}`;
  return `${format}:sha256:${contentHash}${indexInItem > 0 ? `:${indexInItem}` : ""}`;
}
