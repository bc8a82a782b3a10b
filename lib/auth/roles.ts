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
