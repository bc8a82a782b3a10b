// Next.js's own reader of the request's CSP (an internal module: the test breaks if it moves).
import { getScriptNonceFromHeader } from "next/dist/server/app-render/get-script-nonce-from-header";
import { describe, expect, it } from "vitest";
import { apiSecurityHeaders, isServedOverHttps, newNonce, pageContentSecurityPolicy, pageSecurityHeaders } from "./headers";

/** The CSP as a map of directive → sources. */
function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name, sources]));
}

describe("page security headers", () => {
  const nonce = "bm9uY2Utb2YtdGhpcy1yZXNwb25zZQ==";

  it("allows scripts only with this response's nonce: no 'unsafe-inline', no 'unsafe-eval'", () => {
    const csp = directives(pageContentSecurityPolicy({ nonce, https: false }));
    expect(csp.get("script-src")).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
    expect(csp.get("style-src")).toEqual(["'self'", `'nonce-${nonce}'`]);
    expect(csp.get("style-src-attr")).toEqual(["'unsafe-inline'"]);
    for (const [name, sources] of csp) {
      if (name !== "style-src-attr") expect(sources, name).not.toContain("'unsafe-inline'");
      expect(sources, name).not.toContain("'unsafe-eval'");
    }
  });

  it("lets the API reference's viewer inject styles and start its search worker, and nothing more", () => {
    const csp = directives(pageContentSecurityPolicy({ nonce, https: false, apiReference: true }));
    expect(csp.get("script-src")).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
    expect(csp.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp.get("worker-src")).toEqual(["'self'", "blob:"]);
    expect(csp.get("connect-src")).toEqual(["'self'"]);
    expect(directives(pageContentSecurityPolicy({ nonce, https: false })).has("worker-src")).toBe(false);
  });

  it("loads nothing from elsewhere, and cannot be framed or rebased", () => {
    const csp = directives(pageContentSecurityPolicy({ nonce, https: false }));
    expect(csp.get("default-src")).toEqual(["'self'"]);
    expect(csp.get("connect-src")).toEqual(["'self'"]);
    expect(csp.get("img-src")).toEqual(["'self'", "data:", "blob:"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'none'"]);
    expect(csp.get("form-action")).toEqual(["'self'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
  });

  it("sends the same headers over http and https, plus HSTS and upgrade-insecure-requests over https", () => {
    const http = pageSecurityHeaders({ nonce, https: false });
    const https = pageSecurityHeaders({ nonce, https: true });
    expect(http).toEqual({
      "Content-Security-Policy": pageContentSecurityPolicy({ nonce, https: false }),
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "same-origin",
      "Permissions-Policy": "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()",
      "X-Frame-Options": "DENY",
      "Cross-Origin-Opener-Policy": "same-origin",
    });
    expect(https).toEqual({
      ...http,
      "Content-Security-Policy": `${http["Content-Security-Policy"]}; upgrade-insecure-requests`,
      "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
    });
  });

  it("relaxes only what next dev needs: eval for React's error stacks, its unnonced styles", () => {
    const csp = directives(pageContentSecurityPolicy({ nonce, https: false, dev: true }));
    expect(csp.get("script-src")).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", "'unsafe-eval'"]);
    expect(csp.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
  });
});

describe("API security headers", () => {
  it("let a response load or frame nothing, with HSTS only over https", () => {
    const http = apiSecurityHeaders({ https: false });
    expect(http["Content-Security-Policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(http["X-Content-Type-Options"]).toBe("nosniff");
    expect(http["Strict-Transport-Security"]).toBeUndefined();
    expect(apiSecurityHeaders({ https: true })["Strict-Transport-Security"]).toBe("max-age=31536000; includeSubDomains");
  });
});

describe("isServedOverHttps", () => {
  it("believes the public URL, or the proxy in front (its first hop)", () => {
    expect(isServedOverHttps({ publicUrl: "https://vigil.example.com" })).toBe(true);
    expect(isServedOverHttps({ publicUrl: "HTTPS://vigil.example.com", forwardedProto: "http" })).toBe(true);
    expect(isServedOverHttps({ publicUrl: "http://localhost:3000" })).toBe(false);
    expect(isServedOverHttps({ publicUrl: "http://localhost:3000", forwardedProto: "https" })).toBe(true);
    expect(isServedOverHttps({ forwardedProto: "https, http" })).toBe(true);
    expect(isServedOverHttps({ forwardedProto: "http, https" })).toBe(false);
    expect(isServedOverHttps({ publicUrl: undefined, forwardedProto: null })).toBe(false);
  });
});

describe("newNonce", () => {
  it("is 128 random bits in the base64 form Next.js extracts from the CSP", () => {
    const nonces = new Set(Array.from({ length: 1000 }, newNonce));
    expect(nonces.size).toBe(1000);
    for (const n of nonces) {
      expect(n).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(Buffer.from(n, "base64")).toHaveLength(16);
    }
  });

  it("is the nonce Next.js reads back from the page's CSP to put on its scripts", () => {
    const nonce = newNonce();
    expect(getScriptNonceFromHeader(pageContentSecurityPolicy({ nonce, https: true }))).toBe(nonce);
  });
});
