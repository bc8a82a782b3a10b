import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { createInterface } from "node:readline";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as ingestRoute } from "../../app/api/v1/ingest/[format]/route";
import { POST as huntRoute } from "../../app/api/v1/retro-hunts/route";
import { POST as importRoute } from "../../app/api/v1/rule-sets/route";
import { garnetEvent, ingestRequest, makeTenantWithCredentials, routeParams } from "../../test-support/ingest-fixtures";
import { callRoute } from "../../test-support/route-call";
import { closeDb, pool } from "../db";
import { retroHuntRunner } from "../rules/retro-hunt-runner";
import { migrate } from "./migrate";

// Two app processes against one database: each starts the maintenance jobs at the same instant
// (test-support/maintenance-child.ts, run by tsx as the server runs lib/). Retention runs once
// (the other process meets its advisory lock and does nothing), every queued retro-hunt is
// claimed by exactly one of them, and the audit log and lineage record each once.

const ROOT = path.resolve(__dirname, "../..");
const DATABASE = `vigil_rep_mp_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
const saved = { url: process.env.DATABASE_URL, autostart: retroHuntRunner.autostart };
const OLD_EVENTS = 300;

function serverUrl(database: string): string {
  const url = new URL(process.env.VIGIL_TEST_SERVER_URL ?? "");
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin(sql: string): Promise<void> {
  const c = new Client({ connectionString: serverUrl("postgres") });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  if (!process.env.VIGIL_TEST_SERVER_URL) throw new Error("VIGIL_TEST_SERVER_URL is not set");
  await admin(`CREATE DATABASE "${DATABASE}"`);
  await migrate(serverUrl(DATABASE));
  await closeDb();
  process.env.DATABASE_URL = serverUrl(DATABASE);
  // The hunts this file queues must wait for the child processes, not run in this one.
  retroHuntRunner.autostart = false;
});

afterAll(async () => {
  retroHuntRunner.autostart = saved.autostart;
  await closeDb();
  process.env.DATABASE_URL = saved.url;
  await admin(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
});

const RULES = `rule_sets:
  - ruleset_id: acme/process
    rules:
      - rule_id: network_tool_exec
        event_type: process_exec
        condition: process.exec_path.endsWith("/curl")
        action: collect
      - rule_id: shell_exec
        event_type: process_exec
        condition: process.exec_path.endsWith("/sh")
        action: detect
        severity: high
