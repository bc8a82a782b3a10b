import { createInterface } from "node:readline";
import { cliActor } from "../lib/audit/write";
import { closeDb, pool } from "../lib/db";
import { runRetention } from "../lib/retention/runner";
import { runQueuedRetroHunts } from "../lib/rules/retro-hunt-runner";

// One app process's maintenance, for lib/db/multi-process.integration.test.ts: a retention run
// and the retro-hunt runner, started when the parent writes a line to stdin (so that two
// processes start them at the same instant). Prints one JSON line with what this process did.

async function main() {
  await pool().query("SELECT 1"); // connected before the start line: both processes start warm
  const lines = createInterface({ input: process.stdin });
  const received: string[] = [];
  const waiters: (() => void)[] = [];
  lines.on("line", (l) => {
    received.push(l.trim());
    for (const w of waiters.splice(0)) w();
  });
  const line = (text: string, timeoutMs: number) =>
    new Promise<void>((resolve) => {
      const check = () => (received.includes(text) ? resolve() : waiters.push(check));
      setTimeout(resolve, timeoutMs).unref();
      check();
    });
  process.stdout.write("ready\n");
  await line("go", 60_000);
  // The run that takes the lock holds it after its first batch until the parent says "release"
  // (it does once the other process has answered), so the other's attempt always meets it.
  let held = false;
  const [retention, hunts] = await Promise.all([
    runRetention({
      by: cliActor(`process-${process.pid}`),
      batchSize: 25,
      afterBatch: async () => {
        if (held) return;
        held = true;
        await line("release", 15_000);
      },
    }),
    runQueuedRetroHunts(),
  ]);
  lines.close();
  const removed = retention.tenants.reduce((n, t) => n + t.events, 0);
  process.stdout.write(`${JSON.stringify({ pid: process.pid, retentionRan: retention.ran, removed, hunts })}\n`);
  await closeDb();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
