import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { generateRawEvents } from "../lib/generate";
import { createAgentToken, createTenant, createUser } from "./support/factories";
import { watchPageProblems } from "./support/page-problems";
import { signIn } from "./support/sign-in";
import { simulateBlocks, simulateTriageHistory } from "./support/soc-history";

// The dashboard against the real ingest API, search engine and triage tables: each test seeds
// its own tenant. Ten runtime events: six in the last five hours, four three days ago.

const MINUTE = 60_000;
const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * MINUTE).toISOString();

interface Seeded {
  tenant: { id: string; slug: string };
  manager: { email: string; password: string };
  agent: string;
}

async function ingest(request: APIRequestContext, token: string, format: string, items: unknown[]) {
  const res = await request.post(`/api/v1/ingest/${format}`, { headers: { authorization: `Bearer ${token}` }, data: items });
  expect(res.status()).toBe(200);
  expect((await res.json()).rejected).toEqual([]);
}

async function seed(request: APIRequestContext): Promise<Seeded> {
  const tenant = await createTenant("Dashboard SOC");
  const manager = await createUser([{ tenantId: tenant.id, role: "manager" }], "Mia Manager");
  const token = await createAgentToken(tenant.id);
  const tag = randomBytes(3).toString("hex");
  const agent = `edge-${tag}`;
  const base = { agent: { id: agent, name: agent } };
  const exec = (id: string, minutesAgo: number) => ({
    ...base, id, event_type: "process_exec", action: "detect", severity: "high", rule_id: "miner", timestamp: at(minutesAgo),
    process: { exec_path: "/tmp/.x/miner", argv: ["/tmp/.x/miner", "--url", "stratum+tcp://pool.example:4444"] }, payload: {},
  });
  const connect = (id: string, minutesAgo: number) => ({
    ...base, id, event_type: "network_connect", timestamp: at(minutesAgo),
    process: { exec_path: "/usr/bin/curl", argv: ["curl", "https://104.16.24.34/"] }, payload: { remote_ip: "104.16.24.34", remote_port: 443, protocol: "tcp", family: "ipv4" },
  });
  await ingest(request, token, "runtime", [
    exec(`x1-${tag}`, 20), exec(`x2-${tag}`, 80), exec(`x3-${tag}`, 200),
    connect(`n1-${tag}`, 30), connect(`n2-${tag}`, 140), connect(`n3-${tag}`, 290),
    ...[1, 2, 3, 4].map((i) => exec(`old${i}-${tag}`, 3 * 24 * 60 + i * 10)),
  ]);
  return { tenant, manager, agent };
}

const figure = (page: Page, id: string) => page.getByTestId(`fig-${id}-value`);
const card = (page: Page, name: string) => page.locator(`[data-card="${name}"]`);
const eventsTotal = (page: Page) => page.getByTestId("events-total");

test("a manager sees the week, narrows it to a day, and drills from a chart into the same events", async ({ page, request }) => {
  const s = await seed(request);
  const problems = await watchPageProblems(page);
  await signIn(page, s.manager);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("group", { name: "Time range" }).getByRole("button", { name: "7 d" })).toHaveAttribute("aria-pressed", "true");
  await expect(figure(page, "events")).toHaveText("10");
  await expect(figure(page, "detections")).toHaveText("7");
  await expect(figure(page, "active-agents")).toHaveText("1");
  await expect(card(page, "top-type")).toContainText("process_exec");

  await page.getByRole("group", { name: "Time range" }).getByRole("button", { name: "24 h" }).click();
  await expect(page).toHaveURL(/\/dashboard\?range=24h$/);
  await expect(figure(page, "events")).toHaveText("6");
  await expect(figure(page, "detections")).toHaveText("3");
  await expect(page.getByTestId("dashboard-range")).toContainText("compared with the 24 h before");

  // A bar of the events chart: its tooltip's total is what the Events search behind it counts.
  const bars = card(page, "events-over-time").locator(".recharts-bar-rectangle path");
  await expect(bars.first()).toBeVisible();
  const bar = bars.last();
  await bar.hover();
  const tooltip = card(page, "events-over-time").locator(".recharts-tooltip-wrapper");
  await expect(tooltip).toContainText("Total");
  const barTotal = Number((await tooltip.textContent())!.match(/Total\s*([\d,]+)/)![1].replace(/,/g, ""));
  expect(barTotal).toBeGreaterThan(0);
  await bar.click();
  await expect(page).toHaveURL(/\/events\?from=.*&to=.*/);
  await expect(eventsTotal(page)).toHaveText(`${barTotal} ${barTotal === 1 ? "event" : "events"}`);

  // A row of a top list: the agent's events over the same day.
  await page.goBack();
  await expect(page).toHaveURL(/\/dashboard\?range=24h$/);
  const row = card(page, "top-agent").getByRole("link", { name: new RegExp(s.agent) });
  await expect(row).toContainText("6");
  await row.click();
  await expect(page).toHaveURL(new RegExp(`f=agent%3A${s.agent}`));
  await expect(eventsTotal(page)).toHaveText("6 events");

  // The detections chart's table view links each day to its detections.
  await page.goBack();
  await card(page, "detections").getByRole("button", { name: "Table" }).click();
  const tableRows = card(page, "detections").getByTestId("card-table").locator("tbody tr");
  await expect(tableRows.first()).toBeVisible();
  expect(problems).toEqual([]);
});

