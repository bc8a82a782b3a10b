// Before/after of an audited act: only the fields that changed, never a secret. Pure.

export type AuditValues = Record<string, unknown>;

// Names of fields that hold secrets or their hashes: a writer that passes one by mistake has it
// dropped, not stored. "passwordChanged" (a flag) is kept.
const SECRET_FIELD = /(secret|hash)$|^(password|token|secret|hash)$/i;

/** `values` without secret-looking fields, at any depth; null for nothing left. */
export function redactSecrets(values: AuditValues | null | undefined): AuditValues | null {
  if (!values) return null;
  const out: AuditValues = {};
  for (const [key, value] of Object.entries(values)) {
    if (SECRET_FIELD.test(key) || value === undefined) continue;
    out[key] = isPlainObject(value) ? redactSecrets(value) : value;
  }
  return Object.keys(out).length > 0 ? out : null;
}

/**
 * The fields of `after` that differ from `before` (a field missing on one side counts as null),
 * with their old and new values; null when nothing changed.
 */
export function changedFields(before: AuditValues, after: AuditValues): { before: AuditValues; after: AuditValues } | null {
  const b: AuditValues = {};
  const a: AuditValues = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const old = before[key] ?? null;
    const now = after[key] ?? null;
    if (JSON.stringify(old) === JSON.stringify(now)) continue;
    b[key] = old;
    a[key] = now;
  }
  return Object.keys(a).length > 0 ? { before: b, after: a } : null;
}

export interface FieldChange {
  field: string;
  /** Absent: the field is new (a creation). */
  before?: string;
  /** Absent: the field went away. */
  after?: string;
}

/**
 * The entry's fields as lines a person reads: `role: analyst → admin`, `name: ci`. A field with
 * the same value on both sides says what the subject belongs to (a rule's policyId), not a change.
 */
export function describeChanges(before: AuditValues | null, after: AuditValues | null): FieldChange[] {
  const same = (k: string) => before !== null && after !== null && k in before && k in after && JSON.stringify(before[k]) === JSON.stringify(after[k]);
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].filter((k) => !same(k));
  return keys.map((field) => {
    const change: FieldChange = { field };
    if (before && field in before) change.before = display(before[field]);
    if (after && field in after) change.after = display(after[field]);
    return change;
  });
}

/** One line: `role: analyst → admin; name: ci`. */
export function changesText(before: AuditValues | null, after: AuditValues | null): string {
  return describeChanges(before, after)
    .map((c) => `${c.field}: ${c.before !== undefined && c.after !== undefined ? `${c.before} → ${c.after}` : (c.after ?? `${c.before} → (removed)`)}`)
    .join("; ");
}

const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d+)?Z$/;

function display(value: unknown): string {
  if (value === null || value === undefined) return "none";
  if (typeof value !== "string") return JSON.stringify(value);
  // Instants read as the rest of the console shows them: "2026-12-05 10:00:00 UTC".
  const instant = ISO_INSTANT.exec(value);
  return instant ? `${instant[1]} ${instant[2]} UTC` : value;
}

function isPlainObject(value: unknown): value is AuditValues {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
