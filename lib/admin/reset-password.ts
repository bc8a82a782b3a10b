import { changedFields } from "@/lib/audit/changes";
import { auditActorOf, cliActor, writeAudit, type AuditActor } from "@/lib/audit/write";
import type { CallerContext } from "@/lib/auth/context";
import { hashPassword, temporaryPassword } from "@/lib/auth/passwords";
import { roleCan } from "@/lib/auth/roles";
import { prisma } from "@/lib/db";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { parseOrThrow } from "@/lib/events/schemas";
import { ResetPasswordInput } from "./schemas";

// An admin resets a member's password: Vigil sets a temporary one, shown to the admin once, and
// the member must choose their own at the next sign-in. Every session the member had ends at once
// (lib/auth/session.ts); their API keys go on working. A password opens every tenant its user
// belongs to, so an admin resets only members of no tenant they do not administer; an operator
// resets anyone's from the CLI.

const SELECT = { id: true, email: true, mustChangePassword: true, memberships: { select: { tenantId: true } } } as const;

export async function resetPassword({ ctx, input }: { ctx: CallerContext; input: unknown }) {
  if (!roleCan(ctx.role, "admin")) throw new ForbiddenError();
  const { userId } = parseOrThrow(ResetPasswordInput, input);
  const user = await prisma.user.findFirst({ where: { id: userId, memberships: { some: { tenantId: ctx.tenantId } } }, select: SELECT });
  if (!user) throw new NotFoundError("User");
  if (user.id === ctx.userId) throw new ValidationError("userId: change your own password on your account page", { field: "userId" });
  const administered = ctx.userId
    ? new Set((await prisma.membership.findMany({ where: { userId: ctx.userId, role: "admin" }, select: { tenantId: true } })).map((m) => m.tenantId))
    : new Set([ctx.tenantId]);
  if (user.memberships.some((m) => !administered.has(m.tenantId))) {
    throw new ForbiddenError("This user also belongs to a tenant you do not administer: an operator can reset the password (npm run vigil -- user reset-password)");
  }
  return applyReset(user, auditActorOf(ctx));
}

/** The CLI's reset, for any user. */
export async function resetPasswordByEmail(email: string, by: AuditActor = cliActor()) {
  const user = await prisma.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: SELECT });
  if (!user) throw new NotFoundError(`User "${email}"`);
  return applyReset(user, by);
}

async function applyReset(user: { id: string; email: string; mustChangePassword: boolean; memberships: { tenantId: string }[] }, by: AuditActor) {
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, mustChangePassword: true, passwordChangedAt: new Date() } });
    const change = changedFields({ passwordChanged: false, mustChangePassword: user.mustChangePassword }, { passwordChanged: true, mustChangePassword: true });
    for (const { tenantId } of user.memberships.length > 0 ? user.memberships : [{ tenantId: null }]) {
      await writeAudit(tx, by, { tenantId, action: "user.password_reset", subjectType: "user", subjectId: user.id, subjectLabel: user.email, ...change });
    }
  });
  return { email: user.email, temporaryPassword: password };
}
