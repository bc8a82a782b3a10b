import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { Client } from "pg";
import { createAgentToken, createTenant, createUser } from "./support/factories";
import { settle, watchPageProblems } from "./support/page-problems";
import { signIn } from "./support/sign-in";

// Event data is shown as text, never as markup (issue 15, section 4): events whose every shown
// field is an XSS payload go in through the real ingest API, and every page that shows them must
// show the payload as text, hold no element or attribute it would have created, and run nothing.

const IMG = "<img src=x onerror=window.__xss=1>";
const SCRIPT = `"><script>window.__xss=1</script>`;
const SVG = "<svg/onload=window.__xss=1>";
const IFRAME = `<iframe srcdoc="<script>parent.__xss=1</script>">`;
const JS_URL = "javascript:window.__xss=1//";

const HOST = `host-${IMG}`;
const TITLE = `${SCRIPT} ${IMG}`;
const EXE = `/tmp/${SVG}`;
const CMD = `sh -c '${SCRIPT}' ${JS_URL}`;
const PARENT_CMD = `bash -c ${IMG}`; // the tree shows it as "/bin/bash" and its arguments
const DOMAIN = `${JS_URL}evil.example`;
const CNAME = `cname-${SVG}.example`;
const FILE = `/etc/${IFRAME}`;
const NOTE = `<a href="javascript:window.__xss=1">click</a>`;

/** How a string reads inside JSON text (the raw payload). */
const inJson = (s: string) => JSON.stringify(s).slice(1, -1);

function xssEvents(suffix: string) {
  const at = new Date(Date.now() - 10 * 60_000);
  const agent = { id: `agent-${suffix}`, hostname: HOST };
  const detection = {
    id: `xss-${suffix}`,
    kind: "detections",
    created_at: at.toISOString(),
    agent,
    data: {
      head: { name: "badware_domain_access", importance: "critical", description: TITLE },
      process: { exe: EXE, cmd: CMD, pid: 5100, ppid: 5000, uid: 0, start: at.toISOString() },
      full_info: { ancestry: [{ pid: 5000, ppid: 1, exe: "/bin/bash", comm: "bash", cmd: PARENT_CMD }] },
      flow: {
        proto: "TCP",
        ip_version: 4,
        local: { address: "10.0.0.7", port: 40000 },
        remote: { address: "203.0.113.66", port: 443, names: ["203.0.113.66", CNAME, DOMAIN] },
        settings: { direction: "egress", status: "ended" },
      },
      file: { path: FILE, actions: { write: true } },
      note: NOTE,
    },
  };
  // A child of the detection's process, so the process tree draws it from another event.
  const child = {
    id: `xss-child-${suffix}`,
    kind: "detections",
    created_at: new Date(at.getTime() + 30_000).toISOString(),
    agent,
    data: {
      head: { name: "reverse_shell", importance: "high", description: IMG },
      process: { exe: "/usr/bin/nc", cmd: `nc -e ${SVG}`, pid: 5200, ppid: 5100, start: new Date(at.getTime() + 20_000).toISOString() },
    },
  };
  return [detection, child];
}

async function ids(tenantId: string, suffix: string): Promise<{ eventId: string; issueId: string }> {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const event = await client.query<{ id: string }>(`SELECT id FROM events WHERE tenant_id = $1 AND event_key = $2`, [tenantId, `garnet:id:xss-${suffix}`]);
    const issue = await client.query<{ id: string }>(`SELECT issue_id AS id FROM issue_events WHERE event_id = $1`, [event.rows[0].id]);
    return { eventId: String(event.rows[0].id), issueId: String(issue.rows[0].id) };
  } finally {
    await client.end();
  }
}

/** Nothing the payloads would have created exists, nothing ran, and each payload reads as text. */
async function expectInert(page: Page, texts: string[]) {
  await settle(page);
  for (const text of texts) await expect(page.locator("body"), text).toContainText(text);
  const injected = await page.evaluate(() => ({
    xss: (window as unknown as { __xss?: unknown }).__xss,
    elements: [...document.querySelectorAll('img[src="x"], iframe, svg[onload], [onerror], [onload], [srcdoc]')].map((e) => e.outerHTML),
    links: [...document.querySelectorAll("a[href]")].map((a) => a.getAttribute("href")!).filter((h) => /^\s*javascript:/i.test(h)),
  }));
  expect(injected).toEqual({ xss: undefined, elements: [], links: [] });
}

test("XSS payloads in event fields are shown as text on every page that shows them", async ({ page }) => {
  const problems = await watchPageProblems(page);
  const tenant = await createTenant("XSS SOC");
  const admin = await createUser([{ tenantId: tenant.id, role: "admin" }], "Ada Admin");
  const token = await createAgentToken(tenant.id);
  const suffix = randomBytes(3).toString("hex");
  const res = await page.request.post("/api/v1/ingest/garnet", { headers: { authorization: `Bearer ${token}` }, data: xssEvents(suffix) });
  expect(res.status()).toBe(200);
  expect(await res.json()).toMatchObject({ created: 2, rejected: [] });
  const { eventId, issueId } = await ids(tenant.id, suffix);
  await signIn(page, admin);

  // The search page: the table, the facets, and a payload typed into the query (reflected in the URL).
  await page.goto("/events");
  await expectInert(page, [TITLE, HOST, CMD, DOMAIN]);
  await page.goto(`/events?q=${encodeURIComponent(`"${IMG}"`)}`);
  await expect(page.getByRole("combobox", { name: "Query" })).toHaveValue(`"${IMG}"`);
  await expectInert(page, []);

  // The event: header, agent context, process tree (ancestor, the process, the child), DNS chain,
  // file, details, and the raw payload pretty-printed, expanded and verbatim.
  await page.goto(`/events/${eventId}`);
  await expect(page.getByTestId("event-header")).toContainText(TITLE);
  await expect(page.getByTestId("agent-context")).toContainText(HOST);
  const tree = page.getByRole("tree", { name: "Process tree" });
  await expect(tree).toContainText(EXE);
  await expect(tree).toContainText(`-c ${IMG}`);
  await expect(tree).toContainText(`-e ${SVG}`);
  await expect(page.getByTestId("dns-chain")).toContainText(DOMAIN);
  await expect(page.getByTestId("dns-chain")).toContainText(CNAME);
  const payload = page.getByTestId("raw-payload");
  await payload.getByRole("button", { name: "Expand all", exact: true }).click();
  await expect(payload).toContainText(inJson(NOTE));
  await expectInert(page, [TITLE, HOST, EXE, CMD, DOMAIN, FILE]);
  await payload.getByRole("button", { name: "Verbatim", exact: true }).click();
  await expect(payload).toContainText(inJson(NOTE));
  await expectInert(page, []);
  // The child event, whose title is a bare payload.
  await tree.getByText(`-e ${SVG}`).click();
  await settle(page);
  await expectInert(page, []);

  // The raw payload opened as a document of its own.
  await page.goto(`/api/v1/events/${eventId}/payload`);
  await expectInert(page, [inJson(NOTE), inJson(TITLE), inJson(CMD)]);

  // The issue queue and the issue.
  await page.goto("/issues");
  await expectInert(page, [DOMAIN]);
  await page.goto(`/issues/${issueId}`);
  await expectInert(page, [DOMAIN, HOST]);

  // Agents, and the dashboard's top lists.
  await page.goto("/agents");
  await expectInert(page, [HOST]);
  await page.goto("/dashboard");
  await expectInert(page, []);

  expect(problems).toEqual([]);
});