test("the group-by explorer nests two fields as a table and a treemap, keeps them in the URL, and drills into the same events", async ({ page, request }) => {
  const s = await seed(request);
  const problems = await watchPageProblems(page);
  await signIn(page, s.manager);
  await page.goto("/dashboard?range=7d");
  const explorer = card(page, "explorer");
  await expect(explorer.getByTestId("explorer-total")).toHaveText("10");

  await explorer.getByLabel("Group by", { exact: true }).selectOption({ label: "Type" });
  await explorer.getByLabel("Then by", { exact: true }).selectOption({ label: "Agent" });
  await expect(page).toHaveURL(/\/dashboard\?range=7d&by=type%2Cagent$/);
  await expect(explorer.getByRole("heading", { name: "Events by Type › Agent" })).toBeVisible();
  const rows = explorer.getByTestId("explorer-row");
  await expect(rows.filter({ hasText: "process_exec" })).toContainText("7");
  // The second level opens under the first: process_exec's agent, then flow's.
  const nested = explorer.locator('[data-testid="explorer-row"][data-depth="1"]');
  await expect(nested).toHaveCount(2);
  await expect(nested.first()).toContainText(s.agent);
  await expect(nested.first()).toContainText("7");
  await explorer.getByRole("button", { name: "Hide Agent of flow" }).click();
  await expect(nested).toHaveCount(1);
  await explorer.getByRole("button", { name: "Show Agent of flow" }).press("Enter");
  await expect(nested).toHaveCount(2);

  // The treemap draws a cell per agent under each type; its tooltip names the path.
  const cells = explorer.getByTestId("explorer-treemap").locator(".recharts-treemap-depth-2 rect[data-cell]");
  await expect(cells).toHaveCount(2);
  await cells.first().hover();
  await expect(explorer.locator(".recharts-tooltip-wrapper")).toContainText("process_exec");
  await expect(explorer.locator(".recharts-tooltip-wrapper")).toContainText("7 (70% of all)");

  // A row opens the Events search of exactly its events, over the dashboard's window.
  await nested.first().getByRole("link").click();
  await expect(page).toHaveURL(/\/events\?.*f=type%3Aprocess_exec.*f=agent%3A/);
  await expect(eventsTotal(page)).toHaveText("7 events");

  // Back on the dashboard the choice is still there; a cell of the treemap opens its events too.
  await page.goBack();
  await expect(page).toHaveURL(/by=type%2Cagent/);
  await expect(explorer.getByLabel("Then by", { exact: true })).toHaveValue("agent");
  await explorer.getByTestId("explorer-treemap").locator(".recharts-treemap-depth-2 rect[data-cell]").last().click();
  await expect(page).toHaveURL(/\/events\?.*f=type%3Aflow/);
  await expect(eventsTotal(page)).toHaveText("3 events");

  // A shared link opens the same tree; a new range keeps it.
  await page.goto("/dashboard?range=7d&by=severity,destination&top=5");
  await expect(explorer.getByLabel("Group by", { exact: true })).toHaveValue("severity");
  await expect(explorer.getByLabel("Then by", { exact: true })).toHaveValue("destination");
  await expect(explorer.getByLabel("Top")).toHaveValue("5");
  await page.getByRole("group", { name: "Time range" }).getByRole("button", { name: "24 h" }).click();
  await expect(page).toHaveURL(/\/dashboard\?range=24h&by=severity%2Cdestination&top=5$/);
  await expect(explorer.getByTestId("explorer-total")).toHaveText("6");
  expect(problems).toEqual([]);
});

test("the Opened figure opens the issues opened in the range, and the queue shows that window as a filter", async ({ page, request }) => {
  const s = await seed(request);
  await signIn(page, s.manager);
  await page.goto("/dashboard?range=7d");
  const opened = (await figure(page, "opened").textContent())!.trim();
  expect(Number(opened)).toBeGreaterThan(0);
  await page.getByTestId("fig-opened").click();
  await expect(page).toHaveURL(/\/issues\?status=open%2Cin_progress%2Cresolved%2Cclosed&openedFrom=.*&openedTo=/);
  await expect(page.getByTestId("issues-total")).toHaveText(new RegExp(`^${opened} issues?$`));
  await expect(page.getByRole("button", { name: "Filter by time opened" })).toContainText(/Opened: .* UTC/);
  await expect(page.getByRole("button", { name: "Clear filters" })).toBeVisible();
});

