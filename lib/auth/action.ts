import "server-only";
import { headers } from "next/headers";
import { z } from "zod";
import { markRecentWrite } from "@/lib/db/replica";
import { AppError, ForbiddenError, UnauthorizedError } from "@/lib/errors";
import { SERVER_ACTION_ACCESS, type ServerActionKey } from "./action-access";
import type { CallerContext, RequestOrigin } from "./context";
import { requestOrigin } from "./request-origin";
import { roleCan } from "./roles";
import { contextOf, currentUser, signedInUser, type SessionUser } from "./session";

export type ActionFailure = {
  ok: false;
  error: string;
  /** The domain error's HTTP status (400, 403, 404, 409), when there was one. */
  status?: number;
  fieldErrors?: Record<string, string>;
  /** A 409's details: the row as it is now (`current`) or the one already there (`existing`). */
  details?: Record<string, unknown>;
};
export type ActionResult<T> = { ok: true; data: T } | ActionFailure;

/**
 * A domain error as the form shows it: a 400 that names its field (parseOrThrow's) goes next to
 * that field, and one that names several (`errors`, a rule-set document's) names each.
 */
export function failureOf(err: AppError): ActionFailure {
  const field = err.status === 400 && typeof err.extra.field === "string" ? err.extra.field : null;
  if (field) {
    const prefix = `${field}: `;
    const fieldErrors: Record<string, string> = {};
    for (const e of Array.isArray(err.extra.errors) ? (err.extra.errors as { field?: unknown; message?: unknown }[]) : []) {
      if (typeof e.field === "string" && typeof e.message === "string" && !(e.field in fieldErrors)) fieldErrors[e.field] = e.message;
    }
    fieldErrors[field] ??= err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
    return { ok: false, error: err.message, status: 400, fieldErrors };
  }
  return err.status === 409 ? { ok: false, error: err.message, status: 409, details: err.extra } : { ok: false, error: err.message, status: err.status };
}

export interface AuthActionOptions {
  /** Also for a user who must change their password first (an admin reset it): only that change itself. */
  beforePasswordChange?: boolean;
}

/**
 * The one wrapper for server actions: session, the permission of the action's row in
 * SERVER_ACTION_ACCESS, zod input; errors come back as values.
 */
export function authAction<S extends z.ZodType, T>(
  action: ServerActionKey,
  schema: S,
  fn: (args: { ctx: CallerContext; user: SessionUser; input: z.infer<S> }) => Promise<T>,
  options: AuthActionOptions = {},
) {
  const permission = SERVER_ACTION_ACCESS[action];
  return async (raw: unknown): Promise<ActionResult<T>> => {
    try {
      const user = options.beforePasswordChange ? (await signedInUser())?.user : await currentUser();
      if (!user) throw new UnauthorizedError();
      const ctx: CallerContext = { ...contextOf(user), origin: await webOrigin() };
      if (!roleCan(ctx.role, permission)) throw new ForbiddenError();
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        const fieldErrors = Object.fromEntries(parsed.error.issues.map((i) => [i.path.join(".") || "input", i.message]));
        return { ok: false, error: "Some fields are not valid", fieldErrors };
      }
      const data = await fn({ ctx, user, input: parsed.data });
      await markRecentWrite(); // this browser's next reads see the write (lib/db/replica.ts)
      return { ok: true, data };
    } catch (err) {
      if (err instanceof AppError) return failureOf(err);
      console.error("server action failed", err);
      return { ok: false, error: "Something went wrong; it has been logged." };
    }
  };
}

/** Where the action's request came from, for the audit log; unknown outside a request (tests). */
async function webOrigin(): Promise<RequestOrigin> {
  try {
    return requestOrigin(await headers(), "web");
  } catch {
    return { via: "web", address: null, userAgent: null };
  }
}
