import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { createTenant, createUser } from "./support/factories";
import { signIn } from "./support/sign-in";

test("an admin creates an API key, finds the act in the audit log with a filter, and exports it as CSV", async ({ page }) => {
  const tenant = await createTenant("Audit SOC");
  const admin = await createUser([{ tenantId: tenant.id, role: "admin" }], "Ada Admin");
  await signIn(page, admin);

  await page.goto("/admin");
  const audit = page.getByRole("region", { name: "Audit log" });
  // The admin's own sign-in is the tenant's first entry.
  await expect(audit.getByTestId("audit-entry")).toHaveCount(1);
  await expect(audit.getByTestId("audit-entry")).toContainText("Signed in");
  await page.getByLabel("API key name").fill("grafana-reader");
  await page.getByLabel("API key role").selectOption("manager");
  await page.getByRole("button", { name: "Create API key" }).click();
  const secret = (await page.getByTestId("new-secret").textContent())?.trim() ?? "";
  expect(secret).toMatch(/^vgl_key_/);
  await page.getByLabel("Agent token name").fill("edge-cluster");
  await page.getByRole("button", { name: "Create agent token" }).click();
  await expect(audit.getByTestId("audit-entry")).toHaveCount(3);

  await audit.getByLabel("Action").selectOption({ label: "API key created" });
  await expect(page).toHaveURL(/[?&]action=api_key\.create/);
  const rows = audit.getByTestId("audit-entry");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(`user:${admin.email}`);
  await expect(rows.first()).toContainText("API key created");
  await expect(rows.first()).toContainText("grafana-reader");
  await expect(rows.first()).toContainText("manager");
  await expect(rows.first()).toContainText("web");
  await expect(audit.getByTestId("audit-total")).toHaveText("1 entry");

  const download = page.waitForEvent("download");
  await audit.getByRole("link", { name: "Export CSV" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^vigil-audit-\d{8}-\d{6}\.csv$/);
  const lines = readFileSync(await file.path(), "utf8").trimEnd().split("\r\n");
  expect(lines[0]).toBe("id,at,actor,action,subjectType,subjectId,subject,changes,via,address,userAgent,before,after");
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(`user:${admin.email},api_key.create,api_key,`);
  expect(lines[1]).toContain("grafana-reader");
  expect(lines.join("\n")).not.toContain(secret);

  await audit.getByRole("button", { name: "Clear filters" }).click();
  await expect(page).not.toHaveURL(/action=/);
  await expect(audit.getByTestId("audit-entry")).toHaveCount(3);
});

test("another tenant's admin sees none of it, and analysts and managers get no audit log at all", async ({ page }) => {
  const tenant = await createTenant("Audit SOC");
  const other = await createTenant("Elsewhere SOC");
  const admin = await createUser([{ tenantId: tenant.id, role: "admin" }], "Ada Admin");
  const foreign = await createUser([{ tenantId: other.id, role: "admin" }], "Gus Admin");
  const manager = await createUser([{ tenantId: tenant.id, role: "manager" }], "Mia Manager");

  await signIn(page, admin);
  await page.goto("/admin");
  await page.getByLabel("API key name").fill("ci");
  await page.getByRole("button", { name: "Create API key" }).click();
  // The admin's sign-in and the key.
  await expect(page.getByRole("region", { name: "Audit log" }).getByTestId("audit-entry")).toHaveCount(2);
  await page.context().clearCookies();

  await signIn(page, foreign);
  await page.goto("/admin");
  // Their own sign-in, and nothing of the other tenant.
  const entries = page.getByRole("region", { name: "Audit log" }).getByTestId("audit-entry");
  await expect(entries).toHaveCount(1);
  await expect(entries).toContainText(`user:${foreign.email}`);
  const theirs = await page.request.get("/api/v1/audit");
  expect(theirs.status()).toBe(200);
  const body = await theirs.json();
  expect(body.total).toBe(1);
  expect(JSON.stringify(body)).not.toContain(admin.email);
  await page.context().clearCookies();

  await signIn(page, manager);
  await page.goto("/admin");
  await expect(page.getByTestId("forbidden")).toBeVisible();
  await expect(page.getByRole("region", { name: "Audit log" })).toHaveCount(0);
  expect((await page.request.get("/api/v1/audit")).status()).toBe(403);
  expect((await page.request.get("/api/v1/audit?format=csv")).status()).toBe(403);
});
