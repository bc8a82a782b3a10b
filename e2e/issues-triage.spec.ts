import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { createAgentToken, createTenant, createUser } from "./support/factories";
import { signIn } from "./support/sign-in";

// Triage end to end: detections go in through the real ingest API and open issues; the queue and
// the issue page are worked the way an analyst works them, keyboard first.

async function ingest(request: APIRequestContext, token: string, items: unknown[]) {
  const res = await request.post("/api/v1/ingest/garnet", { headers: { authorization: `Bearer ${token}` }, data: items });
  expect(res.status()).toBe(200);
  expect((await res.json()).rejected).toEqual([]);
}

/** A Garnet detection; each `name` opens its own issue. */
function detection(id: string, name: string, at: Date, importance = "high") {
  return {
    id,
    kind: "detections",
    created_at: at.toISOString(),
    agent: { id: "agent-e2e", hostname: "runner-1" },
    data: {
      head: { name, importance, description: `${name} seen` },
      process: { exe: "/tmp/xmrig", cmd: "xmrig -o pool.minexmr.com:4444", pid: 4242, ppid: 4000, uid: 1001 },
    },
  };
}

/** A tenant with an analyst (or another role), an agent token and `names.length` issues, the last one newest. */
async function setUp(page: Page, names: string[], role: "analyst" | "manager" = "analyst") {
  const tenant = await createTenant("Triage SOC");
  const user = await createUser([{ tenantId: tenant.id, role }], role === "analyst" ? "Ana Analyst" : "Mia Manager");
  const token = await createAgentToken(tenant.id);
  const suffix = randomBytes(3).toString("hex");
  const start = Date.now() - 60 * 60_000;
  await ingest(
    page.request,
    token,
    names.map((n, i) => detection(`${n}-${suffix}`, `${n}_${suffix}`, new Date(start + i * 60_000))),
  );
  await signIn(page, user);
  return { tenant, user, token, suffix };
}

const rows = (page: Page) => page.getByTestId("issues-table").locator("tbody tr[data-row-id]");
const statusLine = (page: Page) => page.getByTestId("status-line");

test("an analyst triages an issue with the keyboard alone", async ({ page }) => {
  const { suffix } = await setUp(page, ["alpha", "beta", "gamma"]);
  await page.goto("/issues");
  await expect(page).toHaveURL(/status=open%2Cin_progress|status=open,in_progress/);
  await expect(rows(page)).toHaveCount(3);
  // Newest first: gamma, beta, alpha.
  await expect(rows(page).nth(0)).toContainText(`Gamma ${suffix}`);
  await page.waitForLoadState("networkidle"); // keys reach the page once it is hydrated

  await page.keyboard.press("j");
  await expect(rows(page).nth(0)).toHaveAttribute("data-active", "true");
  await page.keyboard.press("j");
  await page.keyboard.press("j");
  await page.keyboard.press("k");
  const beta = rows(page).nth(1);
  await expect(beta).toHaveAttribute("data-active", "true");
  await expect(beta).toContainText(`Beta ${suffix}`);
  await expect(beta).toBeFocused();

  await page.keyboard.press("a");
  await expect(statusLine(page)).toHaveText(/Acknowledged 1 issue\./);
  await expect(beta.locator('[data-flag="acknowledged"]')).toBeVisible();

  await page.keyboard.press("e");
  await expect(statusLine(page)).toHaveText(/Assigned 1 issue to you\./);
  await expect(beta).toContainText("Ana Analyst");

  await page.keyboard.press("r");
  const dialog = page.getByTestId("resolve-dialog");
  await expect(dialog).toBeVisible();
  await page.keyboard.press("2");
  await expect(dialog.getByRole("radio", { name: /Benign true positive/ })).toBeChecked();
  await page.keyboard.press("1");
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  await expect(statusLine(page)).toHaveText(/Resolved 1 issue as true positive\./);
  // Resolved issues leave the unresolved tab; the keyboard's row moves on to the next one.
  await expect(rows(page)).toHaveCount(2);
  await expect(page.getByTestId("status-tab-resolved")).toContainText("1");
  await expect(rows(page).nth(1)).toHaveAttribute("data-active", "true");

  // Enter opens the current issue; Escape returns to the queue as it was.
  await page.keyboard.press("k");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/issues\/\d+\?back=/);
  await expect(page.getByTestId("issue-header")).toContainText(`Gamma ${suffix}`);
  await page.keyboard.press("Escape");
  await expect(page).toHaveURL(/\/issues\?status=/);

  // The shortcuts are listed on "?".
  await page.keyboard.press("?");
  await expect(page.getByTestId("shortcuts-dialog")).toContainText("Mark false positive");
});

