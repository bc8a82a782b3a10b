import type { Role } from "./roles";

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
}
