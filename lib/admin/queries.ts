import "server-only";
import { effectiveKeyRole } from "@/lib/auth/api-key-role";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { prisma } from "@/lib/db";
import { ForbiddenError } from "@/lib/errors";

/** Members and machine credentials of the caller's tenant (never the secrets: only their prefixes). */
export async function getTenantAccess({ ctx }: { ctx: CallerContext }) {
  if (!roleCan(ctx.role, "admin")) throw new ForbiddenError();
  const [members, apiKeys, agentTokens] = await Promise.all([
    prisma.membership.findMany({
      where: { tenantId: ctx.tenantId },
      orderBy: { user: { email: "asc" } },
      select: { role: true, createdAt: true, user: { select: { id: true, email: true, name: true, mustChangePassword: true } } },
    }),
    prisma.apiKey.findMany({
      where: { tenantId: ctx.tenantId },
      orderBy: { createdAt: "desc" },
      select: {
        id: true, tenantId: true, name: true, role: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true,
        user: { select: { email: true, disabledAt: true, memberships: { select: { tenantId: true, role: true } } } },
      },
    }),
    prisma.agentToken.findMany({
      where: { tenantId: ctx.tenantId },
      orderBy: { createdAt: "desc" },
      select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true },
    }),
  ]);
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  const credential = (c: { id: string; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null }) => ({
    id: c.id, name: c.name, prefix: c.prefix, createdAt: c.createdAt.toISOString(), lastUsedAt: iso(c.lastUsedAt), revokedAt: iso(c.revokedAt),
  });
  return {
    members: members.map((m) => ({
      id: m.user.id, email: m.user.email, name: m.user.name, role: m.role, since: m.createdAt.toISOString(),
      mustChangePassword: m.user.mustChangePassword, you: m.user.id === ctx.userId,
    })),
    // actsAs: what the key may do now (lib/auth/api-key-role.ts), which its user's role can lower.
    apiKeys: apiKeys.map((k) => ({ ...credential(k), role: k.role, owner: k.user?.email ?? null, actsAs: effectiveKeyRole(k, k.user) })),
    agentTokens: agentTokens.map(credential),
  };
}

export type TenantAccess = Awaited<ReturnType<typeof getTenantAccess>>;
