import { userInfo } from "node:os";
import type { CallerContext, RequestOrigin } from "@/lib/auth/context";
import { redactSecrets, type AuditValues } from "./changes";
import type { AuditAction, AuditSubjectType } from "./schemas";

// The one audit writer. Every administrative act (tenants, users and roles, API keys, agent
// tokens, tenant settings; later policies and rules) appends its entry through here, inside the
// transaction of the act, as lineage does (lib/lineage/write.ts). The table refuses UPDATE and
// DELETE itself (migration 20261205020000_audit_log).

/** Who acted and from where. */
export interface AuditActor extends RequestOrigin {
  /** "user:ana@example.com", "api-key:ci", "cli:root". */
  actor: string;
  userId: string | null;
}

/** The operator CLI: the account on the server that ran it. */
export function cliActor(name = osUser()): AuditActor {
  return { actor: `cli:${name}`, userId: null, via: "cli", address: null, userAgent: null };
}

/** The caller of a request; one that came through no request wrapper counts as an API call. */
export function auditActorOf(ctx: CallerContext): AuditActor {
  const origin = ctx.origin ?? { via: "api", address: null, userAgent: null };
  return { actor: ctx.actor, userId: ctx.userId, ...origin };
}

export interface NewAuditEntry {
  /** Null only for an act outside any tenant. */
  tenantId: string | null;
  action: AuditAction;
  subjectType: AuditSubjectType;
  subjectId: string | null;
  /** The subject's readable name as it is now: a key's name, a user's email. */
  subjectLabel?: string | null;
  /** The changed fields as they were (null for a creation) and as they are; secrets are dropped. */
  before?: AuditValues | null;
  after?: AuditValues | null;
}

/** Something that runs parameterised SQL: a pg client or pool, or a Prisma (transaction) client. */
export type SqlRunner =
  | { query: (sql: string, values: unknown[]) => Promise<unknown> }
  | { $executeRawUnsafe: (sql: string, ...values: unknown[]) => Promise<number> };

const INSERT = `INSERT INTO audit_entries
  (tenant_id, actor, actor_user_id, action, subject_type, subject_id, subject_label, via, address, user_agent, "before", "after")
  VALUES ($1::uuid, $2, $3::uuid, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12::jsonb)`;

export async function writeAudit(db: SqlRunner, by: AuditActor, entry: NewAuditEntry): Promise<void> {
  const json = (v: AuditValues | null | undefined) => {
    const kept = redactSecrets(v);
    // jsonb refuses the escape of an unpaired surrogate: whatever a writer passes, it is stored.
    return kept === null ? null : JSON.stringify(kept, (_key, value: unknown) => (typeof value === "string" ? value.toWellFormed() : value));
  };
  const values = [
    entry.tenantId, by.actor, by.userId, entry.action, entry.subjectType, entry.subjectId, entry.subjectLabel ?? null,
    by.via, by.address, by.userAgent, json(entry.before), json(entry.after),
  ];
  if ("query" in db) await db.query(INSERT, values);
  else await db.$executeRawUnsafe(INSERT, ...values);
}

function osUser(): string {
  try {
    return userInfo().username || "operator";
  } catch {
    return "operator";
  }
}
