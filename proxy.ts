// Security headers on every page and API response: a fresh CSP nonce per page request.
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { apiSecurityHeaders, isServedOverHttps, newNonce, pageSecurityHeaders, type HeaderSet } from "@/lib/security/headers";

let settings: { publicUrl?: string; dev: boolean } | undefined;

export function proxy(request: NextRequest) {
  settings ??= { publicUrl: env().NEXTAUTH_URL, dev: env().NODE_ENV === "development" };
  const https = isServedOverHttps({ publicUrl: settings.publicUrl, forwardedProto: request.headers.get("x-forwarded-proto") });
  if (request.nextUrl.pathname.startsWith("/api/")) return withHeaders(NextResponse.next(), apiSecurityHeaders({ https }));

  const nonce = newNonce();
  const headers = pageSecurityHeaders({ nonce, https, dev: settings.dev });
  // Next.js reads the nonce from the request's CSP header and puts it on the scripts it renders.
  const forwarded = new Headers(request.headers);
  forwarded.set("content-security-policy", headers["Content-Security-Policy"]);
  forwarded.set("x-nonce", nonce);
  return withHeaders(NextResponse.next({ request: { headers: forwarded } }), headers);
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
  ],
};
