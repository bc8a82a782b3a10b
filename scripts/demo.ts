// npm run demo — database, migrations, demo tenant and accounts, build, serve on :3000, and demo
// data loaded through the real ingestion API. Running it again keeps the data.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createAgentToken, createTenant, createUser } from "../lib/admin/accounts";
import { closeDb, prisma } from "../lib/db";
import { ensureDatabase } from "./lib/database";
import { backfillIssues } from "../lib/issues/drain";
import { seedDemoPolicies } from "./lib/demo-policies";
import { seedDemoRules } from "./lib/demo-rules";
import { triageDemoQueue } from "./lib/demo-triage";
import { loadGeneratedEvents } from "./lib/load-events";
import { waitForHealth } from "./lib/server";

const PORT = Number(process.env.PORT ?? 3000);
const DEMO_EVENTS = Number(process.env.VIGIL_DEMO_EVENTS ?? 20_000);
const ACCOUNTS = [
  { email: "admin@vigil.local", password: "vigil-admin-demo", role: "admin", name: "Ada Admin" },
  { email: "analyst@vigil.local", password: "vigil-analyst-demo", role: "analyst", name: "Sam Analyst" },
  { email: "manager@vigil.local", password: "vigil-manager-demo", role: "manager", name: "Morgan Manager" },
] as const;

function sourceRevision(): string {
  const res = spawnSync("git", ["rev-parse", "HEAD"], { encoding: "utf8" });
  const dirty = spawnSync("git", ["status", "--porcelain", "--untracked-files=no"], { encoding: "utf8" });
  return `${res.stdout.trim()}${dirty.stdout.trim() ? `-dirty-${Date.now()}` : ""}`;
}

function buildIfNeeded() {
  const marker = ".next/vigil-build-revision";
  const rev = sourceRevision();
  if (existsSync(".next/BUILD_ID") && existsSync(marker) && readFileSync(marker, "utf8") === rev && !rev.includes("dirty")) {
    console.log("Build is up to date.");
    return;
  }
  console.log("Building the console (next build)…");
  const res = spawnSync("npx", ["next", "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (res.status !== 0) throw new Error("next build failed");
  writeFileSync(marker, rev);
}

async function portAnswers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

const person = async (email: string) => prisma.user.findUniqueOrThrow({ where: { email }, select: { id: true, email: true } });

async function triage(tenantId: string): Promise<number> {
  return triageDemoQueue(tenantId, await person(ACCOUNTS[1].email), await person(ACCOUNTS[0].email));
}

async function policies(tenantId: string): Promise<number> {
  return seedDemoPolicies(tenantId, await person(ACCOUNTS[1].email), await person(ACCOUNTS[0].email));
}

async function main() {
  const db = await ensureDatabase();
  console.log(`Database: ${db.embedded ? "embedded PostgreSQL in .data/pg" : db.url.replace(/:[^:@/]*@/, ":***@")}`);
  const tenant = await createTenant({ slug: "demo", name: "Demo SOC" });
  for (const a of ACCOUNTS) await createUser({ ...a, tenant: "demo" });
  const existing = await prisma.event.count({ where: { tenantId: tenant.id } });
  buildIfNeeded();

  const url = `http://localhost:${PORT}`;
  if (await portAnswers(url)) throw new Error(`something already listens on port ${PORT}; stop it or set PORT`);
  const server = spawn("npx", ["next", "start", "-p", String(PORT)], {
    stdio: "inherit",
    env: { ...process.env, DATABASE_URL: db.url, NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? url, NEXT_TELEMETRY_DISABLED: "1" },
  });
  const shutdown = async (code: number) => {
    server.kill("SIGTERM");
    await closeDb();
    await db.stop();
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  server.on("exit", (code) => void shutdown(code ?? 0));

  await waitForHealth(url, 120_000);
  const rules = await seedDemoRules(tenant.id, await person(ACCOUNTS[0].email));
  if (rules > 0) console.log(`Imported ${rules} demo detection rules.`);
  if (existing === 0) {
    console.log(`Loading ${DEMO_EVENTS.toLocaleString("en")} demo events through POST /api/v1/ingest/{format}…`);
    const token = await createAgentToken({ tenant: "demo", name: "demo loader" });
    // Most of the week first, then the queue is triaged, then the rest arrives: acknowledged
    // issues that receive events turn partiallyAcknowledged, as they would in a live SOC.
    const now = new Date();
    now.setUTCMinutes(0, 0, 0);
    const first = Math.floor(DEMO_EVENTS * 0.9);
    const stream = { url, token: token.secret, count: DEMO_EVENTS, days: 7, seed: 42, now };
    const a = await loadGeneratedEvents({ ...stream, count: first });
    const triaged = await triage(tenant.id);
    const blocks = await policies(tenant.id);
    const b = await loadGeneratedEvents({ ...stream, skip: first });
    console.log(`Demo data: ${a.created + b.created} events created, ${a.rejected + b.rejected} rejected; ${triaged} issues triaged; ${blocks} destinations blocked.`);
  } else {
    console.log(`Keeping the ${existing.toLocaleString("en")} events already in the demo tenant.`);
    // Events kept from before issues existed are grouped once; a queue nobody triaged is triaged.
    const { grouped } = await backfillIssues({ tenantId: tenant.id });
    if (grouped > 0) console.log(`Grouped ${grouped.toLocaleString("en")} earlier events into issues.`);
    await triage(tenant.id);
    await policies(tenant.id);
  }
  console.log(`\nVigil is running on ${url}\n`);
  console.log("Sign in with:");
  for (const a of ACCOUNTS) console.log(`  ${a.role.padEnd(8)} ${a.email.padEnd(22)} ${a.password}`);
  console.log("\nPress Ctrl+C to stop.");
}

main().catch(async (err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
