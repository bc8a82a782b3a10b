import { spawn, type ChildProcess } from "node:child_process";
import { Client } from "pg";
import { expect, test } from "@playwright/test";
import { createAgentToken, createTenant } from "./support/factories";

// kill -9 of the server in the middle of an ingest batch: after the restart the batch is stored
// entirely or not at all, and sending it again gives exactly the expected counts. The server is
// a `next start` of its own (the suite's build) on another port, killed with SIGKILL.

const PORT = 3917;
const BASE = `http://127.0.0.1:${PORT}`;
const BATCH = 3000;

function startServer(): ChildProcess {
  return spawn("npx", ["next", "start", "-p", String(PORT), "-H", "127.0.0.1"], {
    detached: true,
    stdio: "ignore",
    env: { ...process.env, NEXTAUTH_URL: BASE, NEXTAUTH_SECRET: "e2e-secret-not-for-production-0123456789", NEXT_TELEMETRY_DISABLED: "1" },
  });
}

async function waitForHealth(): Promise<void> {
  for (let i = 0; i < 240; i++) {
    const ok = await fetch(`${BASE}/api/health`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("the server did not come up");
}

function killHard(server: ChildProcess) {
  // The group: npx, next and its next-server child all go at once, as a crash would take them.
  if (server.pid) process.kill(-server.pid, "SIGKILL");
}

/** Waits until a backend of the app holds a transaction writing events: the moment to kill. */
async function transactionOpen(): Promise<boolean> {
  const c = new Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  try {
    for (let i = 0; i < 2000; i++) {
      const res = await c.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE pid <> pg_backend_pid() AND datname = current_database() AND xact_start IS NOT NULL
            AND query ILIKE '%INSERT INTO event%'`,
      );
      if (res.rows[0].n > 0) return true;
      await new Promise((r) => setTimeout(r, 5));
    }
    return false;
  } finally {
    await c.end();
  }
}

async function storedEvents(tenantId: string): Promise<number> {
  const c = new Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  try {
    const res = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE tenant_id = $1`, [tenantId]);
    return res.rows[0].n;
  } finally {
    await c.end();
  }
}

function batch(tag: string): string {
  const at = new Date(Date.now() - 3_600_000).toISOString();
  return Array.from({ length: BATCH }, (_, i) =>
    JSON.stringify({
      id: `${tag}-${i}`, kind: "flows", created_at: at, updated_at: at,
      agent: { id: `crash-agent-${i % 20}`, hostname: `node-${i % 20}` },
      data: { head: { name: "flow", importance: i % 3 === 0 ? "high" : "low" }, flow: { proto: "TCP", remote: { address: `198.51.100.${i % 250}`, port: 443 } } },
    }),
  ).join("\n");
}

test("a batch cut by kill -9 is stored whole or not at all, and its resend completes it exactly", async () => {
  test.setTimeout(240_000);
  const outcomes: number[] = [];
  // Killed while the batch's transaction is open (seen in pg_stat_activity), then after it committed.
  for (const when of ["in the transaction", "after the answer"] as const) {
    const tenant = await createTenant(`Crash ${when}`);
    const token = await createAgentToken(tenant.id);
    const body = batch(`crash-${when.replace(/ /g, "-")}-${tenant.slug}`);
    let server = startServer();
    try {
      await waitForHealth();
      const sent = fetch(`${BASE}/api/v1/ingest/garnet`, {
        method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/x-ndjson" }, body,
      }).then((r) => r.status, () => "cut" as const);
      if (when === "in the transaction") expect(await transactionOpen(), "the batch's transaction was seen open").toBe(true);
      else expect(await sent).toBe(200);
      killHard(server);
      await sent;

      const stored = await storedEvents(tenant.id);
      outcomes.push(stored);
      // Killed in the transaction it is normally nothing; a commit that wins the race by a few
      // milliseconds leaves the whole batch. Never a part of it.
      if (when === "in the transaction") expect([0, BATCH], `after kill -9 ${when}`).toContain(stored);
      else expect(stored, `after kill -9 ${when}`).toBe(BATCH);

      server = startServer();
      await waitForHealth();
      const res = await fetch(`${BASE}/api/v1/ingest/garnet`, {
        method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/x-ndjson" }, body,
      });
      expect(res.status).toBe(200);
      const counts = await res.json();
      expect(counts).toMatchObject({ accepted: BATCH, created: BATCH - stored, unchanged: stored, updated: 0 });
      expect(await storedEvents(tenant.id)).toBe(BATCH);
    } finally {
      killHard(server);
    }
  }
  test.info().annotations.push({ type: "outcomes", description: `stored before the resend: ${outcomes.join(", ")}` });
});
