import "server-only";
import { getServerSession } from "next-auth";
import { cookies } from "next/headers";
import { prisma } from "@/lib/db";
import type { CallerContext } from "./context";
import { requestAuthOptions } from "./options";
import type { Role } from "./roles";

export const TENANT_COOKIE = "vigil_tenant";

export interface TenantMembership {
  tenantId: string;
  slug: string;
  name: string;
  role: Role;
}

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  memberships: TenantMembership[];
  active: TenantMembership;
}

/** The signed-in user with their memberships and active tenant, or null; null too while they must change their password. */
export async function currentUser(): Promise<SessionUser | null> {
  const signedIn = await signedInUser();
  return signedIn && !signedIn.mustChangePassword ? signedIn.user : null;
}

/**
 * The signed-in user even while an admin's reset makes them change their password first: only
 * the account page and its action take such a user (everything else sees no one signed in).
 * A session signed in before the password last changed is over.
 */
export async function signedInUser(): Promise<{ user: SessionUser; mustChangePassword: boolean } | null> {
  const session = await sessionOrNull();
  const sessionUser = session?.user as { id?: string; signedInAt?: number | null } | undefined;
  const id = sessionUser?.id;
  if (!id) return null;
  const user = await prisma.user.findUnique({
    where: { id },
    select: {
      id: true,
      email: true,
      name: true,
      disabledAt: true,
      mustChangePassword: true,
      passwordChangedAt: true,
      memberships: { select: { role: true, tenant: { select: { id: true, slug: true, name: true } } } },
    },
  });
  if (!user || user.disabledAt || user.memberships.length === 0) return null;
  if (user.passwordChangedAt && (sessionUser?.signedInAt ?? 0) < user.passwordChangedAt.getTime()) return null;
  const memberships = user.memberships
    .map((m) => ({ tenantId: m.tenant.id, slug: m.tenant.slug, name: m.tenant.name, role: m.role }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const wanted = (await cookies()).get(TENANT_COOKIE)?.value;
  const active = memberships.find((m) => m.slug === wanted) ?? memberships[0];
  return { user: { id: user.id, email: user.email, name: user.name, memberships, active }, mustChangePassword: user.mustChangePassword };
}

/** The session; a request next-auth refuses (a bad callback-URL cookie) is signed out, not a 500. */
async function sessionOrNull() {
  try {
    return await getServerSession(await requestAuthOptions());
  } catch (err) {
    // Next.js signals dynamic rendering and redirects by throwing errors that carry a digest:
    // those are not refusals. (next/navigation's unstable_rethrow would do it, but cannot load
    // outside Next's React: the CLI and benchmarks import this module.)
    if (typeof err === "object" && err !== null && "digest" in err) throw err;
    console.error("session refused:", (err as Error).message);
    return null;
  }
}

export function contextOf(user: SessionUser): CallerContext {
  return {
    tenantId: user.active.tenantId,
    tenantIds: user.memberships.map((m) => m.tenantId),
    role: user.active.role,
    actor: `user:${user.email}`,
    userId: user.id,
  };
}
