import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { prisma } from "@/lib/db";
import { requestIsHttps } from "@/lib/security/request";
import { authSecret } from "./auth-secret";
import { hashPassword, needsRehash, verifyNothing, verifyPassword } from "./passwords";
import { requestOrigin } from "./request-origin";
import { auditSignIn } from "./sign-in-audit";

const SignInInput = z.object({ email: z.string().trim().toLowerCase().email(), password: z.string().min(1).max(1024) });

/** A header of next-auth's plain request object (lower-case names; a repeated one as an array). */
function headerValue(headers: Record<string, unknown> | undefined, name: string): string | null {
  const v = headers?.[name];
  return typeof v === "string" ? v : Array.isArray(v) && typeof v[0] === "string" ? v[0] : null;
}

const OPTIONS: NextAuthOptions = {
  secret: authSecret(),
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/signin" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, req) {
        const origin = requestOrigin({ get: (name) => headerValue(req?.headers, name) }, "web");
        const emailTried = typeof raw?.email === "string" ? raw.email : "";
        const parsed = SignInInput.safeParse(raw);
        if (!parsed.success) {
          await auditSignIn(emailTried, origin, { outcome: "failure", reason: "not an email address" });
          return null;
        }
        const { email, password } = parsed.data;
        const user = await prisma.user.findUnique({
          where: { email },
          select: { id: true, email: true, name: true, passwordHash: true, disabledAt: true },
        });
        // Each refusal costs one password check, so its time tells nothing about the account.
        if (!user) {
          await verifyNothing(password);
          await auditSignIn(email, origin, { outcome: "failure", reason: "unknown account" });
          return null;
        }
        const valid = await verifyPassword(password, user.passwordHash);
        if (!valid || user.disabledAt) {
          await auditSignIn(email, origin, { outcome: "failure", reason: valid ? "account disabled" : "wrong password" });
          return null;
        }
        if (needsRehash(user.passwordHash)) {
          // Conditional: a change made meanwhile is not overwritten by the old password.
          await prisma.user.updateMany({ where: { id: user.id, passwordHash: user.passwordHash }, data: { passwordHash: await hashPassword(password) } });
        }
        await auditSignIn(email, origin, { outcome: "success" });
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      // signedInAt stays as the token is renewed (its iat does not): a password change ends older sessions.
      if (user) Object.assign(token, { sub: user.id, signedInAt: Date.now() });
      return token;
    },
    session({ session, token }) {
      if (session.user && token.sub) Object.assign(session.user, { id: token.sub, signedInAt: typeof token.signedInAt === "number" ? token.signedInAt : null });
      return session;
    },
  },
};

/**
 * next-auth's options for this request. Its cookies are HttpOnly and SameSite=Lax; over https
 * they are also Secure, with the __Secure-/__Host- names browsers hold to that. The sign-in
 * route and getServerSession must agree on it, or the session cookie is looked up by another name.
 */
export async function requestAuthOptions(): Promise<NextAuthOptions> {
  return { ...OPTIONS, useSecureCookies: await requestIsHttps() };
}
