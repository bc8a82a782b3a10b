import type { Permission } from "@/lib/auth/roles";

// The access table: every API route and method, and who may call it. Route handlers name their
// row (apiRoute("GET /api/v1/…", …)) and lib/api/handler.ts enforces it; a test walks app/api/
// and fails on a route or method without a row, then calls every row as every kind of caller.
//
// A row names the permission a caller needs (lib/auth/roles.ts says which roles and agent
// tokens hold it) and whether a signed-in browser session may call it at all.

export interface RouteAccess {
  /** null: anyone, no credentials needed. */
  permission: Permission | null;
  /** False: machine credentials only (agent tokens, API keys); a session is a 401. */
  sessions: boolean;
}

const CAN = (permission: Permission): RouteAccess => ({ permission, sessions: true });
const MACHINES = (permission: Permission): RouteAccess => ({ permission, sessions: false });
const PUBLIC: RouteAccess = { permission: null, sessions: true };

export const API_ACCESS = {
  "GET /api/health": PUBLIC,
  "GET /api/v1/audit": CAN("admin"),
  "GET /api/v1/openapi.json": PUBLIC,
  "PATCH /api/v1/comments/{id}": CAN("triage"),
  "DELETE /api/v1/comments/{id}": CAN("triage"),
  "GET /api/v1/events": CAN("read"),
  "PUT /api/v1/events": MACHINES("ingest"),
  "POST /api/v1/events/assessment/bulk": CAN("triage"),
  "POST /api/v1/events/export": CAN("read"),
  "POST /api/v1/events/search": CAN("read"),
  "POST /api/v1/events/stats": CAN("read"),
  "GET /api/v1/events/values": CAN("read"),
  "GET /api/v1/events/{id}": CAN("read"),
  "POST /api/v1/events/{id}/actions/block": CAN("triage"),
  "POST /api/v1/events/{id}/actions/block/dry-run": CAN("triage"),
  "GET /api/v1/events/{id}/assessment": CAN("read"),
  "POST /api/v1/events/{id}/assessment": CAN("triage"),
  "GET /api/v1/events/{id}/comments": CAN("read"),
  "POST /api/v1/events/{id}/comments": CAN("triage"),
  "GET /api/v1/events/{id}/dns-chain": CAN("read"),
  "GET /api/v1/events/{id}/lineage": CAN("read"),
  "GET /api/v1/events/{id}/payload": CAN("read"),
  "GET /api/v1/events/{id}/process-tree": CAN("read"),
  "POST /api/v1/ingest/{format}": MACHINES("ingest"),
  "GET /api/v1/issues": CAN("read"),
  "POST /api/v1/issues/assessment/bulk": CAN("triage"),
  "POST /api/v1/issues/stats": CAN("read"),
  "GET /api/v1/issues/{id}": CAN("read"),
  "PATCH /api/v1/issues/{id}": CAN("triage"),
  "POST /api/v1/issues/{id}/actions/block": CAN("triage"),
  "POST /api/v1/issues/{id}/actions/block/dry-run": CAN("triage"),
  "POST /api/v1/issues/{id}/assessment": CAN("triage"),
  "GET /api/v1/issues/{id}/comments": CAN("read"),
  "POST /api/v1/issues/{id}/comments": CAN("triage"),
  "GET /api/v1/issues/{id}/events": CAN("read"),
  "GET /api/v1/issues/{id}/lineage": CAN("read"),
  "GET /api/v1/network-policies": CAN("read"),
  "POST /api/v1/network-policies": CAN("admin"),
  "GET /api/v1/network-policies/effective": CAN("effectivePolicy"),
  "GET /api/v1/network-policies/{id}": CAN("read"),
  "PATCH /api/v1/network-policies/{id}": CAN("admin"),
  "DELETE /api/v1/network-policies/{id}": CAN("admin"),
  "GET /api/v1/network-policies/{id}/lineage": CAN("read"),
  "GET /api/v1/network-policies/{id}/rules": CAN("read"),
  "POST /api/v1/network-policies/{id}/rules": CAN("admin"),
  "GET /api/v1/network-policies/{id}/rules/{ruleId}": CAN("read"),
  "PATCH /api/v1/network-policies/{id}/rules/{ruleId}": CAN("admin"),
  "DELETE /api/v1/network-policies/{id}/rules/{ruleId}": CAN("admin"),
  "GET /api/v1/rule-sets": CAN("read"),
  "POST /api/v1/rule-sets": CAN("admin"),
  "GET /api/v1/rule-sets/{id}": CAN("read"),
  "DELETE /api/v1/rule-sets/{id}": CAN("admin"),
  "GET /api/v1/rule-sets/{id}/export": CAN("read"),
  "POST /api/v1/rule-sets/{id}/rules": CAN("admin"),
  "PATCH /api/v1/rule-sets/{id}/rules/{ruleId}": CAN("admin"),
  "DELETE /api/v1/rule-sets/{id}/rules/{ruleId}": CAN("admin"),
  "GET /api/v1/rule-sets/{id}/rules/{ruleId}/lineage": CAN("read"),
  "POST /api/v1/rules/test": CAN("read"),
  "GET /api/v1/retro-hunts": CAN("read"),
  "POST /api/v1/retro-hunts": CAN("admin"),
  "GET /api/v1/retro-hunts/{id}": CAN("read"),
  "POST /api/v1/retro-hunts/{id}/cancel": CAN("admin"),
  "GET /api/v1/retention": CAN("admin"),
  "POST /api/v1/retention/run": CAN("admin"),
  "GET /api/v1/saved-searches": CAN("read"),
  "POST /api/v1/saved-searches": CAN("read"),
  "PATCH /api/v1/saved-searches/{id}": CAN("read"),
  "DELETE /api/v1/saved-searches/{id}": CAN("read"),
} as const satisfies Record<string, RouteAccess>;

export type ApiRouteKey = keyof typeof API_ACCESS;

/**
 * Routes outside the table, with why: they answer without credentials by design and use no
 * lib/ operation that reads tenant data.
 */
export const UNLISTED_ROUTES = {
  "app/api/[...path]/route.ts": "the problem+json 404 of every unknown /api path",
  "app/api/auth/[...nextauth]/route.ts": "next-auth's sign-in, sign-out and session endpoints",
} as const;

const ROUTE_PATTERNS = (() => {
  const byPath = new Map<string, string[]>();
  for (const key of Object.keys(API_ACCESS)) {
    const [method, path] = key.split(" ");
    byPath.set(path, [...(byPath.get(path) ?? []), method]);
  }
  return [...byPath].map(([path, methods]) => ({
    // A literal segment beats a parameter (network-policies/effective before network-policies/{id}).
    literalSegments: path.split("/").filter((s) => !s.startsWith("{")).length,
    pattern: new RegExp(`^${path.replace(/\{\w+\}/g, "[^/]+")}/?$`),
    path,
    methods,
  })).sort((a, b) => b.literalSegments - a.literalSegments);
})();

/** The row of the access table that serves this request, or null when none does. */
export function routeKeyOf(method: string, pathname: string): ApiRouteKey | null {
  const route = ROUTE_PATTERNS.find((r) => r.pattern.test(pathname));
  return route?.methods.includes(method) ? (`${method} ${route.path}` as ApiRouteKey) : null;
}

/** The methods the access table lists for this path, or null when no route has the path. */
export function allowedMethods(pathname: string): string[] | null {
  return ROUTE_PATTERNS.find((r) => r.pattern.test(pathname))?.methods ?? null;
}
