import { beforeAll, describe, expect, it } from "vitest";
import type { CallerContext } from "../auth/context";
import { pool } from "../db";
import { ingestItems } from "../ingest/pipeline";
import { assessIssue } from "../issues/assess";
import { updateIssue } from "../issues/update-issue";
import { importRuleSets } from "../rules/import-rule-sets";
import { withTestDatabase } from "../../test-support/test-db";
import { callerIn, makeTenantWithCredentials } from "../../test-support/ingest-fixtures";
import { resolveWindows } from "./range";
import { loadRuleFalsePositives, rankRuleFalsePositives } from "./rule-figures";

withTestDatabase();

// The dashboard's false-positive rate per detection rule: rules imported, events ingested that
// they turn into detections and issues, the issues triaged by hand; another tenant with the same
// rules and verdicts of its own.

const YAML = `rule_sets:
  - ruleset_id: acme/runtime
    rules:
      - rule_id: miner_exec
        event_type: process_exec
        condition: process.exec_path.endsWith("/xmrig")
        action: detect
        severity: high
      - rule_id: netcat_exec
        event_type: process_exec
        condition: process.exec_path.endsWith("/nc")
        action: detect
        severity: medium
      - rule_id: curl_seen
        event_type: process_exec
        condition: process.exec_path.endsWith("/curl")
        action: collect
`;

const ctxOf = (tenantId: string, role: "admin" | "analyst" | "manager" = "admin"): CallerContext => ({
  ...callerIn(tenantId, role), origin: { via: "cli", address: null, userAgent: null },
});

let seq = 0;
const exec = (agent: string, exe: string, minutesAgo = 30) => ({
  id: `ev-${++seq}`, event_type: "process_exec", timestamp: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
  agent: { id: agent, name: agent }, process: { exec_path: exe, argv: [exe.split("/").pop()] }, payload: {},
});

async function seed(label: string) {
  const tenantId = (await makeTenantWithCredentials(label)).tenant.id;
  await importRuleSets({ ctx: ctxOf(tenantId), input: { text: YAML, format: "yaml" } });
  // One issue per agent and rule: miners on four agents, netcat on two, curl (collect only) on one.
  const items = [
    ...["a1", "a2", "a3", "a4"].map((a) => exec(a, "/tmp/xmrig")), exec("a1", "/usr/bin/nc"), exec("a2", "/usr/bin/nc"), exec("a1", "/usr/bin/curl"),
  ];
  const res = await ingestItems({ tenantId, actor: "test" }, "runtime", items.map((value, index) => ({ index, raw: JSON.stringify(value), value })));
  expect(res.rejected).toEqual([]);
  const issues = await pool().query<{ id: string; agent: string; exe: string }>(
    `SELECT DISTINCT i.id::text, e.agent_id::text AS agent, e.process_exe AS exe
       FROM issues i JOIN issue_events ie ON ie.issue_id = i.id JOIN events e ON e.id = ie.event_id
      WHERE i.tenant_id = $1 ORDER BY 3, 2`,
    [tenantId],
  );
  return { tenantId, issues: issues.rows };
}

describe("false positives per detection rule", () => {
  let acme: Awaited<ReturnType<typeof seed>>;
  let globex: Awaited<ReturnType<typeof seed>>;

  beforeAll(async () => {
    acme = await seed("rules-fp-acme");
    globex = await seed("rules-fp-globex");
    const miners = acme.issues.filter((i) => i.exe === "/tmp/xmrig");
    const netcats = acme.issues.filter((i) => i.exe === "/usr/bin/nc");
    expect([miners.length, netcats.length]).toEqual([4, 2]);
    const ctx = ctxOf(acme.tenantId, "analyst");
    // Miners: one false positive by flag, one closed as a false positive, one resolved, one untriaged.
    await assessIssue({ ctx, input: { id: miners[0].id, enableFlags: ["falsePositive"] } });
    await updateIssue({ ctx, input: { id: miners[1].id, status: "closed", closeReason: "false_positive", version: 1 } });
    await updateIssue({ ctx, input: { id: miners[2].id, status: "resolved", closeReason: "true_positive", version: 1 } });
    // Netcat: one confirmed threat (a verdict, so triaged), one untriaged.
    await assessIssue({ ctx, input: { id: netcats[0].id, enableFlags: ["identifiedThreat"] } });
    // Globex calls every miner a false positive: nothing of it may show in acme's figures.
    for (const i of globex.issues.filter((x) => x.exe === "/tmp/xmrig")) {
      await assessIssue({ ctx: ctxOf(globex.tenantId, "analyst"), input: { id: i.id, enableFlags: ["falsePositive"] } });
    }
  }, 60_000);

  it("rate each rule over the triaged issues its detections joined in the range, most false positives first, linking its rule set", async () => {
    const windows = resolveWindows({ kind: "preset", preset: "7d" });
    const rows = await loadRuleFalsePositives({ ctx: callerIn(acme.tenantId, "manager"), windows });
    const set = await pool().query<{ id: string }>("SELECT id::text FROM rule_sets WHERE tenant_id = $1 AND ruleset_id = 'acme/runtime'", [acme.tenantId]);
    expect(rows).toEqual([
      {
        value: "miner_exec", ruleId: expect.any(String), rulesetId: "acme/runtime", ruleSetId: set.rows[0].id,
        total: 4, triaged: 3, falsePositives: 2, rate: 2 / 3, previousRate: null,
      },
      {
        value: "netcat_exec", ruleId: expect.any(String), rulesetId: "acme/runtime", ruleSetId: set.rows[0].id,
        total: 2, triaged: 1, falsePositives: 0, rate: 0, previousRate: null,
      },
    ]);
    const globexRows = await loadRuleFalsePositives({ ctx: callerIn(globex.tenantId), windows });
    expect(globexRows.map((r) => [r.value, r.falsePositives, r.triaged])).toEqual([["miner_exec", 4, 4]]);
  });

  it("show nothing for a range before the issues", async () => {
    const windows = resolveWindows({ kind: "absolute", from: "2020-01-01T00:00:00.000Z", to: "2020-01-08T00:00:00.000Z" });
    expect(await loadRuleFalsePositives({ ctx: callerIn(acme.tenantId, "manager"), windows })).toEqual([]);
  });
});

describe("ranking rule rates", () => {
  const rule = (ruleId: string, issues: number, triaged: number, fp: number) => ({
    ruleId, ruleSetId: "set-s", rulesetId: "s", ruleName: ruleId, issues, triaged, falsePositives: fp, rate: triaged ? fp / triaged : null,
  });

  it("keeps rules with something triaged, ranks by false positives then rate, and carries last period's rate", () => {
    const rows = rankRuleFalsePositives(
      [rule("a", 10, 4, 1), rule("b", 3, 2, 1), rule("c", 5, 0, 0), rule("d", 8, 8, 4)],
      [rule("a", 2, 2, 2), rule("c", 1, 1, 0)],
    );
    expect(rows.map((r) => [r.value, r.rate, r.previousRate])).toEqual([["d", 0.5, null], ["b", 0.5, null], ["a", 0.25, 1]]);
  });
});
