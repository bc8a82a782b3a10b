import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { createAgentToken, createTenant, createUser } from "./support/factories";
import { signIn } from "./support/sign-in";

// Bulk assessment of an events search, end to end: events go in through the real ingest API, the
// analyst searches, and the whole search (past the first page of 100) is assessed in one request.

const MINUTE = 60_000;
const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * MINUTE).toISOString();

function curl(tag: string, i: number, timestamp: string) {
  return {
    agent: { name: `edge-${tag}`, hostname: `edge-${tag}.internal` },
    id: `curl-${tag}-${i}`,
    event_type: "network_connect",
    timestamp,
    process: { exec_path: "/usr/bin/curl", argv: ["curl", "-fsSL", "https://104.16.24.34/"] },
    payload: { remote_ip: "104.16.24.34", remote_port: 443, protocol: "tcp", family: "ipv4" },
  };
}

function wget(tag: string, i: number, timestamp: string) {
  return {
    agent: { name: `edge-${tag}`, hostname: `edge-${tag}.internal` },
    id: `wget-${tag}-${i}`,
    event_type: "process_exec",
    timestamp,
    process: { exec_path: "/usr/bin/wget", argv: ["wget", "http://example.test/"] },
    payload: {},
  };
}

async function ingest(request: APIRequestContext, token: string, items: unknown[]) {
  const res = await request.post("/api/v1/ingest/runtime", { headers: { authorization: `Bearer ${token}` }, data: items });
  expect(res.status()).toBe(200);
  expect((await res.json()).created).toBe(items.length);
}

/** A tenant with a user of `role`, 120 curl connections and 5 wget runs over the last four hours. */
async function seed(request: APIRequestContext, role: "analyst" | "manager") {
  const tenant = await createTenant("Bulk SOC");
  const user = await createUser([{ tenantId: tenant.id, role }], role === "analyst" ? "Ana Analyst" : "Mia Manager");
  const token = await createAgentToken(tenant.id);
  const tag = randomBytes(3).toString("hex");
  await ingest(request, token, [
    ...Array.from({ length: 120 }, (_, i) => curl(tag, i, at(1 + i * 2))),
    ...Array.from({ length: 5 }, (_, i) => wget(tag, i, at(3 + i * 7))),
  ]);
  return { user, token, tag };
}

async function searchIds(page: Page, query: string): Promise<{ total: number; ids: string[] }> {
  const res = await page.request.post("/api/v1/events/search", { data: { query, limit: 1000 } });
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { total: number; data: { id: string }[] };
  return { total: body.total, ids: body.data.map((e) => e.id).sort() };
}

const total = (page: Page) => page.getByTestId("events-total");
const rows = (page: Page) => page.getByTestId("events-table").locator("tbody tr");
const queryBox = (page: Page) => page.getByRole("combobox", { name: "Query" });

test("an analyst assesses every event a search matches, after a dry run", async ({ page, request }) => {
  const { user, token, tag } = await seed(request, "analyst");
  // Another tenant's curl connections match the same query and must be left alone.
  const other = await createTenant("Other SOC");
  await ingest(request, await createAgentToken(other.id), [0, 1, 2].map((i) => curl(`${tag}x`, i, at(5 + i))));

  await signIn(page, user);
  await queryBox(page).fill("exe:/usr/bin/curl");
  await queryBox(page).press("Enter");
  await expect(total(page)).toHaveText("120 events");
  await expect(rows(page)).toHaveCount(100);
  const matched = await searchIds(page, "exe:/usr/bin/curl");
  expect(matched.total).toBe(120);

  // An event that arrives after the results were searched is outside their window, and so
  // outside the run: the relative "last 24 h" is the results' from/to, not a new now.
  await page.waitForTimeout(1_100);
  await ingest(request, token, [curl(tag, 999, new Date().toISOString())]);

  await page.getByRole("button", { name: "Assess all 120 matching…" }).click();
  const dialog = page.getByTestId("bulk-dialog");
  await expect(dialog.getByTestId("bulk-scope")).toContainText("exe:/usr/bin/curl");
  await expect(dialog.getByRole("button", { name: "Review…" })).toBeDisabled();
  await dialog.getByRole("radiogroup", { name: "Tuning candidate" }).getByText("Set", { exact: true }).click();
  await expect(dialog.getByRole("radiogroup", { name: "Tuning candidate" }).getByRole("radio", { name: "Set" })).toBeChecked();
  await dialog.getByLabel(/^Comment/).fill("Health checks from the CI runners; tune the rule.");
  await dialog.getByRole("button", { name: "Review…" }).click();

  await expect(dialog.getByTestId("bulk-count")).toHaveText(/This will assess 120 events/);
  await expect(dialog.getByTestId("bulk-changes")).toContainText("Tuning candidate");
  await dialog.getByRole("button", { name: "Apply to 120 events" }).click();
  await expect(dialog.getByTestId("bulk-result")).toContainText("120 events updated.");
  await expect(dialog.getByTestId("bulk-failures")).toHaveCount(0);
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(dialog).toBeHidden();
  // The results were refreshed: their window now ends after the late event.
  await expect(total(page)).toHaveText("121 events");

  await queryBox(page).fill("assessment:tuningCandidate");
  await queryBox(page).press("Enter");
  await expect(total(page)).toHaveText("120 events");
  const flagged = await searchIds(page, "assessment:tuningCandidate");
  expect(flagged.ids).toEqual(matched.ids);

  const one = await page.request.get(`/api/v1/events/${matched.ids[0]}/assessment`);
  expect((await one.json()).flags).toEqual(expect.arrayContaining(["tuningCandidate", "commented"]));
});

test("what cannot be applied is said beside it, before anything runs", async ({ page, request }) => {
  const { user } = await seed(request, "analyst");
  await signIn(page, user);
  await queryBox(page).fill("exe:/usr/bin/wget");
  await queryBox(page).press("Enter");
  await expect(total(page)).toHaveText("5 events");

  await page.getByRole("button", { name: "Assess all 5 matching…" }).click();
  const dialog = page.getByTestId("bulk-dialog");
  await dialog.getByLabel("Move to issue").fill("abc");
  await expect(dialog.getByRole("alert")).toHaveText("An issue number, such as 42");
  await dialog.getByLabel("Move to issue").fill("9000000000000000000");
  await dialog.getByRole("button", { name: "Review…" }).click();
  // No such issue: the run cannot start, and says why.
  await expect(dialog.getByTestId("bulk-changes").getByRole("alert")).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Apply to 5 events" })).toBeDisabled();

});

test("a manager reads events but is not offered bulk assessment, and the API refuses it", async ({ page, request }) => {
  const { user } = await seed(request, "manager");
  await signIn(page, user);
  await expect(total(page)).toHaveText("125 events");
  await expect(page.getByRole("button", { name: /Assess all/ })).toHaveCount(0);

  const res = await page.request.post("/api/v1/events/assessment/bulk", {
    data: { search: { query: "exe:/usr/bin/curl" }, assessment: { enableFlags: ["tuningCandidate"] }, dryRun: true },
  });
  expect(res.status()).toBe(403);
  expect(res.headers()["content-type"]).toContain("application/problem+json");
});