test("an analyst marks every issue a query matches as false positive, after a dry run", async ({ page }) => {
  const names = [...Array.from({ length: 55 }, (_, i) => `bulk${i}`), "other"];
  const { suffix } = await setUp(page, names);
  // 55 issues match "Bulk…<suffix>": more than one page of 50.
  await page.goto(`/issues?status=open,in_progress&q=${encodeURIComponent(`bulk`)}`);
  await expect(page.getByTestId("issues-total")).toHaveText("55 issues");
  await expect(rows(page)).toHaveCount(50);

  await page.getByRole("checkbox", { name: "Select every issue shown" }).check();
  await expect(page.getByTestId("selection-summary")).toContainText("50 issues selected");
  await page.getByRole("button", { name: "Select all 55 issues matching" }).click();
  await expect(page.getByTestId("selection-summary")).toContainText("All 55 issues matching selected");
  // Status and assignment need the issues themselves; assessment goes by query.
  await expect(page.getByTestId("queue-actions").getByRole("button", { name: /Resolve/ })).toBeDisabled();

  await page.getByTestId("queue-actions").getByRole("button", { name: /False positive/ }).click();
  const dialog = page.getByTestId("bulk-dialog");
  await expect(dialog.getByTestId("bulk-count")).toContainText("55 issues");
  await dialog.getByRole("button", { name: "Apply to 55 issues" }).click();
  await expect(dialog.getByTestId("bulk-result")).toContainText("55 issues updated");
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(statusLine(page)).toContainText("Marked as false positive: 55 issues");

  // Every matching issue carries the flag; the other one does not.
  const flagged = await page.request.get(`/api/v1/issues?flags=falsePositive&limit=100`);
  const body = (await flagged.json()) as { total: number; data: { title: string }[] };
  expect(body.total).toBe(55);
  expect(body.data.every((i) => i.title.startsWith("Bulk"))).toBe(true);
  await expect(rows(page).first().locator('[data-flag="falsePositive"]')).toBeVisible();
  await page.goto(`/issues?status=open,in_progress&q=other_${suffix}`);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first().locator('[data-flag="falsePositive"]')).toHaveCount(0);
});

test("an analyst comments on an issue in Markdown and reads it rendered, safely", async ({ page }) => {
  const { suffix } = await setUp(page, ["commented"]);
  await page.goto("/issues");
  await rows(page).first().getByRole("link").click();
  await expect(page.getByTestId("issue-header")).toContainText(`Commented ${suffix}`);

  const body = "**Contained** on `node-1`. See [the runbook](https://example.com/runbook).\n\n[bad](javascript:alert(1))\n\n<script>alert(1)</script>";
  await page.getByLabel("New comment").fill(body);
  await page.getByRole("button", { name: "Comment", exact: true }).click();
  const comment = page.getByTestId("comment").first();
  await expect(comment).toContainText("Ana Analyst");
  const md = comment.getByTestId("markdown");
  await expect(md.locator("strong")).toHaveText("Contained");
  await expect(md.locator("code")).toHaveText("node-1");
  const link = md.getByRole("link", { name: "the runbook" });
  await expect(link).toHaveAttribute("href", "https://example.com/runbook");
  await expect(link).toHaveAttribute("target", "_blank");
  await expect(link).toHaveAttribute("rel", "noopener noreferrer");
  // Raw HTML stays text and javascript: URLs are dropped.
  await expect(md).toContainText("<script>alert(1)</script>");
  await expect(md.locator("script")).toHaveCount(0);
  await expect(md.getByText("bad")).toBeVisible();
  expect(await md.locator("a[href^='javascript']").count()).toBe(0);

  // Its author edits it; the lineage records the comment.
  await comment.getByRole("button", { name: "Edit" }).click();
  await comment.getByLabel("Edit comment").fill("Contained on node-1, host _isolated_.");
  await comment.getByRole("button", { name: "Save" }).click();
  await expect(md.locator("em")).toHaveText("isolated");
  await expect(comment).toContainText("(edited)");
  await expect(page.locator('[data-testid=lineage-entry][data-action="commented"]')).toHaveCount(1);
});

