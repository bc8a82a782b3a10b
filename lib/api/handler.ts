import "server-only";
import type { NextRequest } from "next/server";
import { z } from "zod";
import { bearerSecret, principalFromBearer } from "@/lib/auth/bearer";
import type { CallerContext } from "@/lib/auth/context";
import { agentCan, roleCan, type Permission } from "@/lib/auth/roles";
import { contextOf, currentUser } from "@/lib/auth/session";
import { ForbiddenError, UnauthorizedError } from "@/lib/errors";
import { errorResponse, zodProblem } from "./problem";

// One wrapper for every route handler: authentication, role check, zod-validated params and
// query, errors as problem+json. Handlers receive a CallerContext and call one lib/ operation.

type Auth = { mode: "public" } | { mode: "ingest" } | { mode: "user"; permission: Permission };

interface Options<P extends z.ZodType, Q extends z.ZodType> {
  auth: Auth;
  params?: P;
  query?: Q;
}

interface Args<P, Q> {
  req: NextRequest;
  ctx: CallerContext;
  params: P;
  query: Q;
}

type RouteContext = { params: Promise<Record<string, string | string[]>> };

const PUBLIC_CTX: CallerContext = { tenantId: "", tenantIds: [], role: "manager", actor: "anonymous", userId: null };

export function apiRoute<P extends z.ZodType = z.ZodUnknown, Q extends z.ZodType = z.ZodUnknown>(
  options: Options<P, Q>,
  handler: (args: Args<z.infer<P>, z.infer<Q>>) => Promise<Response | object>,
) {
  return async (req: NextRequest, route: RouteContext): Promise<Response> => {
    try {
      const ctx = await authenticate(req, options.auth);
      const rawParams = route?.params ? await route.params : {};
      const params = options.params ? options.params.safeParse(rawParams) : { success: true as const, data: rawParams };
      if (!params.success) return zodProblem(params.error, "params");
      const rawQuery = Object.fromEntries(req.nextUrl.searchParams.entries());
      const query = options.query ? options.query.safeParse(rawQuery) : { success: true as const, data: rawQuery };
      if (!query.success) return zodProblem(query.error, "query");
      const out = await handler({ req, ctx, params: params.data as z.infer<P>, query: query.data as z.infer<Q> });
      return out instanceof Response ? out : Response.json(out);
    } catch (err) {
      return errorResponse(err);
    }
  };
}

async function authenticate(req: NextRequest, auth: Auth): Promise<CallerContext> {
  if (auth.mode === "public") return PUBLIC_CTX;
  const secret = bearerSecret(req.headers.get("authorization"));
  if (secret) {
    const principal = await principalFromBearer(secret);
    if (!principal) throw new UnauthorizedError("The bearer token is unknown or revoked");
    const permission: Permission = auth.mode === "ingest" ? "ingest" : auth.permission;
    if (principal.kind === "agent") {
      if (!agentCan(permission)) throw new ForbiddenError("Agent tokens may only ingest events and read their effective network policy");
      return { tenantId: principal.tenantId, tenantIds: [principal.tenantId], role: "analyst", actor: principal.actor, userId: null };
    }
    if (!roleCan(principal.role, permission)) throw new ForbiddenError(`An API key with role ${principal.role} may not do this`);
    return { tenantId: principal.tenantId, tenantIds: [principal.tenantId], role: principal.role, actor: principal.actor, userId: principal.userId };
  }
  if (auth.mode === "ingest") throw new UnauthorizedError("Ingest needs an agent token or an admin API key (Authorization: Bearer …)");
  const user = await currentUser();
  if (!user) throw new UnauthorizedError();
  const ctx = contextOf(user);
  if (!roleCan(ctx.role, auth.permission)) throw new ForbiddenError();
  return ctx;
}
