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
