import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { Client } from "pg";
import { createAgentToken, createTenant, createUser } from "./support/factories";
import { signIn } from "./support/sign-in";

// Detection rules end to end: an admin writes a rule in the editor (checked as typed), tests it on
// stored events, saves it, runs it over the past day as a retro-hunt; a matching event then
// arrives through the real ingest API and becomes a detection with an issue, counted on the rule. Import with errors, export, enable/disable, and
// the analyst's read-only view.

function runtimeEvent(id: string, exe: string, ancestors: string[]) {
  return {
    id, event_type: "process_exec", timestamp: new Date(Date.now() - 60_000).toISOString(), agent: { id: "runner-7", hostname: "runner-7" },
    process: { exec_path: exe, argv: [exe.split("/").pop(), "-fsSL", "https://get.example.sh"], ancestors: ancestors.map((a) => ({ exec_path: a, argv: [a.split("/").pop()] })) },
    payload: { is_memfd: false },
  };
}

async function ingest(request: APIRequestContext, token: string, items: unknown[]) {
  const res = await request.post("/api/v1/ingest/runtime", { headers: { authorization: `Bearer ${token}` }, data: items });
  expect(res.status()).toBe(200);
}

async function query<T>(sql: string, values: unknown[]): Promise<T[]> {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Types into the CodeMirror condition editor (it closes brackets and quotes itself, and steps over them when typed). */
async function typeCondition(page: Page, text: string) {
  const editor = page.getByTestId("condition-editor");
  await editor.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("Delete");
  await page.keyboard.type(text);
}

test("an admin writes a rule, tests it on events, saves it, and its next match becomes a detection with an issue", async ({ page }) => {
  const tenant = await createTenant("Rules SOC");
  const token = await createAgentToken(tenant.id);
  await ingest(page.request, token, [runtimeEvent("old-curl", "/usr/bin/curl", ["/bin/bash"]), runtimeEvent("old-ls", "/bin/ls", ["/bin/bash"])]);
  await signIn(page, await createUser([{ tenantId: tenant.id, role: "admin" }], "Ada Admin"));

  await page.goto("/rules");
  await expect(page.getByTestId("rules-empty")).toContainText("No detection rules yet");
  await page.getByTestId("rules-empty").getByTestId("write-rule").click();
  await expect(page).toHaveURL(/\/rules\/new$/);
  await page.getByTestId("ruleset-id").fill("acme/e2e");
  await page.getByTestId("rule-id").fill("curl_from_shell");
  await expect(page.getByTestId("field-reference")).toContainText("process.ancestors");

  // Checked as typed: an unknown field is named with its line and column.
  await typeCondition(page, 'process.exec_pat.endsWith("/curl")');
  await expect(page.getByTestId("condition-status")).toContainText(/Line 1, column \d+: unknown field "exec_pat"/);
  await expect(page.getByTestId("save-rule")).toBeDisabled();
  await typeCondition(page, 'process.exec_path.endsWith("/curl") && process.ancestors.exists(a, a.exec_path == "/bin/bash")');
  await expect(page.getByTestId("condition-status")).toContainText("Valid for process_exec");
  await page.getByLabel("Severity", { exact: true }).selectOption("high");

  await page.getByTestId("run-test").click();
  await expect(page.getByTestId("test-result")).toContainText("1 of 2 process_exec events matched");
  await expect(page.getByTestId("test-result").getByRole("link")).toContainText("/usr/bin/curl curl -fsSL");

  await page.getByTestId("save-rule").click();
  await expect(page).toHaveURL(/\/rules$/);
  const row = page.locator('tr[data-rule="curl_from_shell"]');
  await expect(row).toContainText("Detect");
  await expect(row).toContainText("never");

  // Rules apply to events ingested after them; a retro-hunt runs the rule over the past.
  await row.getByTestId("start-retro-hunt").click();
  const hunt = page.getByTestId("retro-hunt-dialog");
  await hunt.getByLabel("Last 24 hours").check();
  await hunt.getByRole("button", { name: "Start retro-hunt" }).click();
  await expect(row.getByTestId("retro-hunt-result")).toContainText("hunt: 1 of 2 matched");
  await expect(row.getByRole("link", { name: "1", exact: true })).toBeVisible();

  await ingest(page.request, token, [runtimeEvent("new-curl", "/usr/bin/curl", ["/usr/bin/node", "/bin/bash"]), runtimeEvent("new-ls", "/bin/ls", ["/bin/bash"])]);
  const rows = await query<{ source_id: string; kind: string; severity: string; issue: string | null }>(
    `SELECT split_part(e.event_key, ':', 3) AS source_id, e.kind, e.severity, ie.issue_id::text AS issue
       FROM events e LEFT JOIN issue_events ie ON ie.event_id = e.id WHERE e.tenant_id = $1 ORDER BY e.event_key`,
    [tenant.id],
  );
  const by = Object.fromEntries(rows.map((r) => [r.source_id, r]));
  expect(by["new-curl"]).toMatchObject({ kind: "detections", severity: "high" });
  expect(by["new-curl"].issue).not.toBeNull();
  expect(by["old-curl"].kind).toBe("detections");
  expect(by["old-ls"].kind).not.toBe("detections");

  await page.reload();
  await expect(row.getByRole("link", { name: "2", exact: true })).toBeVisible();
  await expect(row).toContainText(/just now|\dm ago/);
  await page.goto(`/issues/${by["new-curl"].issue}`);
  await expect(page.locator("main")).toContainText("curl");

  // Disabled from the list, and the lineage of the rule says so.
  await page.goto("/rules");
  const toggle = row.getByTestId("rule-enabled");
  await expect(toggle).toHaveAttribute("aria-checked", "true");
  await toggle.click();
  await expect(row).toContainText("disabled");
  await page.reload();
  await expect(row.getByTestId("rule-enabled")).toHaveAttribute("aria-checked", "false");
  await row.getByTestId("rule-link").click();
  await expect(page.getByTestId("lineage")).toContainText("Detection rule created");
  await expect(page.getByTestId("lineage")).toContainText(/Detection rule updated.*Enabledtrue → false/);
  await expect(page.getByTestId("lineage")).not.toContainText("Actiondetect → detect");
});

test("an admin imports a document, sees every error first, and exports what was saved", async ({ page }) => {
  const tenant = await createTenant("Import SOC");
  await signIn(page, await createUser([{ tenantId: tenant.id, role: "admin" }], "Ada Admin"));
  await page.goto("/rules");
  await expect(page.getByTestId("rules-empty")).toBeVisible();
  await page.getByTestId("import-rules").click();
  const dialog = page.getByTestId("import-dialog");
  const bad = `rule_sets:
  - ruleset_id: acme/import
    rules:
      - rule_id: miner
        event_type: network_connect
        condition: remote_port == "3333"
        action: detect
      - rule_id: miner
        event_type: dns_lookup
        condition: "true"
        action: collect
`;
  await dialog.getByTestId("import-text").fill(bad);
  await dialog.getByRole("button", { name: "Import" }).click();
  const errors = dialog.getByTestId("import-errors");
  await expect(errors).toContainText("3 errors; nothing was saved");
  await expect(errors).toContainText("rule_sets.0.rules.0.condition");
  await expect(errors).toContainText('duplicate rule_id "miner"');
  await expect(errors).toContainText('unknown event type "dns_lookup"');

  await dialog.getByTestId("import-text").fill(bad.replace('"3333"', "3333").replace("rule_id: miner\n        event_type: dns_lookup", "rule_id: dns\n        event_type: domain"));
  await dialog.getByRole("button", { name: "Import" }).click();
  await expect(dialog.getByTestId("import-done")).toContainText("Imported acme/import (2 rules)");
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(page.getByTestId("rule-set")).toHaveAttribute("data-ruleset", "acme/import");

  const download = page.waitForEvent("download");
  await page.getByTestId("export-yaml").click();
  const file = await (await download).path();
  const text = await (await import("node:fs/promises")).readFile(file!, "utf8");
  expect(text).toContain("ruleset_id: acme/import");
  expect(text).toContain("condition: remote_port == 3333");
});

test("an analyst reads the rules and tests one, but changes nothing", async ({ page }) => {
  const tenant = await createTenant("Reader SOC");
  await query(`INSERT INTO rule_sets (tenant_id, ruleset_id, created_by, updated_by) VALUES ($1, 'acme/read', 'user:ada@example.test', 'user:ada@example.test')`, [tenant.id]);
  const [set] = await query<{ id: string }>(`SELECT id FROM rule_sets WHERE tenant_id = $1`, [tenant.id]);
  await query(
    `INSERT INTO detection_rules (tenant_id, rule_set_id, position, rule_id, event_type, condition, action) VALUES ($1, $2, 0, 'wget', 'process_exec', 'process.exec_path.endsWith("/wget")', 'collect')`,
    [tenant.id, set.id],
  );
  await signIn(page, await createUser([{ tenantId: tenant.id, role: "analyst" }], "Sam Analyst"));
  await page.goto("/rules");
  await expect(page.getByTestId("read-only-note")).toBeVisible();
  await expect(page.getByTestId("rule-enabled")).toBeDisabled();
  await expect(page.getByTestId("add-rule")).toHaveCount(0);
  await expect(page.getByTestId("start-retro-hunt")).toHaveCount(0);
  await page.getByTestId("rule-link").click();
  await expect(page.getByTestId("save-rule")).toHaveCount(0);
  await page.getByTestId("run-test").click();
  await expect(page.getByTestId("test-result")).toContainText("0 of 0 process_exec events matched");
});
