import "server-only";
import { changedFields } from "@/lib/audit/changes";
import { auditActorOf, writeAudit } from "@/lib/audit/write";
import { prisma } from "@/lib/db";
import { ConflictError, UnauthorizedError, ValidationError } from "@/lib/errors";
import { parseOrThrow } from "@/lib/events/schemas";
import type { CallerContext } from "./context";
import { ChangePasswordInput, hashPassword, verifyPassword } from "./passwords";
import { recordSignInFailure, signInLockedFor } from "./sign-in-throttle";

/**
 * A signed-in user changes their own password: the current one proves it is them (wrong guesses
 * count towards the sign-in back-off, as a stolen session could otherwise guess freely). It clears
 * an admin's "must change" and ends the user's other sessions (lib/auth/session.ts). One audit
 * entry in each of the user's tenants, without the password.
 */
export async function changeOwnPassword({ ctx, input }: { ctx: CallerContext; input: unknown }) {
  if (!ctx.userId) throw new UnauthorizedError("Only a signed-in person has a password to change");
  const { currentPassword, newPassword } = parseOrThrow(ChangePasswordInput, input);
  const user = await prisma.user.findUnique({
    where: { id: ctx.userId },
    select: { id: true, email: true, passwordHash: true, mustChangePassword: true, memberships: { select: { tenantId: true } } },
  });
  if (!user) throw new UnauthorizedError();
  const address = ctx.origin?.address ?? null;
  const wait = await signInLockedFor(user.email, address);
  if (wait > 0) throw new ValidationError(`currentPassword: too many wrong passwords; try again in ${wait} s`, { field: "currentPassword" });
  if (!(await verifyPassword(currentPassword, user.passwordHash))) {
    await recordSignInFailure(user.email, address);
    throw new ValidationError("currentPassword: this is not your current password", { field: "currentPassword" });
  }
  const passwordHash = await hashPassword(newPassword);
  const changedAt = new Date();
  await prisma.$transaction(async (tx) => {
    // Conditional on the hash just checked: of two concurrent changes, the second is a 409.
    const { count } = await tx.user.updateMany({
      where: { id: user.id, passwordHash: user.passwordHash },
      data: { passwordHash, mustChangePassword: false, passwordChangedAt: changedAt },
    });
    if (count === 0) throw new ConflictError("Your password was changed meanwhile; sign in again");
    const by = auditActorOf(ctx);
    const change = changedFields({ passwordChanged: false, mustChangePassword: user.mustChangePassword }, { passwordChanged: true, mustChangePassword: false });
    for (const { tenantId } of user.memberships) {
      await writeAudit(tx, by, { tenantId, action: "user.password_change", subjectType: "user", subjectId: user.id, subjectLabel: user.email, ...change });
    }
  });
  return { email: user.email, changedAt: changedAt.toISOString() };
}
