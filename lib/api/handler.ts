import "server-only";
import type { NextRequest } from "next/server";
import { z } from "zod";
import { bearerSecret, principalFromBearer } from "@/lib/auth/bearer";
import type { CallerContext } from "@/lib/auth/context";
import { agentCan, roleCan } from "@/lib/auth/roles";
import { contextOf, currentUser } from "@/lib/auth/session";
import { markRecentWrite } from "@/lib/db/replica";
import { ForbiddenError, UnauthorizedError } from "@/lib/errors";
import { API_ACCESS, type ApiRouteKey, type RouteAccess } from "./access";
import { API_CONTRACT, type Operation } from "./contract/operations";
import { requestOrigin } from "@/lib/auth/request-origin";
import { errorResponse, zodProblem } from "./problem";
import { consumeRequest } from "./rate-limit";

type Contract = typeof API_CONTRACT;
type PathParamNames<S extends string> = S extends `${string}{${infer P}}${infer Rest}` ? P | PathParamNames<Rest> : never;

/** A route's path parameters: as its contract row declares them, else each `{name}` of its path as a string. */
export type ParamsOf<K extends ApiRouteKey> = Contract[K] extends { params: infer P extends z.ZodType } ? z.infer<P> : Record<PathParamNames<K>, string>;
/** A route's query: as its contract row declares it, else the raw parameters (the handler reads them). */
export type QueryOf<K extends ApiRouteKey> = Contract[K] extends { query: infer Q extends z.ZodType } ? z.infer<Q> : Record<string, string>;

interface Args<K extends ApiRouteKey> {
  req: NextRequest;
  ctx: CallerContext;
  params: ParamsOf<K>;
  query: QueryOf<K>;
}

type RouteContext = { params: Promise<Record<string, string | string[]>> };

const PUBLIC_CTX: CallerContext = { tenantId: "", tenantIds: [], role: "manager", actor: "anonymous", userId: null };

/** The path parameters of a route without a declared schema: each `{name}` as a string. */
function pathParamsSchema(key: ApiRouteKey): z.ZodType {
  return z.object(Object.fromEntries([...key.matchAll(/\{(\w+)\}/g)].map((m) => [m[1], z.string()])));
}

/**
 * A route handler for one row of the access table: authentication and permission as the row
 * says, path parameters and query checked against the route's contract (lib/api/contract), errors
 * as problem+json. Handlers receive a CallerContext and call one lib/ operation.
 */
export function apiRoute<K extends ApiRouteKey>(key: K, handler: (args: Args<K>) => Promise<Response | object>) {
  const access = API_ACCESS[key];
  const contract: Operation = API_CONTRACT[key];
  const paramsSchema = contract.params ?? pathParamsSchema(key);
  const querySchema = contract.query;
  return async (req: NextRequest, route: RouteContext): Promise<Response> => {
    try {
      const { ctx: caller, credential } = await authenticate(req, access);
      // Where the call came from, for the audit log: a bearer credential is an API call, else the web console.
      const ctx: CallerContext = { ...caller, origin: requestOrigin(req.headers, credential?.startsWith("user:") ? "web" : "api") };
      if (credential !== null) await consumeRequest(access.permission === "ingest" ? "ingest" : "api", credential);
      const params = paramsSchema.safeParse(route?.params ? await route.params : {});
      if (!params.success) return zodProblem(params.error, "params");
      const rawQuery = Object.fromEntries(req.nextUrl.searchParams.entries());
      const query = querySchema ? querySchema.safeParse(rawQuery) : { success: true as const, data: rawQuery };
      if (!query.success) return zodProblem(query.error, "query");
      const out = await handler({ req, ctx, params: params.data as ParamsOf<K>, query: query.data as QueryOf<K> });
      // A signed-in user's write: their next reads go to the primary (lib/db/replica.ts).
      if (credential?.startsWith("user:") && access.permission !== "read" && req.method !== "GET") await markRecentWrite();
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
