// The one lineage writer. Every domain (events, issues, comments, network policies, later rules)
// appends its entries through here, inside the transaction of the change it records: a pg client
// in the raw ingest transaction, or a Prisma transaction client. The table refuses UPDATE and
// DELETE itself (see the init migration).

export type LineageSubject = "event" | "issue" | "network_policy" | "network_policy_rule" | "rule_set" | "detection_rule";

export interface NewLineageEntry {
  subjectType: LineageSubject;
  subjectId: string;
  action: string;
  actor: string;
  details?: Record<string, unknown> | null;
}

/** Something that runs parameterised SQL: a pg client or pool, or a Prisma (transaction) client. */
export type SqlRunner =
  | { query: (sql: string, values: unknown[]) => Promise<unknown> }
  | { $executeRawUnsafe: (sql: string, ...values: unknown[]) => Promise<number> };

const COLUMNS = "tenant_id, subject_type, subject_id, action, actor, details";

/**
 * An INSERT of lineage rows from a SELECT that yields, in order, the tenant, subject type,
 * subject id, action, actor and details (jsonb): for set-based writers that record lineage
 * inside a larger statement (a CTE of ingest, a bulk assessment).
 */
export function lineageInsertFrom(select: string): string {
  return `INSERT INTO lineage_entries (${COLUMNS}) ${select}`;
}

const INSERT_ENTRIES = lineageInsertFrom(
  `SELECT $1::uuid, u.subject_type, u.subject_id, u.action, u.actor, u.details::jsonb
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS u(subject_type, subject_id, action, actor, details)`,
);

/** Appends entries of one tenant, in order, with one statement. */
export async function writeLineage(db: SqlRunner, tenantId: string, entries: NewLineageEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const values = [
    tenantId,
    entries.map((e) => e.subjectType),
    entries.map((e) => e.subjectId),
    entries.map((e) => e.action),
    entries.map((e) => e.actor),
    // jsonb refuses the escape of an unpaired surrogate: whatever a writer passes, it is stored.
    entries.map((e) => (e.details == null ? null : JSON.stringify(e.details, (_key, v: unknown) => (typeof v === "string" ? v.toWellFormed() : v)))),
  ];
  if ("query" in db) await db.query(INSERT_ENTRIES, values);
  else await db.$executeRawUnsafe(INSERT_ENTRIES, ...values);
}
