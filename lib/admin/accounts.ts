import { hashPassword, verifyPassword } from "@/lib/auth/passwords";
import { newSecret } from "@/lib/auth/secrets";
import { changedFields } from "@/lib/audit/changes";
import { cliActor, writeAudit, type AuditActor } from "@/lib/audit/write";
import { prisma } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { NotFoundError, ValidationError } from "@/lib/errors";
import {
  CreateAgentTokenInput,
  CreateApiKeyInput,
  CreateTenantInput,
  CreateUserInput,
} from "./schemas";

// Account operations used by the CLI (an operator on the server, so no caller context) and by
// the admin pages, which check the caller's role before calling them. Each writes its audit
// entry in its own transaction; `by` says who acted and from where (the CLI's operator when
// left out).

/** Creates the tenant, or renames it when a new name is given. */
export async function createTenant(raw: CreateTenantInput, by: AuditActor = cliActor()) {
  const input = CreateTenantInput.parse(raw);
  const select = { id: true, slug: true, name: true } as const;
  return prisma.$transaction(async (tx) => {
    const name = input.name ?? input.slug;
    // ON CONFLICT DO NOTHING: two concurrent creations of one slug make one tenant and one entry.
    const { count } = await tx.tenant.createMany({ data: [{ slug: input.slug, name }], skipDuplicates: true });
    const tenant = await tx.tenant.findUniqueOrThrow({ where: { slug: input.slug }, select });
    if (count === 1) {
      await writeAudit(tx, by, { tenantId: tenant.id, action: "tenant.create", subjectType: "tenant", subjectId: tenant.id, subjectLabel: tenant.slug, after: { slug: tenant.slug, name } });
      return tenant;
    }
    if (!input.name || input.name === tenant.name) return tenant;
    const renamed = await tx.tenant.update({ where: { id: tenant.id }, data: { name: input.name }, select });
    await writeAudit(tx, by, {
      tenantId: tenant.id, action: "tenant.rename", subjectType: "tenant", subjectId: tenant.id, subjectLabel: tenant.slug,
      before: { name: tenant.name }, after: { name: renamed.name },
    });
    return renamed;
  });
}

async function tenantBySlug(db: Prisma.TransactionClient, slug: string) {
  const tenant = await db.tenant.findUnique({ where: { slug }, select: { id: true, slug: true } });
  if (!tenant) throw new NotFoundError(`Tenant "${slug}"`);
  return tenant;
}

/**
 * Creates the user, or updates their password and name, and sets their role in the tenant.
 * One audit entry: user.create, or user.update with the fields that changed (the role is null
 * where the user was no member; a new password shows as passwordChanged, never its value).
 */
export async function createUser(raw: CreateUserInput, by: AuditActor = cliActor()) {
  const input = CreateUserInput.parse(raw);
  const name = input.name ?? input.email.split("@")[0];
  const select = { id: true, email: true, name: true } as const;
  // bcrypt is slow on purpose: hash and compare before the transaction holds any row.
  const existing = await prisma.user.findUnique({ where: { email: input.email }, select: { passwordHash: true } });
  const samePassword = existing ? await verifyPassword(input.password, existing.passwordHash) : false;
  const passwordHash = samePassword ? null : await hashPassword(input.password);
  return prisma.$transaction(async (tx) => {
    const tenant = await tenantBySlug(tx, input.tenant);
    const before = await tx.user.findUnique({
      where: { email: input.email },
      select: { ...select, memberships: { where: { tenantId: tenant.id }, select: { role: true } } },
    });
    const user = before
      ? await tx.user.update({ where: { id: before.id }, data: { ...(passwordHash ? { passwordHash } : {}), ...(input.name ? { name } : {}) }, select })
      : await tx.user.create({ data: { email: input.email, name, passwordHash: passwordHash ?? (await hashPassword(input.password)) }, select });
    await tx.membership.upsert({
      where: { tenantId_userId: { tenantId: tenant.id, userId: user.id } },
      create: { tenantId: tenant.id, userId: user.id, role: input.role },
      update: { role: input.role },
    });
    const entry = { tenantId: tenant.id, subjectType: "user", subjectId: user.id, subjectLabel: user.email } as const;
    if (!before) {
      await writeAudit(tx, by, { ...entry, action: "user.create", after: { email: user.email, name: user.name, role: input.role } });
    } else {
      const change = changedFields(
        { name: before.name, role: before.memberships[0]?.role ?? null, passwordChanged: false },
        { name: user.name, role: input.role, passwordChanged: passwordHash !== null },
      );
      if (change) await writeAudit(tx, by, { ...entry, action: "user.update", ...change });
    }
    return { ...user, tenant: tenant.slug, role: input.role };
  });
}

