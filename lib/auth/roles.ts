export const ROLES = ["admin", "analyst", "manager"] as const;
export type Role = (typeof ROLES)[number];

/** `effectivePolicy`: read the network policy that applies to an agent (what agents fetch to enforce). */
export type Permission = "ingest" | "read" | "triage" | "admin" | "effectivePolicy";

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: ["ingest", "read", "triage", "admin", "effectivePolicy"],
  analyst: ["read", "triage", "effectivePolicy"],
  manager: ["read", "effectivePolicy"],
};

/** What an agent token may do: send events and fetch the policy it enforces. */
const AGENT_GRANTS: readonly Permission[] = ["ingest", "effectivePolicy"];

export function roleCan(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

export function agentCan(permission: Permission): boolean {
  return AGENT_GRANTS.includes(permission);
}

// Each role's permissions include the ones before it.
const RANK: Record<Role, number> = { manager: 0, analyst: 1, admin: 2 };

/** The role that allows less of the two. */
export function lowerRole(a: Role, b: Role): Role {
  return RANK[a] <= RANK[b] ? a : b;
}
