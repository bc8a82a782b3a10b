import { expect, test, type Page } from "@playwright/test";
import { Client } from "pg";
import { createTenant, createUser } from "./support/factories";
import { signIn } from "./support/sign-in";

// The network-policy pages: an admin builds a policy through the forms; an analyst reads it.

/** A policy with one rule, written straight into the e2e database as an admin would have made it. */
async function seedPolicy(tenantId: string): Promise<string> {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const policy = await client.query<{ id: string }>(`INSERT INTO network_policies (tenant_id, scope, scope_ref, mode) VALUES ($1, 'cluster', 'prod-eu', 'log') RETURNING id`, [tenantId]);
    const id = policy.rows[0].id;
    await client.query(
      `INSERT INTO network_policy_rules (tenant_id, policy_id, type, value, action, reason, created_by) VALUES ($1, $2, 'domain', '*.minexmr.com', 'deny', 'Mining pools', 'user:ada@example.test')`,
      [tenantId, id],
    );
    return id;
  } finally {
    await client.end();
  }
}

const statusLine = (page: Page) => page.getByTestId("status-line");
const rules = (page: Page) => page.getByTestId("rules-table").locator("tbody tr[data-row-id]");

test("an admin creates a policy, adds and edits a rule, enforces it and reads the lineage", async ({ page }) => {
  const tenant = await createTenant("Policy SOC");
  await signIn(page, await createUser([{ tenantId: tenant.id, role: "admin" }], "Ada Admin"));

  await page.goto("/policies");
  await expect(page.getByTestId("policies-empty")).toContainText("No network policies yet");
  await page.getByTestId("new-policy").click();
  const create = page.getByTestId("new-policy-dialog");
  await create.getByLabel("Scope").selectOption("namespace");
  const ref = create.getByLabel("Namespace");
  await ref.fill("prod-eu");
  await expect(create.getByTestId("field-error")).toContainText("is not cluster/namespace");
  await ref.fill("prod-eu/payments");
  await expect(create.getByTestId("field-error")).toHaveCount(0);
  await create.getByRole("button", { name: "Create policy" }).click();
  await expect(page).toHaveURL(/\/policies\/[0-9a-f-]{36}$/);
  const header = page.getByTestId("policy-header");
  await expect(header).toContainText("prod-eu/payments");
  await expect(header.locator("[data-mode]")).toHaveAttribute("data-mode", "log");
  await expect(page.getByTestId("rules-empty")).toBeVisible();

  // A bad range is refused as it is typed; a good one shows the form it is stored in.
  await page.getByTestId("add-rule").click();
  const form = page.getByTestId("rule-form-dialog");
  await form.getByLabel("Type").selectOption("cidr");
  const value = form.getByLabel("Value");
  await value.fill("10.0.0.0/33");
  await expect(form.getByTestId("field-error")).toContainText("an IPv4 prefix length is 0-32, not 33");
  await value.fill("10.1.2.3/8");
  await expect(form.getByTestId("value-note")).toContainText("will be stored as 10.0.0.0/8");
  await form.getByLabel(/Reason/).fill("Lateral movement");
  await form.getByRole("button", { name: "Add rule" }).click();
  await expect(statusLine(page)).toContainText("Added: deny cidr 10.0.0.0/8.");
  await expect(form).toHaveCount(0);
  await expect(rules(page)).toHaveCount(1);
  await expect(rules(page).first()).toContainText("10.0.0.0/8");
  await expect(rules(page).first()).toContainText("deny");

  await page.getByRole("button", { name: "Edit deny 10.0.0.0/8" }).click();
  await expect(form.getByLabel("Value")).toHaveValue("10.0.0.0/8");
  await form.getByLabel("allow").check();
  await form.getByLabel(/Reason/).fill("Internal network");
  await form.getByRole("button", { name: "Save rule" }).click();
  await expect(statusLine(page)).toContainText("Saved: allow cidr 10.0.0.0/8.");
  await expect(rules(page).first()).toContainText("allow");
  await expect(rules(page).first()).toContainText("Internal network");

  // Enforce asks first, and says what it means.
  await page.getByTestId("mode-switch").getByRole("radio", { name: "enforce" }).click();
  const confirm = page.getByTestId("enforce-dialog");
  await expect(confirm).toContainText("will block connections to denied destinations");
  await confirm.getByRole("button", { name: "Enforce" }).click();
  await expect(header.locator("[data-mode]")).toHaveAttribute("data-mode", "enforce");
  await expect(page.getByTestId("mode-switch").getByRole("radio", { name: "enforce" })).toHaveAttribute("aria-checked", "true");

  const lineage = page.getByTestId("lineage-entry");
  await expect(lineage).toHaveCount(4);
  await expect(lineage.nth(0)).toContainText("prod-eu/payments");
  await expect(lineage.nth(1)).toContainText("10.0.0.0/8");
  await expect(lineage.nth(2)).toHaveAttribute("data-action", "updated");
  await expect(lineage.nth(2)).toContainText("Internal network");
  await expect(lineage.nth(3)).toContainText("enforce");

  await page.goto("/policies");
  const row = page.getByTestId("policies-table").locator("tr[data-policy-id]");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("prod-eu/payments");
  await expect(row).toContainText("Mode changed");
  await expect(row.locator("[data-mode]")).toHaveAttribute("data-mode", "enforce");
});

test("an analyst sees the policies read only", async ({ page }) => {
  const tenant = await createTenant("Policy SOC");
  await signIn(page, await createUser([{ tenantId: tenant.id, role: "analyst" }]));

  await page.goto("/policies");
  await expect(page.getByTestId("policies-empty")).toContainText("ask an admin");
  await expect(page.getByTestId("new-policy")).toHaveCount(0);

  const id = await seedPolicy(tenant.id);
  await page.reload();
  await expect(page.getByTestId("read-only-note")).toBeVisible();
  await expect(page.getByTestId("new-policy")).toHaveCount(0);
  await page.getByRole("link", { name: "prod-eu" }).click();
  await expect(page).toHaveURL(new RegExp(`/policies/${id}$`));

  await expect(rules(page)).toHaveCount(1);
  await expect(rules(page).first()).toContainText("*.minexmr.com");
  await expect(page.getByTestId("read-only-note")).toContainText("Read only");
  await expect(page.getByTestId("mode-switch")).toHaveCount(0);
  await expect(page.getByTestId("add-rule")).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Edit / })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Delete policy" })).toHaveCount(0);
  await expect(page.getByRole("checkbox")).toHaveCount(0);

  // The filter is the URL's, answered by the server.
  await page.getByTestId("rules-filter").fill("pastebin");
  await expect(page).toHaveURL(/\?q=pastebin$/);
  await expect(page.getByTestId("rules-empty")).toHaveText("No rule matches.");
  await page.getByTestId("rules-filter").fill("MINING");
  await expect(rules(page)).toHaveCount(1);
  await expect(page).toHaveURL(/\?q=MINING$/);
  await page.reload();
  await expect(page.getByTestId("rules-filter")).toHaveValue("MINING");
  await expect(rules(page)).toHaveCount(1);
});