export async function createApiKey(raw: CreateApiKeyInput, by: AuditActor = cliActor()) {
  const input = CreateApiKeyInput.parse(raw);
  const { secret, prefix, hash } = newSecret("key");
  return prisma.$transaction(async (tx) => {
    const tenant = await tenantBySlug(tx, input.tenant);
    let userId: string | null = null;
    if (input.userEmail) {
      const user = await tx.user.findUnique({
        where: { email: input.userEmail },
        select: { id: true, memberships: { where: { tenantId: tenant.id }, select: { role: true } } },
      });
      if (!user) throw new NotFoundError(`User "${input.userEmail}"`);
      // A user's key can never do more than the user (lib/auth/bearer.ts): it would be refused from the start.
      if (user.memberships.length === 0) throw new ValidationError(`${input.userEmail} is not a member of ${tenant.slug}`, { field: "userEmail" });
      userId = user.id;
    }
    const key = await tx.apiKey.create({
      data: { tenantId: tenant.id, userId, name: input.name, role: input.role, prefix, secretHash: hash },
      select: { id: true, name: true, role: true, prefix: true },
    });
    await writeAudit(tx, by, {
      tenantId: tenant.id, action: "api_key.create", subjectType: "api_key", subjectId: key.id, subjectLabel: key.name,
      after: { name: key.name, role: key.role, prefix: key.prefix, owner: input.userEmail ?? null },
    });
    return { ...key, secret };
  });
}

export async function createAgentToken(raw: CreateAgentTokenInput, by: AuditActor = cliActor()) {
  const input = CreateAgentTokenInput.parse(raw);
  const { secret, prefix, hash } = newSecret("agent");
  return prisma.$transaction(async (tx) => {
    const tenant = await tenantBySlug(tx, input.tenant);
    const token = await tx.agentToken.create({
      data: { tenantId: tenant.id, name: input.name, prefix, secretHash: hash },
      select: { id: true, name: true, prefix: true },
    });
    await writeAudit(tx, by, {
      tenantId: tenant.id, action: "agent_token.create", subjectType: "agent_token", subjectId: token.id, subjectLabel: token.name,
      after: { name: token.name, prefix: token.prefix },
    });
    return { ...token, secret };
  });
}

/** Revokes a live credential of the tenant; an unknown, foreign or already revoked one is a 404. */
export async function revokeCredential(kind: "api-key" | "agent-token", tenantId: string, id: string, by: AuditActor = cliActor()) {
  const what = kind === "api-key" ? "API key" : "Agent token";
  await prisma.$transaction(async (tx) => {
    const where = { id, tenantId, revokedAt: null };
    const select = { name: true, prefix: true } as const;
    const live = kind === "api-key" ? await tx.apiKey.findFirst({ where, select }) : await tx.agentToken.findFirst({ where, select });
    if (!live) throw new NotFoundError(what);
    const revokedAt = new Date();
    // Conditional: of two concurrent revocations, one wins and the other is a 404.
    const { count } =
      kind === "api-key"
        ? await tx.apiKey.updateMany({ where, data: { revokedAt } })
        : await tx.agentToken.updateMany({ where, data: { revokedAt } });
    if (count === 0) throw new NotFoundError(what);
    await writeAudit(tx, by, {
      tenantId, action: kind === "api-key" ? "api_key.revoke" : "agent_token.revoke", subjectType: kind === "api-key" ? "api_key" : "agent_token",
      subjectId: id, subjectLabel: live.name, before: { revokedAt: null }, after: { revokedAt: revokedAt.toISOString() },
    });
  });
}
