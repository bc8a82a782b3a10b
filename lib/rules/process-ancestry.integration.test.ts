import { randomBytes } from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { createTenant } from "../admin/accounts";
import { pool } from "../db";
import { ingestItems } from "../ingest/pipeline";
import { parseBody } from "../ingest/parse-body";
import { callerIn } from "../../test-support/ingest-fixtures";
import { withTestDatabase } from "../../test-support/test-db";
import { importRuleSets } from "./import-rule-sets";
import * as ancestry from "./process-ancestry";
import { startRetroHunt } from "./retro-hunt";
import { retroHuntRunner, runQueuedRetroHunts } from "./retro-hunt-runner";
import { testRule } from "./test-rule";

// A Falco agent sends pids and ppids but no ancestors: a rule on `process.ancestors` sees the
// ones Vigil's process nodes know, at ingest (stored nodes and the batch's own) and in a rule
// test; a tenant without such rules makes no lookup.

vi.mock("./process-ancestry", async (original) => {
  const real = await original<typeof import("./process-ancestry")>();
  return { ...real, completeAncestry: vi.fn(real.completeAncestry) };
});

withTestDatabase();

const UNDER_NGINX = 'process.ancestors.exists(a, a.exec_path.endsWith("/nginx"))';

function falcoExec(host: string, exe: string, pid: number, ppid: number, minutesAgo: number) {
  return {
    time: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
    rule: `exec ${exe} ${pid}`,
    priority: "Notice",
    output: `exec ${exe}`,
    hostname: host,
    output_fields: { "evt.type": "execve", "evt.arg.filename": exe, "proc.exepath": exe, "proc.cmdline": `${exe.split("/").pop()} -x`, "proc.pid": pid, "proc.ppid": ppid },
  };
}

async function tenantWithRules(label: string, conditions: string[]) {
  const tenant = await createTenant({ slug: `${label}-${randomBytes(3).toString("hex")}`, name: label });
  const rules = conditions.map((condition, i) => ({ rule_id: `r${i}`, event_type: "process_exec", condition, action: "collect" }));
  await importRuleSets({ ctx: callerIn(tenant.id, "admin"), input: { text: JSON.stringify({ rule_sets: [{ ruleset_id: "anc", rules }] }), format: "json" } });
  return tenant;
}

async function send(tenantId: string, ...items: object[]) {
  return ingestItems({ tenantId, actor: "test" }, "falco", parseBody(items.map((i) => JSON.stringify(i)).join("\n"), "ndjson"));
}

async function flagsOf(tenantId: string, exe: string, pid: number): Promise<string[]> {
  const res = await pool().query<{ flags: string[] }>(`SELECT flags FROM events WHERE tenant_id = $1 AND process_exe = $2 AND process_pid = $3`, [tenantId, exe, pid]);
  expect(res.rows).toHaveLength(1);
  return res.rows[0].flags;
}

const spy = vi.mocked(ancestry.completeAncestry);
beforeEach(() => {
  spy.mockClear();
});

