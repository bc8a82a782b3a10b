import { hashPassword } from "@/lib/auth/passwords";
import { newSecret } from "@/lib/auth/secrets";
import { prisma } from "@/lib/db";
import { NotFoundError, ValidationError } from "@/lib/errors";
import {
  CreateAgentTokenInput,
  CreateApiKeyInput,
  CreateTenantInput,
  CreateUserInput,
} from "./schemas";

// Account operations used by the CLI (an operator on the server, so no caller context) and by
// the admin pages, which check the caller's role before calling them.

export async function createTenant(raw: CreateTenantInput) {
  const input = CreateTenantInput.parse(raw);
  return prisma.tenant.upsert({
    where: { slug: input.slug },
    create: { slug: input.slug, name: input.name ?? input.slug },
    update: input.name ? { name: input.name } : {},
    select: { id: true, slug: true, name: true },
  });
}

async function tenantBySlug(slug: string) {
  const tenant = await prisma.tenant.findUnique({ where: { slug }, select: { id: true, slug: true } });
  if (!tenant) throw new NotFoundError(`Tenant "${slug}"`);
  return tenant;
}

/** Creates the user, or updates their password and name, and sets their role in the tenant. */
export async function createUser(raw: CreateUserInput) {
  const input = CreateUserInput.parse(raw);
  const tenant = await tenantBySlug(input.tenant);
  const passwordHash = await hashPassword(input.password);
  const name = input.name ?? input.email.split("@")[0];
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.upsert({
      where: { email: input.email },
      create: { email: input.email, name, passwordHash },
      update: { passwordHash, ...(input.name ? { name } : {}) },
      select: { id: true, email: true, name: true },
    });
    await tx.membership.upsert({
      where: { tenantId_userId: { tenantId: tenant.id, userId: user.id } },
      create: { tenantId: tenant.id, userId: user.id, role: input.role },
      update: { role: input.role },
    });
    return { ...user, tenant: tenant.slug, role: input.role };
  });
}

export async function createApiKey(raw: CreateApiKeyInput) {
  const input = CreateApiKeyInput.parse(raw);
  const tenant = await tenantBySlug(input.tenant);
  let userId: string | null = null;
  if (input.userEmail) {
    const user = await prisma.user.findUnique({
      where: { email: input.userEmail },
      select: { id: true, memberships: { where: { tenantId: tenant.id }, select: { role: true } } },
    });
    if (!user) throw new NotFoundError(`User "${input.userEmail}"`);
    // A user's key can never do more than the user (lib/auth/bearer.ts): it would be refused from the start.
    if (user.memberships.length === 0) throw new ValidationError(`${input.userEmail} is not a member of ${tenant.slug}`, { field: "userEmail" });
    userId = user.id;
  }
  const { secret, prefix, hash } = newSecret("key");
  const key = await prisma.apiKey.create({
    data: { tenantId: tenant.id, userId, name: input.name, role: input.role, prefix, secretHash: hash },
    select: { id: true, name: true, role: true, prefix: true },
  });
  return { ...key, secret };
}

export async function createAgentToken(raw: CreateAgentTokenInput) {
  const input = CreateAgentTokenInput.parse(raw);
  const tenant = await tenantBySlug(input.tenant);
  const { secret, prefix, hash } = newSecret("agent");
  const token = await prisma.agentToken.create({
    data: { tenantId: tenant.id, name: input.name, prefix, secretHash: hash },
    select: { id: true, name: true, prefix: true },
  });
  return { ...token, secret };
}

export async function revokeCredential(kind: "api-key" | "agent-token", tenantId: string, id: string) {
  const data = { revokedAt: new Date() };
  const where = { id, tenantId, revokedAt: null };
  const { count } =
    kind === "api-key" ? await prisma.apiKey.updateMany({ where, data }) : await prisma.agentToken.updateMany({ where, data });
  if (count === 0) throw new NotFoundError(kind === "api-key" ? "API key" : "Agent token");
}
