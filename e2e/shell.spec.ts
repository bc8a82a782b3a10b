import { expect, test } from "@playwright/test";
import { createAgentToken, createTenant, createUser } from "./support/factories";
import { signIn } from "./support/sign-in";

test("health answers ok", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ status: "ok" });
});

test("a wrong password is refused with a clear message", async ({ page }) => {
  const tenant = await createTenant();
  const user = await createUser([{ tenantId: tenant.id, role: "analyst" }]);
  await page.goto("/signin");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wrong" })).toHaveText("Wrong email or password.");
  await expect(page).toHaveURL(/\/signin$/);
});

test("pages redirect to sign-in without a session", async ({ page }) => {
  await page.goto("/agents");
  await expect(page).toHaveURL(/\/signin$/);
});

test("an admin signs in, sees the shell, every section, and signs out", async ({ page }) => {
  const tenant = await createTenant("Shell Test SOC");
  const user = await createUser([{ tenantId: tenant.id, role: "admin" }], "Ada Admin");
  await signIn(page, user);

  const nav = page.getByRole("navigation", { name: "Main" });
  for (const label of ["Events", "Issues", "Policies", "Rules", "Dashboard", "Agents", "Admin"]) {
    await expect(nav.getByRole("link", { name: label })).toBeVisible();
  }
  await expect(page.getByTestId("active-tenant")).toHaveText("Shell Test SOC");
  await expect(page.getByTestId("no-events")).toBeVisible();

  await nav.getByRole("link", { name: "Issues" }).click();
  await expect(page.getByTestId("no-issues-yet")).toContainText("No issues yet");
  await nav.getByRole("link", { name: "Agents" }).click();
  await expect(page.getByTestId("no-agents")).toBeVisible();
  await nav.getByRole("link", { name: "Admin" }).click();
  await expect(page.getByTestId("members")).toContainText(user.email);

  const wasDark = await page.evaluate(() => document.documentElement.classList.contains("dark"));
  await page.getByRole("button", { name: /Switch to (light|dark) theme/ }).click();
  expect(await page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(!wasDark);
  await page.reload();
  expect(await page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(!wasDark);

  await page.getByRole("button", { name: "Ada Admin" }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
});

test("an analyst does not see Admin and cannot open it", async ({ page }) => {
  const tenant = await createTenant();
  const user = await createUser([{ tenantId: tenant.id, role: "analyst" }]);
  await signIn(page, user);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" })).toHaveCount(0);
  await page.goto("/admin");
  await expect(page.getByTestId("forbidden")).toBeVisible();
});

test("a member of two tenants switches between them and sees only each tenant's agents", async ({ page, request }) => {
  const red = await createTenant("Red Team");
  const blue = await createTenant("Blue Team");
  const user = await createUser([
    { tenantId: red.id, role: "analyst" },
    { tenantId: blue.id, role: "manager" },
  ]);
  const token = await createAgentToken(red.id);
  const ingest = await request.post("/api/v1/ingest/runtime", {
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    data: {
      event_type: "process_exec",
      timestamp: new Date().toISOString(),
      agent: { hostname: "red-runner-7" },
      process: { exec_path: "/usr/bin/curl", argv: ["curl", "-fsSL", "https://example.com/install.sh"] },
      payload: { is_memfd: false },
    },
  });
  expect(ingest.status()).toBe(200);
  expect((await ingest.json()).created).toBe(1);

  await signIn(page, user);
  const switcher = page.getByTestId("tenant-switcher");
  await switcher.selectOption({ label: "Blue Team (manager)" });
  await expect(switcher).toHaveValue(blue.slug);
  await page.goto("/agents");
  await expect(page.getByTestId("no-agents")).toBeVisible();

  await page.getByTestId("tenant-switcher").selectOption({ label: "Red Team (analyst)" });
  await expect(page.getByTestId("agents-table")).toContainText("red-runner-7");
  await expect(page.getByTestId("agent-recent-events")).toHaveText("1");
  // An agent's name opens its events.
  await page.getByRole("link", { name: "Events of red-runner-7" }).click();
  await expect(page).toHaveURL(/[?&]f=agent%3Ared-runner-7/);
  await expect(page.getByTestId("events-total")).toHaveText("1 event");
});