describe("ancestors from process nodes", () => {
  it("a child that names only its ppid matches a rule on its nginx ancestor, from stored nodes and from its own batch", async () => {
    const t = await tenantWithRules("anc-on", [UNDER_NGINX]);
    expect((await send(t.id, falcoExec("web-1", "/usr/sbin/nginx", 100, 1, 10))).created).toBe(1);
    // The parent is stored; the child, in a later batch, names pid 100 only as its ppid.
    await send(t.id, falcoExec("web-1", "/bin/sh", 200, 100, 5));
    expect(await flagsOf(t.id, "/bin/sh", 200)).toContain("collect:anc/r0");
    // Two levels up through stored nodes, in the same query as the rest of the batch.
    await send(t.id, falcoExec("web-1", "/usr/bin/id", 201, 200, 4), falcoExec("web-1", "/usr/bin/env", 202, 1, 4));
    expect(await flagsOf(t.id, "/usr/bin/id", 201)).toContain("collect:anc/r0");
    expect(await flagsOf(t.id, "/usr/bin/env", 202)).not.toContain("collect:anc/r0");
    // Parent and child in one batch: the parent's node is not stored yet.
    await send(t.id, falcoExec("web-1", "/usr/sbin/nginx", 300, 1, 3), falcoExec("web-1", "/bin/sh", 301, 300, 2));
    expect(await flagsOf(t.id, "/bin/sh", 301)).toContain("collect:anc/r0");
    expect(spy).toHaveBeenCalledTimes(4);
    // Another agent's pid 100 is another process.
    await send(t.id, falcoExec("web-2", "/bin/sh", 200, 100, 1));
    const other = await pool().query<{ flags: string[] }>(`SELECT flags FROM events WHERE tenant_id = $1 AND hostname = 'web-2'`, [t.id]);
    expect(other.rows[0].flags).not.toContain("collect:anc/r0");

    // The stored row keeps what the agent sent.
    const child = await pool().query(`SELECT ancestry FROM events WHERE tenant_id = $1 AND process_pid = 200 AND hostname = 'web-1'`, [t.id]);
    expect(child.rows[0].ancestry).toEqual([{ pid: 100 }]);

    // A rule test on stored events sees the same ancestors.
    const tested = await testRule({ ctx: callerIn(t.id), input: { event_type: "process_exec", condition: UNDER_NGINX } });
    expect(tested.matches.map((m) => m.summary).sort()).toEqual(["/bin/sh sh -x file /bin/sh", "/bin/sh sh -x file /bin/sh", "/usr/bin/id id -x file /usr/bin/id"]);
  });

  it("a retro-hunt sees the same ancestors over events stored before its rule", async () => {
    const t = await tenantWithRules("anc-hunt", ['process.exec_path.endsWith("/nothing")']);
    await send(t.id, falcoExec("web-1", "/usr/sbin/nginx", 100, 1, 10));
    await send(t.id, falcoExec("web-1", "/bin/sh", 200, 100, 5), falcoExec("web-1", "/usr/bin/env", 202, 1, 4));
    const ctx = callerIn(t.id, "admin");
    await importRuleSets({ ctx, input: { text: JSON.stringify({ rule_sets: [{ ruleset_id: "anc", rules: [{ rule_id: "r0", event_type: "process_exec", condition: UNDER_NGINX, action: "collect" }] }] }), format: "json" } });
    const rule = await pool().query<{ id: string }>(`SELECT id FROM detection_rules WHERE tenant_id = $1`, [t.id]);
    retroHuntRunner.autostart = false;
    try {
      await startRetroHunt({ ctx, input: { ruleId: rule.rows[0].id, from: "-1h" } });
      await runQueuedRetroHunts();
    } finally {
      retroHuntRunner.autostart = true;
    }
    expect(await flagsOf(t.id, "/bin/sh", 200)).toContain("collect:anc/r0");
    expect(await flagsOf(t.id, "/usr/bin/env", 202)).not.toContain("collect:anc/r0");
  });

  it("another tenant's nodes are not walked", async () => {
    const t = await tenantWithRules("anc-other", [UNDER_NGINX]);
    await send(t.id, falcoExec("web-1", "/bin/sh", 200, 100, 5));
    expect(await flagsOf(t.id, "/bin/sh", 200)).not.toContain("collect:anc/r0");
  });

  it("a tenant whose rules never read ancestors makes no lookup", async () => {
    const t = await tenantWithRules("anc-off", ['process.exec_path.endsWith("/sh")']);
    await send(t.id, falcoExec("web-1", "/usr/sbin/nginx", 100, 1, 10), falcoExec("web-1", "/bin/sh", 200, 100, 5));
    expect(await flagsOf(t.id, "/bin/sh", 200)).toContain("collect:anc/r0");
    expect(spy).not.toHaveBeenCalled();
  });
});
