import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { Client } from "pg";
import { createAgentToken, createTenant, createUser } from "./support/factories";
import { signIn } from "./support/sign-in";

// One-click block end to end: flows go in through the real ingest API; an analyst blocks the
// destination from the event page after reading the dry run, and the page then shows the flag and
// the policy's verdict. A manager gets no Block button.

async function ingest(request: APIRequestContext, token: string, items: unknown[]) {
  const res = await request.post("/api/v1/ingest/garnet", { headers: { authorization: `Bearer ${token}` }, data: items });
  expect(res.status()).toBe(200);
  expect((await res.json()).rejected).toEqual([]);
}

async function eventId(tenantId: string, sourceId: string): Promise<string> {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const res = await client.query<{ id: string }>(`SELECT id FROM events WHERE tenant_id = $1 AND event_key = $2`, [tenantId, `garnet:id:${sourceId}`]);
    return String(res.rows[0].id);
  } finally {
    await client.end();
  }
}

/** A detection of a connection to `domain` from a pod of cluster prod-eu. */
function minerFlow(id: string, domain: string, agent: string, at: Date) {
  return {
    id,
    kind: "detections",
    created_at: at.toISOString(),
    agent: { id: agent, hostname: `${agent}-host`, kubernetes_context: { cluster: "prod-eu", namespace: "payments", node: `${agent}-node` } },
    data: {
      head: { name: "crypto_miner_pool", importance: "high", description: "Connection to a mining pool" },
      process: { exe: "/tmp/xmrig", cmd: `xmrig -o ${domain}:4444`, pid: 4242, ppid: 1, uid: 1001 },
      flow: {
        proto: "TCP",
        ip_version: 4,
        local: { address: "10.1.2.3", port: 50123 },
        remote: { address: "198.51.100.7", port: 4444, names: ["198.51.100.7", domain] },
        settings: { direction: "egress", status: "ended" },
      },
    },
  };
}

/** A detection with no network destination at all. */
function fileDetection(id: string, at: Date) {
  return {
    id,
    kind: "detections",
    created_at: at.toISOString(),
    agent: { id: "agent-files", hostname: "files-host" },
    data: {
      head: { name: "shadow_file_read", importance: "high", description: "Read /etc/shadow" },
      process: { exe: "/usr/bin/cat", cmd: "cat /etc/shadow", pid: 5151, ppid: 1, uid: 0 },
      file: { path: "/etc/shadow" },
    },
  };
}

async function setUp(page: Page) {
  const tenant = await createTenant("Block SOC");
  const analyst = await createUser([{ tenantId: tenant.id, role: "analyst" }], "Ana Analyst");
  const manager = await createUser([{ tenantId: tenant.id, role: "manager" }], "Mia Manager");
  const token = await createAgentToken(tenant.id);
  const suffix = randomBytes(3).toString("hex");
  const domain = `pool-${suffix}.minexmr.example`;
  const start = Date.now() - 60 * 60_000;
  await ingest(page.request, token, [
    minerFlow(`miner-a-${suffix}`, domain, "agent-a", new Date(start)),
    minerFlow(`miner-b-${suffix}`, domain, "agent-a", new Date(start + 60_000)),
    minerFlow(`miner-c-${suffix}`, domain, "agent-b", new Date(start + 120_000)),
    fileDetection(`file-${suffix}`, new Date(start + 180_000)),
  ]);
  return { tenant, analyst, manager, suffix, domain, id: await eventId(tenant.id, `miner-c-${suffix}`) };
}

