import { expect, test } from "@playwright/test";

// The API answers a method its route does not have with a 405 problem naming the allowed ones
// (the access table, lib/api/access.ts), not Next.js's empty 405.

test("a method a route does not have is a 405 problem with Allow", async ({ request }) => {
  const search = await request.delete("/api/v1/events/search");
  expect(search.status()).toBe(405);
  expect(search.headers()["allow"]).toBe("POST");
  expect(search.headers()["content-type"]).toBe("application/problem+json");
  expect(await search.json()).toMatchObject({ status: 405, title: "Method Not Allowed", detail: expect.stringContaining("allowed: POST") });

  const issues = await request.patch("/api/v1/issues", { data: {} });
  expect(issues.status()).toBe(405);
  expect(issues.headers()["allow"]).toBe("GET, HEAD");

  const policy = await request.post("/api/v1/network-policies/00000000-0000-0000-0000-000000000000");
  expect(policy.status()).toBe(405);
  expect(policy.headers()["allow"]?.split(", ").sort()).toEqual(["DELETE", "GET", "HEAD", "PATCH"]);

  // A method the route has still reaches it (and its access check), and an unknown path is a 404.
  expect((await request.get("/api/v1/issues")).status()).toBe(401);
  expect((await request.get("/api/v1/nowhere")).status()).toBe(404);
});

test("a path that is not valid percent-encoded UTF-8 is a 400 problem naming the path, for the API, ingest and pages", async ({ request }) => {
  for (const [method, url] of [["GET", "/api/v1/events/%ED%A0%80"], ["POST", "/api/v1/ingest/%ED%A0%80"], ["GET", "/events/%E0%A4%A"]] as const) {
    const res = await request.fetch(url, { method, data: method === "POST" ? "[]" : undefined });
    expect(res.status(), url).toBe(400);
    expect(res.headers()["content-type"], url).toBe("application/problem+json");
    expect(res.headers()["content-security-policy"], url).toContain("default-src 'none'");
    expect(await res.json(), url).toMatchObject({ status: 400, field: "path", errors: [{ field: "path" }] });
  }
  // A well-encoded escape still reaches its route.
  expect((await request.post("/api/v1/ingest/gar%6Eet", { data: "[]" })).status()).toBe(401);
});

test("the OpenAPI document is served, and the API reference renders it offline", async ({ page, request }) => {
  const doc = await request.get("/api/v1/openapi.json");
  expect(doc.status()).toBe(200);
  const body = await doc.json();
  expect(body.openapi).toMatch(/^3\.1\./);
  expect(Object.keys(body.paths)).toContain("/api/v1/events/search");

  const outside: string[] = [];
  page.on("request", (r) => {
    if (!r.url().startsWith("http://localhost") && !r.url().startsWith("http://127.0.0.1") && !r.url().startsWith("data:") && !r.url().startsWith("blob:")) outside.push(r.url());
  });
  await page.goto("/docs/api");
  await expect(page.getByRole("heading", { name: /Vigil API/ })).toBeVisible({ timeout: 20_000 });
  await page.getByRole("menuitem", { name: "Network policies" }).first().click();
  await expect(page.getByText("Block an event's destination").first()).toBeVisible();
  expect(outside).toEqual([]);
});