`;

function runtimeEvent(id: string, exe: string, at: number) {
  return {
    id, event_type: "process_exec", timestamp: new Date(at).toISOString(), agent: { id: "runner-1", hostname: "runner-1" },
    process: { exec_path: exe, argv: [exe.split("/").pop()], ancestors: [{ exec_path: "/bin/bash", argv: ["bash"] }] },
    payload: { is_memfd: false },
  };
}

interface ChildResult {
  pid: number;
  retentionRan: boolean;
  removed: number;
  hunts: number;
}

interface Child {
  proc: ChildProcessWithoutNullStreams;
  ready: Promise<void>;
  result: Promise<ChildResult>;
  exited: Promise<number | null>;
}

function startChild(): Child {
  const proc = spawn(path.join(ROOT, "node_modules/.bin/tsx"), ["--conditions=react-server", "test-support/maintenance-child.ts"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: serverUrl(DATABASE), VIGIL_RETENTION_INTERVAL_MINUTES: "0" },
  });
  let stderr = "";
  proc.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const lines = createInterface({ input: proc.stdout });
  let onReady: () => void = () => undefined;
  let onResult: (r: ChildResult) => void = () => undefined;
  const ready = new Promise<void>((r) => (onReady = r));
  const result = new Promise<ChildResult>((r) => (onResult = r));
  lines.on("line", (line) => {
    if (line === "ready") onReady();
    else if (line.startsWith("{")) onResult(JSON.parse(line) as ChildResult);
  });
  const exited = new Promise<number | null>((resolve) =>
    proc.on("exit", (code) => {
      if (code !== 0) console.error(`maintenance child exited ${code}:\n${stderr}`);
      resolve(code);
    }),
  );
  return { proc, ready, result, exited };
}

describe("two app processes", () => {
  it("run retention once and each retro-hunt once when both start them at the same instant", async () => {
    // A tenant whose events are all past the default 90 days' retention.
    const old = await makeTenantWithCredentials("mp-old");
    const start = Date.UTC(2025, 5, 1);
    const events = Array.from({ length: OLD_EVENTS }, (_, i) => {
      const at = new Date(start + i * 60_000).toISOString();
      return garnetEvent(`old-${i}`, { created_at: at, updated_at: at });
    });
    const res = await ingestRoute(ingestRequest("garnet", JSON.stringify(events), { token: old.agentToken }), routeParams({ format: "garnet" }));
    expect(await res.json()).toMatchObject({ created: OLD_EVENTS });

    // A tenant with recent events and two queued retro-hunts.
    const hunted = await makeTenantWithCredentials("mp-hunt");
    const imported = await callRoute(importRoute, "POST", "/rule-sets", { token: hunted.adminKey, body: RULES, headers: { "content-type": "application/yaml" } });
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    const now = Date.now();
    const recent = ["/usr/bin/curl", "/bin/sh", "/bin/ls", "/usr/bin/curl", "/bin/sh"].map((exe, i) => runtimeEvent(`r-${i}`, exe, now - (i + 1) * 3_600_000));
    const sent = await ingestRoute(ingestRequest("runtime", JSON.stringify(recent), { token: hunted.agentToken }), routeParams({ format: "runtime" }));
    expect(sent.status).toBe(200);
    const rules = await pool().query<{ id: string }>("SELECT id FROM detection_rules WHERE tenant_id = $1 ORDER BY rule_id", [hunted.tenant.id]);
    for (const r of rules.rows) {
      const started = await callRoute(huntRoute, "POST", "/retro-hunts", { token: hunted.adminKey, body: { ruleId: r.id, from: "-1d" } });
      expect(started.status, JSON.stringify(started.body)).toBe(202);
    }

    const children = [startChild(), startChild()];
    try {
      await Promise.all(children.map((c) => c.ready));
      for (const c of children) c.proc.stdin.write("go\n");
      // The first answer is the process that met the lock; then the holder may finish.
      await Promise.race(children.map((c) => c.result));
      for (const c of children) c.proc.stdin.write("release\n");
      const results = await Promise.all(children.map((c) => c.result));
      expect(await Promise.all(children.map((c) => c.exited))).toEqual([0, 0]);

      expect(results.filter((r) => r.retentionRan)).toHaveLength(1);
      expect(results.map((r) => r.removed).sort()).toEqual([0, OLD_EVENTS]);
      expect(results.reduce((n, r) => n + r.hunts, 0)).toBe(2);
    } finally {
      for (const c of children) if (c.proc.exitCode === null) c.proc.kill("SIGKILL");
    }

    const left = await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE tenant_id = $1", [old.tenant.id]);
    expect(left.rows[0].n).toBe(0);
    const audits = await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM audit_entries WHERE action = 'retention.run'");
    expect(audits.rows[0].n).toBe(1);
    const hunts = await pool().query<{ status: string; started: number; finished: number }>(
      `SELECT h.status,
              (SELECT count(*)::int FROM lineage_entries l WHERE l.tenant_id = h.tenant_id AND l.action = 'retro_hunt_started' AND l.details->>'retroHuntId' = h.id::text) AS started,
              (SELECT count(*)::int FROM lineage_entries l WHERE l.tenant_id = h.tenant_id AND l.action = 'retro_hunt_finished' AND l.details->>'retroHuntId' = h.id::text) AS finished
         FROM retro_hunts h WHERE h.tenant_id = $1`,
      [hunted.tenant.id],
    );
    expect(hunts.rows).toEqual([
      { status: "succeeded", started: 1, finished: 1 },
      { status: "succeeded", started: 1, finished: 1 },
    ]);
  });
});
