import { expect, test } from "@playwright/test";
import { createTenant, createUser } from "./support/factories";
import { signIn } from "./support/sign-in";

test("an admin creates an agent token, it ingests, and once revoked it is refused", async ({ page, request }) => {
  const tenant = await createTenant("Credentials SOC");
  const admin = await createUser([{ tenantId: tenant.id, role: "admin" }], "Ada Admin");
  await signIn(page, admin);

  await page.goto("/admin");
  await page.getByLabel("Agent token name").fill("edge-cluster");
  await page.getByRole("button", { name: "Create agent token" }).click();
  const secret = (await page.getByTestId("new-secret").textContent())?.trim() ?? "";
  expect(secret).toMatch(/^vgl_agent_/);

  const event = {
    event_type: "domain",
    timestamp: new Date().toISOString(),
    agent: { hostname: "edge-1" },
    process: { exec_path: "/usr/bin/npm", argv: ["npm", "install"] },
    payload: { domain: "registry.npmjs.org", source: "dns" },
  };
  const ok = await request.post("/api/v1/ingest/runtime", { headers: { authorization: `Bearer ${secret}` }, data: event });
  expect(ok.status()).toBe(200);

  // The audit log below names the token too: the row is the one in the tokens' table.
  const row = page.getByRole("table", { name: "Agent tokens" }).getByRole("row", { name: /edge-cluster/ });
  page.once("dialog", (d) => d.accept());
  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(row).toContainText("revoked");
  const refused = await request.post("/api/v1/ingest/runtime", { headers: { authorization: `Bearer ${secret}` }, data: event });
  expect(refused.status()).toBe(401);
  expect((await refused.json()).detail).toMatch(/unknown or revoked/);
});
