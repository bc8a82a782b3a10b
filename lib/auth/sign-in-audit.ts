import { writeAudit, type AuditActor } from "@/lib/audit/write";
import { prisma } from "@/lib/db";
import type { RequestOrigin } from "./context";

// Every sign-in attempt goes to the audit log: a success, a failure (and why), and an attempt the
// back-off refused unheard. The entry names the email tried (never the password). An attempt on
// an existing account is written into each tenant the account belongs to, where its admins read
// it; one on an unknown email belongs to no tenant (tenant_id null): only an operator reading
// the table sees those, as no tenant's admins should learn which addresses are tried elsewhere.

export type SignInFailure = "unknown account" | "wrong password" | "account disabled" | "not an email address";

export type SignInAttempt =
  | { outcome: "success" }
  | { outcome: "failure"; reason: SignInFailure }
  | { outcome: "locked"; retryAfterSeconds: number };

const MAX_EMAIL = 320;

export async function auditSignIn(emailTried: string, origin: RequestOrigin, attempt: SignInAttempt): Promise<void> {
  const email = emailTried.trim().toLowerCase().slice(0, MAX_EMAIL);
  const user = email
    ? await prisma.user.findUnique({ where: { email }, select: { id: true, email: true, memberships: { select: { tenantId: true } } } })
    : null;
  const by: AuditActor =
    attempt.outcome === "success" && user
      ? { actor: `user:${user.email}`, userId: user.id, ...origin }
      : { actor: "anonymous", userId: null, ...origin };
  const [action, after] =
    attempt.outcome === "success"
      ? (["auth.sign_in", null] as const)
      : attempt.outcome === "failure"
        ? (["auth.sign_in_failed", { reason: attempt.reason }] as const)
        : (["auth.sign_in_locked", { retryAfterSeconds: attempt.retryAfterSeconds }] as const);
  const tenantIds = user && user.memberships.length > 0 ? user.memberships.map((m) => m.tenantId) : [null];
  await prisma.$transaction(async (tx) => {
    for (const tenantId of tenantIds) {
      await writeAudit(tx, by, { tenantId, action, subjectType: "user", subjectId: user?.id ?? null, subjectLabel: email || null, after });
    }
  });
}
