import { createHash } from "node:crypto";

// Identity and change detection. An item's content hash is taken over canonical JSON (keys
// sorted), so a resend with different whitespace or key order is still "unchanged".

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  const parts: string[] = [];
  for (const k of keys) {
    if (obj[k] === undefined) continue;
    parts.push(`${JSON.stringify(k)}:${canonicalJson(obj[k])}`);
  }
  return `{${parts.join(",")}}`;
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** The event's key inside its tenant: the source id when it has one, else the content hash. */
export function eventKeyFor(format: string, sourceId: string | undefined, contentHash: string, indexInItem: number): string {
  if (sourceId) return `${format}:id:${sourceId}`;
  return `${format}:sha256:${contentHash}${indexInItem > 0 ? `:${indexInItem}` : ""}`;
}
