import "server-only";
import { z } from "zod";
import { AppError, ForbiddenError, UnauthorizedError } from "@/lib/errors";
import type { CallerContext } from "./context";
import { roleCan, type Permission } from "./roles";
import { contextOf, currentUser, type SessionUser } from "./session";

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: string; fieldErrors?: Record<string, string> };

/** The one wrapper for server actions: session, role, zod input; errors come back as values. */
export function authAction<S extends z.ZodType, T>(
  permission: Permission,
  schema: S,
  fn: (args: { ctx: CallerContext; user: SessionUser; input: z.infer<S> }) => Promise<T>,
) {
  return async (raw: unknown): Promise<ActionResult<T>> => {
    try {
      const user = await currentUser();
      if (!user) throw new UnauthorizedError();
      const ctx = contextOf(user);
      if (!roleCan(ctx.role, permission)) throw new ForbiddenError();
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        const fieldErrors = Object.fromEntries(parsed.error.issues.map((i) => [i.path.join(".") || "input", i.message]));
        return { ok: false, error: "Some fields are not valid", fieldErrors };
      }
      return { ok: true, data: await fn({ ctx, user, input: parsed.data }) };
    } catch (err) {
      if (err instanceof AppError) return { ok: false, error: err.message };
      console.error("server action failed", err);
      return { ok: false, error: "Something went wrong; it has been logged." };
    }
  };
}
