import { lowerRole, type Role } from "./roles";

/** The user an API key was made for, as much of them as decides what the key may do. */
export interface KeyOwner {
  disabledAt: Date | null;
  memberships: { tenantId: string; role: Role }[];
}

/**
 * What an API key may do now: its own role, never more than its user's role in the key's
 * tenant; null once the user is disabled or has left the tenant. A tenant key has no user.
 */
export function effectiveKeyRole(key: { tenantId: string; role: Role }, owner: KeyOwner | null): Role | null {
  if (!owner) return key.role;
  const membership = owner.memberships.find((m) => m.tenantId === key.tenantId);
  if (owner.disabledAt || !membership) return null;
  return lowerRole(key.role, membership.role);
}