test("the lineage shows the issue acknowledged, assigned and resolved", async ({ page }) => {
  const { user } = await setUp(page, ["lineage"]);
  await page.goto("/issues");
  await rows(page).first().getByRole("link").click();
  const controls = page.getByTestId("issue-controls");
  await controls.getByRole("button", { name: /^Acknowledge/ }).click();
  await expect(statusLine(page)).toHaveText(/Acknowledged 1 issue/);
  await controls.getByRole("button", { name: /Assign to me/ }).click();
  await expect(statusLine(page)).toHaveText(/Assigned 1 issue to you/);
  await controls.getByRole("button", { name: /Resolve/ }).click();
  await page.getByTestId("resolve-dialog").getByText("False positive", { exact: true }).click();
  await page.getByTestId("resolve-dialog").getByRole("button", { name: /^Resolve/ }).last().click();
  await expect(statusLine(page)).toHaveText(/Resolved 1 issue as false positive/);
  await expect(page.getByTestId("issue-header")).toContainText("Resolved · False positive");

  const lineage = page.getByTestId("lineage");
  await expect(lineage.locator('[data-action="assessed"]')).toContainText("acknowledged");
  await expect(lineage.locator('[data-action="assigned"]')).toContainText(user.email);
  await expect(lineage.locator('[data-action="resolved"]')).toBeVisible();

  // Reopening puts it back.
  await controls.getByRole("button", { name: "Reopen" }).click();
  await expect(lineage.locator('[data-action="reopened"]')).toBeVisible();
});

test("a manager reads the queue and an issue but sees no write controls", async ({ page }) => {
  await setUp(page, ["readonly"], "manager");
  await page.goto("/issues");
  await expect(rows(page)).toHaveCount(1);
  await page.waitForLoadState("networkidle");
  await expect(page.getByTestId("read-only-note")).toBeVisible();
  await expect(page.getByTestId("queue-actions")).toHaveCount(0);
  await expect(page.getByTestId("issues-table").getByRole("checkbox")).toHaveCount(0);
  // Triage keys do nothing.
  await page.keyboard.press("j");
  await page.keyboard.press("a");
  await expect(statusLine(page)).toHaveCount(0);

  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/issues\/\d+/);
  await expect(page.getByTestId("issue-header")).toBeVisible();
  await expect(page.getByTestId("read-only-note")).toBeVisible();
  await expect(page.getByTestId("issue-controls")).toHaveCount(0);
  await expect(page.getByRole("form", { name: "Assessment" })).toHaveCount(0);
  await expect(page.getByLabel("New comment")).toHaveCount(0);

  // The issue's event: its issue is shown, not the assessment form.
  await page.getByTestId("issue-events").locator("tbody tr[data-row-id]").first().click();
  await expect(page).toHaveURL(/\/events\/\d+/);
  await expect(page.getByTestId("event-issue")).toContainText("Readonly");
  await expect(page.getByRole("form", { name: "Assessment" })).toHaveCount(0);
  await expect(page.getByLabel("New comment")).toHaveCount(0);
});
