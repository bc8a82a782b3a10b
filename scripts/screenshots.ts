// npx tsx scripts/screenshots.ts [baseUrl] — screenshots of the main pages (demo data, demo admin) into docs/screenshots
import { chromium } from "@playwright/test";

const BASE = process.argv[2] ?? "http://localhost:3000";
const PAGES = ["events", "agents", "admin", "issues", "policies", "rules"];

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  for (const theme of ["dark", "light"] as const) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addCookies([{ name: "vigil_theme", value: theme, url: BASE }]);
    const page = await context.newPage();
    await page.goto(`${BASE}/signin`);
    await page.screenshot({ path: `docs/screenshots/signin-${theme}.png` });
    await page.getByLabel("Email").fill("admin@vigil.local");
    await page.getByLabel("Password").fill("vigil-admin-demo");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/events$/);
    for (const name of PAGES) {
      await page.goto(`${BASE}/${name}`);
      await page.waitForLoadState("networkidle");
      await page.screenshot({ path: `docs/screenshots/${name}-${theme}.png`, fullPage: false });
    }
    // The audit log at the bottom of the Admin page: the demo's accounts and credentials, made by the CLI.
    await page.goto(`${BASE}/admin`);
    await page.locator("#audit").evaluate((el) => el.scrollIntoView());
    await page.screenshot({ path: `docs/screenshots/audit-log-${theme}.png`, fullPage: false });
    // The account page (the user menu's "Account and password"), and an admin's password reset
    // asking first (cancelled: the demo's accounts keep their passwords).
    await page.goto(`${BASE}/account`);
    await page.screenshot({ path: `docs/screenshots/account-${theme}.png`, fullPage: false });
    await page.goto(`${BASE}/admin`);
    await page.getByTestId("members").getByRole("row", { name: /analyst@vigil\.local/ }).getByRole("button", { name: "Reset password" }).click();
    await page.getByTestId("reset-password-dialog").waitFor();
    await page.screenshot({ path: `docs/screenshots/reset-password-${theme}.png`, fullPage: false });
    await page.getByTestId("reset-password-dialog").getByRole("button", { name: "Cancel" }).click();
    // An event with a process tree and a CNAME chain: a Garnet detection that names a domain.
    await page.goto(`${BASE}/events?range=30d&q=${encodeURIComponent("sourceFormat:garnet kind:detections domain:* processPid:*")}`);
    await page.locator("tbody tr[data-row-id]").first().click();
    await page.waitForURL(/\/events\/\d+/);
    await page.waitForLoadState("networkidle");
    await page.screenshot({ path: `docs/screenshots/event-detail-${theme}.png`, fullPage: true });
    // An issue someone is working on: assigned, flagged and commented in the demo's triage.
    await page.goto(`${BASE}/issues?status=in_progress`);
    await page.locator("tbody tr[data-row-id] a").first().click();
    await page.waitForURL(/\/issues\/\d+/);
    await page.getByTestId("issue-events").locator("tbody tr").first().waitFor();
    await page.waitForLoadState("networkidle");
    await page.screenshot({ path: `docs/screenshots/issue-detail-${theme}.png`, fullPage: false });
    // The cluster policy of the demo: an enforced deny with an allow that overrides it (a flagged conflict).
    await page.goto(`${BASE}/policies`);
    await page.locator('tbody[data-scope="cluster"] tr[data-policy-id] a').first().click();
    await page.waitForURL(/\/policies\/[0-9a-f-]+/);
    await page.waitForLoadState("networkidle");
    await page.screenshot({ path: `docs/screenshots/policy-detail-${theme}.png`, fullPage: false });
    // Blocking from an event: the dialog with its dry run.
    await page.goto(`${BASE}/events?range=7d&q=${encodeURIComponent("kind:detections destination:*")}`);
    await page.locator("tbody tr[data-row-id]").first().click();
    await page.waitForURL(/\/events\/\d+/);
    await page.getByRole("button", { name: /^Block/ }).first().click();
    await page.getByText(/would have matched/).waitFor();
    await page.screenshot({ path: `docs/screenshots/block-dialog-${theme}.png`, fullPage: false });
    // A detection rule in the editor, tested on the newest stored events of its type.
    await page.goto(`${BASE}/rules`);
    await page.locator('tr[data-rule="shell_from_web_server"] [data-testid="rule-link"]').click();
    await page.waitForURL(/\/rules\/[0-9a-f-]+\/[0-9a-f-]+/);
    await page.getByTestId("run-test").click();
    await page.getByTestId("test-result").waitFor();
    await page.screenshot({ path: `docs/screenshots/rule-editor-${theme}.png`, fullPage: false });
    await context.close();
  }
  await browser.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