test("every card exports its data as CSV and has a table view", async ({ page, request }) => {
  const s = await seed(request);
  await signIn(page, s.manager);
  await page.goto("/dashboard?range=7d");
  const types = card(page, "top-type");
  await types.getByRole("button", { name: "Table" }).click();
  await expect(types.getByTestId("card-table")).toContainText("process_exec");
  await expect(types.getByRole("button", { name: "Table" })).toHaveAttribute("aria-pressed", "true");
  const [download] = await Promise.all([page.waitForEvent("download"), types.getByRole("button", { name: /Download Top event types as CSV/ }).click()]);
  expect(download.suggestedFilename()).toMatch(/^vigil-top-type-\d{12}-\d{12}\.csv$/);
  const csv = await (await download.createReadStream()).toArray();
  expect(Buffer.concat(csv).toString("utf8")).toBe("Type,Events,Previous,Change\r\nprocess_exec,7,0,7\r\nflow,3,0,3\r\n");
});

test("a new tenant's dashboard says there is nothing yet, and shows no other tenant's figures", async ({ page, request }) => {
  await seed(request); // another tenant with events
  const tenant = await createTenant("Empty SOC");
  const analyst = await createUser([{ tenantId: tenant.id, role: "analyst" }]);
  await signIn(page, analyst);
  await page.goto("/dashboard");
  await expect(figure(page, "events")).toHaveText("0");
  await expect(figure(page, "backlog")).toHaveText("0");
  await expect(figure(page, "blocks")).toHaveText("0");
  await expect(card(page, "events-over-time").getByTestId("card-empty")).toHaveText("No events in this range.");
  await expect(card(page, "silent-agents").getByTestId("card-empty")).toHaveText("No agent has sent events yet.");
  await expect(card(page, "blocked-destinations").getByTestId("card-empty")).toContainText("Nothing blocked yet");
  await expect(card(page, "false-positives-by-rule").getByTestId("card-empty")).toContainText("No issue that a detection rule raised was triaged");
  await expect(card(page, "explorer").getByTestId("explorer-empty")).toContainText("No events in this range to group.");
});

test("the dashboard needs a session", async ({ page }) => {
  await page.goto("/dashboard?range=30d");
  await expect(page).toHaveURL(/\/signin/);
});

// Screenshots for the README: a month of generated events and the triage a SOC would have done
// in it. Slow (tens of seconds of ingest), so only when asked: DASHBOARD_SCREENSHOTS=1.
test("screenshots of a month", async ({ browser, request }) => {
  test.skip(!process.env.DASHBOARD_SCREENSHOTS, "set DASHBOARD_SCREENSHOTS=1 to retake docs/screenshots/dashboard-*.png");
  test.setTimeout(600_000);
  const tenant = await createTenant("Demo SOC");
  const manager = await createUser([{ tenantId: tenant.id, role: "manager" }], "Morgan Manager");
  const analysts = await Promise.all(["Sam Analyst", "Riley Responder", "Ada Admin"].map((name) => createUser([{ tenantId: tenant.id, role: "analyst" }], name)));
  const token = await createAgentToken(tenant.id);
  const now = new Date();
  now.setUTCMinutes(0, 0, 0);
  const batches = new Map<string, unknown[]>();
  for (const { format, item } of generateRawEvents({ count: 30_000, days: 30, seed: 42, now })) {
    const batch = batches.get(format) ?? [];
    batch.push(item);
    batches.set(format, batch);
    if (batch.length >= 1000) {
      await ingest(request, token, format, batch);
      batches.set(format, []);
    }
  }
  for (const [format, batch] of batches) if (batch.length) await ingest(request, token, format, batch);
  const c = new Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  try {
    const ids = await c.query<{ id: string; email: string }>("SELECT id, email FROM users WHERE email = ANY($1)", [analysts.map((a) => a.email)]);
    await simulateTriageHistory(c, { tenantId: tenant.id, analysts: [ids.rows[0], ids.rows[1], ids.rows[0], ids.rows[2]], now });
    await simulateBlocks(c, { tenantId: tenant.id, now });
  } finally {
    await c.end();
  }
  for (const theme of ["light", "dark"] as const) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addCookies([{ name: "vigil_theme", value: theme, url: test.info().project.use.baseURL! }]);
    const page = await context.newPage();
    await signIn(page, manager);
    await page.goto("/dashboard?range=7d");
    await expect(page.getByTestId("section-loading")).toHaveCount(0);
    await page.waitForLoadState("networkidle");
    await page.screenshot({ path: `docs/screenshots/dashboard-${theme}.png`, fullPage: true });
    await context.close();
  }
});
