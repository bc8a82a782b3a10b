import type { Role } from "./roles";

/** How a call reached Vigil and from where: written into the audit log (lib/audit/write.ts). */
export interface RequestOrigin {
  /** web: a signed-in session (pages, server actions); api: a bearer token; cli: the operator CLI. */
  via: "web" | "api" | "cli";
  /** The client's address as X-Forwarded-For / X-Real-IP report it; null when unknown. */
  address: string | null;
  userAgent: string | null;
}

/** Who is calling and where: the first argument of every lib/ operation. */
export interface CallerContext {
  /** The tenant the call acts in. */
  tenantId: string;
  /** Every tenant the caller may read. */
  tenantIds: string[];
  role: Role;
  /** Written into lineage: "user:ana@example.com", "api-key:ci", "agent-token:node-1". */
  actor: string;
  userId: string | null;
  /** Set by the request wrappers (authAction; apiRoute) for writes the audit log records. */
  origin?: RequestOrigin;
}
