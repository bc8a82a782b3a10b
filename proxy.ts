// Security headers on every page and API response: a fresh CSP nonce per page request.
import { NextResponse, type NextRequest } from "next/server";
import { allowedMethods } from "@/lib/api/access";
import { env } from "@/lib/env";
import { apiSecurityHeaders, isServedOverHttps, newNonce, pageSecurityHeaders, type HeaderSet } from "@/lib/security/headers";

const API_REFERENCE_PATH = "/docs/api";

let settings: { publicUrl?: string; dev: boolean } | undefined;

export function proxy(request: NextRequest) {
  settings ??= { publicUrl: env().NEXTAUTH_URL, dev: env().NODE_ENV === "development" };
  const https = isServedOverHttps({ publicUrl: settings.publicUrl, forwardedProto: request.headers.get("x-forwarded-proto") });
  if (!isWellEncoded(request.nextUrl.pathname)) return withHeaders(badlyEncodedPath(), apiSecurityHeaders({ https }));
  if (request.nextUrl.pathname.startsWith("/api/")) {
    return withHeaders(methodNotAllowed(request) ?? NextResponse.next(), apiSecurityHeaders({ https }));
  }

  const nonce = newNonce();
  const headers = pageSecurityHeaders({ nonce, https, dev: settings.dev, apiReference: request.nextUrl.pathname === API_REFERENCE_PATH });
  // Next.js reads the nonce from the request's CSP header and puts it on the scripts it renders.
  const forwarded = new Headers(request.headers);
  forwarded.set("content-security-policy", headers["Content-Security-Policy"]);
  forwarded.set("x-nonce", nonce);
  return withHeaders(NextResponse.next({ request: { headers: forwarded } }), headers);
}

/** Whether every percent-escape of the path decodes to UTF-8: Next.js's router would answer a bare 500. */
function isWellEncoded(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

function badlyEncodedPath(): NextResponse {
  return NextResponse.json(
    { type: "about:blank", title: "Bad Request", status: 400, detail: "The path is not valid percent-encoded UTF-8", field: "path", errors: [{ field: "path", message: "not valid percent-encoded UTF-8" }] },
    { status: 400, headers: { "content-type": "application/problem+json" } },
  );
}

/** A method the access table does not list for an existing route: a 405 problem with Allow, not Next's empty one. */
function methodNotAllowed(request: NextRequest): NextResponse | null {
  const allowed = allowedMethods(request.nextUrl.pathname);
  const method = request.method === "HEAD" ? "GET" : request.method;
  if (!allowed || allowed.includes(method) || method === "OPTIONS") return null;
  const allow = [...allowed, ...(allowed.includes("GET") ? ["HEAD"] : [])].join(", ");
  return NextResponse.json(
    { type: "about:blank", title: "Method Not Allowed", status: 405, detail: `${request.method} is not allowed on ${request.nextUrl.pathname}; allowed: ${allow}` },
    { status: 405, headers: { Allow: allow, "content-type": "application/problem+json" } },
  );
}

function withHeaders(response: NextResponse, headers: HeaderSet): NextResponse {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [
    // Not static files (immutable, no document), and not ingest: agents need none of these
    // headers, and a proxy makes Next.js buffer a copy of every request body (README: Browser safety).
    "/((?!_next/static/|_next/image|favicon\\.ico$|icon\\.svg$|api/v1/ingest/).*)",
    // An ingest path with a percent-escape: a badly encoded one gets its 400 here.
    "/api/v1/ingest/(.*%.*)",
  ],
};
