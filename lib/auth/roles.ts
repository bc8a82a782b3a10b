export const ROLES = ["admin", "analyst", "manager"] as const;
export type Role = (typeof ROLES)[number];

export type Permission = "ingest" | "read" | "triage" | "admin";

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: ["ingest", "read", "triage", "admin"],
  analyst: ["read", "triage"],
  manager: ["read"],
};

export function roleCan(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

// Each role's permissions include the ones before it.
const RANK: Record<Role, number> = { manager: 0, analyst: 1, admin: 2 };

/** The role that allows less of the two. */
export function lowerRole(a: Role, b: Role): Role {
  return RANK[a] <= RANK[b] ? a : b;
}
