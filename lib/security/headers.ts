// The security headers of every response, built in one place; proxy.ts sends them. Pure: the
// caller supplies the nonce and whether the request came over https.

export interface PageHeaderOptions {
  /** A fresh nonce for this response (newNonce()); Next.js puts it on its own scripts. */
  nonce: string;
  https: boolean;
  /** `next dev` evaluates code (React's error stacks) and injects styles without a nonce. */
  dev?: boolean;
  /**
   * The API reference (/docs/api): its viewer, Redoc, injects <style> elements without a nonce
   * and runs its search in a blob: worker. That page shows the API document only, never tenant data.
   */
  apiReference?: boolean;
}

export type HeaderSet = Record<string, string>;

const HSTS = "max-age=31536000; includeSubDomains";

// Search URLs carry queries (hosts, IPs, users): they never leave the origin in a Referer.
const REFERRER_POLICY = "same-origin";

// The console needs none of these; denying them means an injected script cannot ask for them either.
const PERMISSIONS_POLICY = ["accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "microphone", "payment", "usb"]
  .map((feature) => `${feature}=()`)
  .join(", ");

/** The Content-Security-Policy of an HTML page: scripts only with this response's nonce. */
export function pageContentSecurityPolicy({ nonce, https, dev = false, apiReference = false }: PageHeaderOptions): string {
  const directives = [
    "default-src 'self'",
    // 'strict-dynamic': chunks that a nonced script loads run too; hosts and 'unsafe-inline' are ignored.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // <style> elements need the nonce. Style attributes are allowed: React renders `style` props
    // (column widths, virtual rows, chart bars) as attributes, and an attribute has no selector, so
    // it cannot read the page the way an injected <style> can.
    dev || apiReference ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    ...(apiReference ? ["worker-src 'self' blob:"] : []),
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** The headers of an HTML page (and of the RSC requests and server actions behind it). */
export function pageSecurityHeaders(options: PageHeaderOptions): HeaderSet {
  return {
    "Content-Security-Policy": pageContentSecurityPolicy(options),
    ...commonHeaders(options.https),
  };
}

/** The headers of an API response: JSON is never a document, so it may load and frame nothing. */
export function apiSecurityHeaders({ https }: { https: boolean }): HeaderSet {
  return {
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    ...commonHeaders(https),
  };
}

function commonHeaders(https: boolean): HeaderSet {
  return {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": REFERRER_POLICY,
    "Permissions-Policy": PERMISSIONS_POLICY,
    // For browsers without CSP frame-ancestors.
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    ...(https ? { "Strict-Transport-Security": HSTS } : {}),
  };
}

/**
 * Whether the console is served over https: its public URL says so, or the TLS-terminating
 * proxy in front does. Trusting a forged x-forwarded-proto only adds protections (HSTS, Secure
 * cookies a plain-http browser then drops), so it cannot weaken anything.
 */
export function isServedOverHttps({ publicUrl, forwardedProto }: { publicUrl?: string | null; forwardedProto?: string | null }): boolean {
  if (publicUrl?.trim().toLowerCase().startsWith("https://")) return true;
  return forwardedProto?.split(",")[0].trim().toLowerCase() === "https";
}

/** 128 random bits, base64: unguessable, and the form Next.js reads back from the CSP header. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