test("an analyst blocks a destination from the event page after reading the dry run; an admin finds the rule", async ({ page, browser }) => {
  const { tenant, analyst, domain, id } = await setUp(page);
  await signIn(page, analyst);
  await page.goto(`/events/${id}`);
  const destination = page.getByRole("region", { name: "Destination" });
  await expect(destination.getByTestId("policy-verdict")).toContainText("No rule");
  await expect(destination.getByTestId("dns-verdict")).toContainText("Agent reported");

  await destination.getByRole("button", { name: "Block destination…" }).click();
  const dialog = page.getByTestId("block-dialog");
  await expect(dialog.getByTestId("block-destination")).toContainText(domain);
  // The narrowest scope (the namespace) first, and its dry run: the three flows, in two issues (one per agent).
  const scopes = dialog.getByRole("radiogroup", { name: "Scope" }).getByRole("radio");
  await expect(scopes.first()).toBeChecked();
  await expect(dialog.getByTestId("block-dry-run-count")).toHaveText("This rule would have matched 3 events on 2 agents in the last 7 days.");
  await expect(dialog.getByTestId("block-dry-run-issues").getByRole("link")).toHaveCount(2);
  await expect(dialog.getByText(/No policy for .* yet: blocking creates one, in enforce mode/)).toBeVisible();

  // A wider scope is one click away; its dry run replaces the first.
  await dialog.getByRole("radio", { name: /cluster prod-eu/ }).check();
  await expect(dialog.getByTestId("block-dry-run-count")).toHaveText("This rule would have matched 3 events on 2 agents in the last 7 days.");
  const events = dialog.getByTestId("block-dry-run-events");
  await expect(events).toHaveAttribute("href", /^\/events\?q=.*cluster.*prod-eu.*&range=7d$/);

  // A reason is required; the reason field has the focus, Enter confirms.
  await expect(dialog.getByTestId("block-confirm")).toBeDisabled();
  await dialog.getByLabel(/Reason/).fill("Cryptominer pool seen on prod-eu");
  await page.keyboard.press("Enter");
  const result = dialog.getByTestId("block-result");
  await expect(result).toContainText("Blocked");
  await expect(result).toContainText("cluster prod-eu (enforce)");
  await expect(result.getByRole("link", { name: /Open the policy/ })).toHaveAttribute("href", /^\/policies\/[0-9a-f-]{36}$/);

  // The page refreshed under the dialog: the flag, the lineage and the policy's verdict.
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  // The refresh re-renders the page on the server and refetches the assessment: give both time.
  await expect(destination.getByTestId("policy-verdict")).toContainText(`Denied by rule ${domain} in cluster prod-eu (enforce)`, { timeout: 20_000 });
  await expect(page.getByRole("region", { name: "Assessment" }).locator('[data-flag="blocked"]').first()).toBeVisible({ timeout: 20_000 });
  await expect(destination.getByTestId("policy-verdict").getByRole("link")).toHaveAttribute("href", /^\/policies\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("header-policy-verdict")).toContainText("policy: denied");
  await page.reload();
  await expect(page.getByRole("region", { name: "Assessment" }).locator('[data-flag="blocked"]').first()).toBeVisible();
  await expect(destination.getByTestId("policy-verdict")).toContainText(`Denied by rule ${domain} in cluster prod-eu (enforce)`);

  // Blocking again in the same scope says so and changes nothing.
  await page.getByTestId("event-header").getByRole("button", { name: "Block…" }).click();
  await dialog.getByRole("radio", { name: /cluster prod-eu/ }).check();
  await expect(dialog.getByTestId("block-existing")).toContainText("Already blocked in this scope — confirming changes nothing.");
  await dialog.getByLabel(/Reason/).fill("again");
  await dialog.getByTestId("block-confirm").click();
  await expect(dialog.getByTestId("block-result")).toContainText("Already blocked");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  // An admin follows the verdict to the policy and finds the rule, with the event it came from.
  const policyHref = await destination.getByTestId("policy-verdict").getByRole("link").getAttribute("href");
  const admin = await createUser([{ tenantId: tenant.id, role: "admin" }], "Ada Admin");
  const adminContext = await browser.newContext({ baseURL: new URL(page.url()).origin });
  const adminPage = await adminContext.newPage();
  await signIn(adminPage, admin);
  await adminPage.goto(policyHref!);
  const rule = adminPage.locator("tr", { hasText: domain });
  await expect(rule).toContainText("deny");
  await expect(rule).toContainText("Cryptominer pool seen on prod-eu");
  await expect(rule.getByRole("link", { name: `Event ${id}` })).toHaveAttribute("href", `/events/${id}`);
  await expect(adminPage.getByTestId("lineage-entry").filter({ hasText: domain }).first()).toContainText("Rule created");
  await adminContext.close();
});

test("in the queue, b blocks the current issue's destination, or says it has none", async ({ page }) => {
  const { analyst, domain } = await setUp(page);
  await signIn(page, analyst);
  await page.goto("/issues");
  const rows = page.getByTestId("issues-table").locator("tbody tr[data-row-id]");
  await expect(rows).toHaveCount(3);
  await page.waitForLoadState("networkidle");

  // Newest first: the file detection, which has no network destination.
  await page.keyboard.press("j");
  await expect(rows.nth(0)).toContainText(/shadow file read/i);
  await page.keyboard.press("b");
  await expect(page.getByTestId("status-line")).toHaveText(/This issue has no network destination/);
  await expect(page.getByTestId("block-dialog")).toHaveCount(0);

  await page.keyboard.press("j");
  await page.keyboard.press("b");
  const dialog = page.getByTestId("block-dialog");
  await expect(dialog.getByTestId("block-destination")).toContainText(domain);
  await expect(dialog.getByTestId("block-dry-run-count")).toHaveText("This rule would have matched 3 events on 2 agents in the last 7 days.");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
});

test("a manager sees the policy's verdict but no Block button", async ({ page }) => {
  const { manager, id } = await setUp(page);
  await signIn(page, manager);
  await page.goto(`/events/${id}`);
  await expect(page.getByTestId("policy-verdict")).toBeVisible();
  await expect(page.getByTestId("block-button")).toHaveCount(0);

  // The API refuses the role too.
  const res = await page.request.post(`/api/v1/events/${id}/actions/block/dry-run`, { data: {} });
  expect(res.status()).toBe(403);
});
