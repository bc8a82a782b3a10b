// What PostgreSQL can store of an event's values: text without U+0000 or unpaired UTF-16
// surrogates (text and jsonb refuse both), and times between 1970 and 9999 (timestamptz
// refuses later years). JSON can carry all of these, so an agent can send them.

const MAX_TIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59);

export function isStorableMs(ms: number): boolean {
  return Number.isFinite(ms) && ms >= 0 && ms <= MAX_TIME_MS;
}

export function isStorableTime(iso: string): boolean {
  return isStorableMs(Date.parse(iso));
}

// In JSON text, NUL and surrogates can only appear as \u escapes (UTF-8 cannot encode a surrogate).
const RISKY_ESCAPE = /\\u(?:0000|[dD][89a-fA-F])/;

/** Whether an item's JSON text may hold a string PostgreSQL refuses (checked before cleaning). */
export function mayHoldUnstorableText(raw: string): boolean {
  return raw.includes("\\u") && RISKY_ESCAPE.test(raw);
}

/** The value with every string (keys included) freed of NUL and unpaired surrogates (→ U+FFFD). */
export function storableText<T>(value: T): T {
  if (typeof value === "string") return value.replaceAll("\u0000", "").toWellFormed() as T;
  if (Array.isArray(value)) return value.map(storableText) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storableText(k), storableText(v)])) as T;
  }
  return value;
}

/** The first `max` UTF-16 units of `s`, never ending on half of a surrogate pair (an emoji cut in two). */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  const last = s.charCodeAt(max - 1);
  return s.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}
