import "server-only";
import type { NextRequest } from "next/server";
import { z } from "zod";
import { bearerSecret, principalFromBearer } from "@/lib/auth/bearer";
import type { CallerContext } from "@/lib/auth/context";
import { agentCan, roleCan } from "@/lib/auth/roles";
import { contextOf, currentUser } from "@/lib/auth/session";
import { ForbiddenError, UnauthorizedError } from "@/lib/errors";
import { API_ACCESS, type ApiRouteKey, type RouteAccess } from "./access";
import { requestOrigin } from "@/lib/auth/request-origin";
import { errorResponse, zodProblem } from "./problem";
import { consumeRequest } from "./rate-limit";

// One wrapper for every route handler: authentication and permission as the route's row of the
// access table says (lib/api/access.ts), zod-validated params and query, errors as problem+json.
// Handlers receive a CallerContext and call one lib/ operation.

interface Options<P extends z.ZodType, Q extends z.ZodType> {
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

type Handler<P extends z.ZodType, Q extends z.ZodType> = (args: Args<z.infer<P>, z.infer<Q>>) => Promise<Response | object>;

export function apiRoute<P extends z.ZodType = z.ZodUnknown, Q extends z.ZodType = z.ZodUnknown>(route: ApiRouteKey, handler: Handler<P, Q>): (req: NextRequest, route: RouteContext) => Promise<Response>;
export function apiRoute<P extends z.ZodType = z.ZodUnknown, Q extends z.ZodType = z.ZodUnknown>(route: ApiRouteKey, options: Options<P, Q>, handler: Handler<P, Q>): (req: NextRequest, route: RouteContext) => Promise<Response>;
export function apiRoute<P extends z.ZodType = z.ZodUnknown, Q extends z.ZodType = z.ZodUnknown>(
  key: ApiRouteKey,
  optionsOrHandler: Options<P, Q> | Handler<P, Q>,
  maybeHandler?: Handler<P, Q>,
) {
  const options: Options<P, Q> = typeof optionsOrHandler === "function" ? {} : optionsOrHandler;
  const handler = (typeof optionsOrHandler === "function" ? optionsOrHandler : maybeHandler) as Handler<P, Q>;
  const access = API_ACCESS[key];
  return async (req: NextRequest, route: RouteContext): Promise<Response> => {
    try {
      const { ctx: caller, credential } = await authenticate(req, access);
      // Where the call came from, for the audit log: a bearer credential is an API call, else the web console.
      const ctx: CallerContext = { ...caller, origin: requestOrigin(req.headers, credential?.startsWith("user:") ? "web" : "api") };
      if (credential !== null) await consumeRequest(access.permission === "ingest" ? "ingest" : "api", credential);
      const rawParams = route?.params ? await route.params : {};
      const params = options.params ? options.params.safeParse(rawParams) : { success: true as const, data: rawParams };
      if (!params.success) return zodProblem(params.error, "params");
      const rawQuery = Object.fromEntries(req.nextUrl.searchParams.entries());
      const query = options.query ? options.query.safeParse(rawQuery) : { success: true as const, data: rawQuery };
      if (!query.success) return zodProblem(query.error, "query");
      const out = await handler({ req, ctx, params: params.data as z.infer<P>, query: query.data as z.infer<Q> });
      return out instanceof Response ? out : Response.json(out);
    } catch (err) {
      // The client went away (a search replaced by the next one): its statement was cancelled,
      // nobody reads the answer, and it is no failure worth logging.
      if (req.signal?.aborted) return new Response(null, { status: 499 });
      return errorResponse(err);
    }
  };
}

/** The caller, checked against the route's row, and what its requests are counted by. */
async function authenticate(req: NextRequest, access: RouteAccess): Promise<{ ctx: CallerContext; credential: string | null }> {
  const { permission } = access;
  if (permission === null) return { ctx: PUBLIC_CTX, credential: null };
  const secret = bearerSecret(req.headers.get("authorization"));
  if (secret) {
    const principal = await principalFromBearer(secret);
    if (!principal) throw new UnauthorizedError("The bearer token is unknown or revoked");
    const credential = `${principal.kind}:${principal.credentialId}`;
    if (principal.kind === "agent") {
      if (!agentCan(permission)) throw new ForbiddenError("Agent tokens may only ingest events and read their effective network policy");
      return { ctx: { tenantId: principal.tenantId, tenantIds: [principal.tenantId], role: "analyst", actor: principal.actor, userId: null }, credential };
    }
    if (!roleCan(principal.role, permission)) throw new ForbiddenError(`An API key with role ${principal.role} may not do this`);
    return { ctx: { tenantId: principal.tenantId, tenantIds: [principal.tenantId], role: principal.role, actor: principal.actor, userId: principal.userId }, credential };
  }
  if (!access.sessions) throw new UnauthorizedError("This needs an agent token or an API key (Authorization: Bearer …)");
  const user = await currentUser();
  if (!user) throw new UnauthorizedError();
  const ctx = contextOf(user);
  if (!roleCan(ctx.role, permission)) throw new ForbiddenError();
  return { ctx, credential: `user:${user.id}` };
}
