// npm test — lint, types, unit + integration tests (PostgreSQL), build, Playwright end-to-end.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { startEmbeddedPostgres } from "../lib/db/embedded";
import { migrate } from "../lib/db/migrate";

async function adminQuery(serverUrl: string, sql: string) {
  const c = new Client({ connectionString: serverUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/**
 * Runs one step and waits for it without blocking this process: the embedded PostgreSQL's output
 * comes through pipes this process must keep draining, or a server that logs (every refused
 * statement is an ERROR line) blocks on a full pipe mid-query and the suite hangs.
 */
async function step(name: string, cmd: string, args: string[], env: Record<string, string> = {}): Promise<boolean> {
  const started = Date.now();
  console.log(`\n▶ ${name}: ${cmd} ${args.join(" ")}`);
  const status = await new Promise<number | null>((resolve) => {
    const child = spawn(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
    child.on("error", () => resolve(null));
    child.on("exit", (code) => resolve(code));
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (status !== 0) {
    console.error(`✖ ${name} failed after ${seconds} s`);
    return false;
  }
  console.log(`✔ ${name} (${seconds} s)`);
  return true;
}

async function main() {
  let serverUrl: string;
  let stopEmbedded = async () => undefined as void;
  if (process.env.DATABASE_URL) {
    const u = new URL(process.env.DATABASE_URL);
    u.pathname = "/postgres";
    serverUrl = u.toString();
  } else {
    console.log("No DATABASE_URL: starting the embedded PostgreSQL for the tests (.data/test)…");
    const db = await startEmbeddedPostgres(".data/test", 54339);
    serverUrl = db.url("postgres");
    stopEmbedded = db.stop;
  }
  const e2eName = `vigil_e2e_${randomBytes(4).toString("hex")}`;
  const e2eUrl = new URL(serverUrl);
  e2eUrl.pathname = `/${e2eName}`;
  let ok = false;
  try {
    const env = { VIGIL_TEST_SERVER_URL: serverUrl };
    ok =
      (await step("lint", "npx", ["eslint", ".", "--max-warnings=0"])) &&
      (await step("types", "npx", ["tsc", "--noEmit"])) &&
      (await step("unit and integration tests", "npx", ["vitest", "run"], env)) &&
      (await step("build", "npx", ["next", "build"], { NEXT_TELEMETRY_DISABLED: "1" }));
    if (ok) {
      await adminQuery(serverUrl, `CREATE DATABASE "${e2eName}"`);
      await migrate(e2eUrl.toString());
      ok = await step("end-to-end tests", "npx", ["playwright", "test"], { DATABASE_URL: e2eUrl.toString(), NEXT_TELEMETRY_DISABLED: "1" });
    }
  } finally {
    await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${e2eName}" WITH (FORCE)`).catch(() => undefined);
    await stopEmbedded();
  }
  console.log(ok ? "\nAll checks passed." : "\nChecks failed.");
  process.exit(ok ? 0 : 1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
