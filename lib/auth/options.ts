import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { prisma } from "@/lib/db";
import { requestIsHttps } from "@/lib/security/request";
import { authSecret } from "./auth-secret";
import { verifyPassword } from "./passwords";

const SignInInput = z.object({ email: z.string().trim().toLowerCase().email(), password: z.string().min(1).max(1024) });

const OPTIONS: NextAuthOptions = {
  secret: authSecret(),
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/signin" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw) {
        const parsed = SignInInput.safeParse(raw);
        if (!parsed.success) return null;
        const user = await prisma.user.findUnique({
          where: { email: parsed.data.email },
          select: { id: true, email: true, name: true, passwordHash: true, disabledAt: true },
        });
        if (!user || user.disabledAt) return null;
        if (!(await verifyPassword(parsed.data.password, user.passwordHash))) return null;
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      if (session.user && token.sub) (session.user as { id?: string }).id = token.sub;
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
