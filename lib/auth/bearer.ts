import "server-only";
import { prisma } from "@/lib/db";
import { hashSecret } from "./secrets";
import { effectiveKeyRole } from "./api-key-role";
import type { Role } from "./roles";

export type MachinePrincipal =
  | { kind: "agent"; tenantId: string; credentialId: string; actor: string }
  | { kind: "apiKey"; tenantId: string; credentialId: string; actor: string; role: Role; userId: string | null };

const TOUCH_INTERVAL_MS = 60_000;

/** Resolves an `Authorization: Bearer …` secret to an agent token or API key; null if unknown or revoked. */
export async function principalFromBearer(secret: string): Promise<MachinePrincipal | null> {
  const hash = hashSecret(secret);
  if (secret.startsWith("vgl_agent_")) {
    const token = await prisma.agentToken.findUnique({
      where: { secretHash: hash },
      select: { id: true, tenantId: true, name: true, revokedAt: true, lastUsedAt: true },
    });
    if (!token || token.revokedAt) return null;
    touch("agent_tokens", token.id, token.lastUsedAt);
    return { kind: "agent", tenantId: token.tenantId, credentialId: token.id, actor: `agent-token:${token.name}` };
  }
  if (secret.startsWith("vgl_key_")) {
    const key = await prisma.apiKey.findUnique({
      where: { secretHash: hash },
      select: {
        id: true, tenantId: true, name: true, role: true, userId: true, revokedAt: true, lastUsedAt: true,
        user: { select: { disabledAt: true, memberships: { select: { tenantId: true, role: true } } } },
      },
    });
    if (!key || key.revokedAt) return null;
    const role = effectiveKeyRole(key, key.user);
    if (!role) return null;
    touch("api_keys", key.id, key.lastUsedAt);
    return { kind: "apiKey", tenantId: key.tenantId, credentialId: key.id, actor: `api-key:${key.name}`, role, userId: key.userId };
  }
  return null;
}

// Recording last use at most once a minute keeps a write off every ingest request.
function touch(table: "agent_tokens" | "api_keys", id: string, lastUsedAt: Date | null): void {
  if (lastUsedAt && Date.now() - lastUsedAt.getTime() < TOUCH_INTERVAL_MS) return;
  const update =
    table === "agent_tokens"
      ? prisma.agentToken.update({ where: { id }, data: { lastUsedAt: new Date() } })
      : prisma.apiKey.update({ where: { id }, data: { lastUsedAt: new Date() } });
  update.catch((err: unknown) => console.error("could not record credential use", (err as Error).message));
}

export function bearerSecret(header: string | null): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match ? match[1] : null;
}
