// npm run vigil -- <command>: operator CLI (tenants, users, credentials, synthetic events, maintenance)
import { createAgentToken, createApiKey, createTenant, createUser } from "../lib/admin/accounts";
import { resetPasswordByEmail } from "../lib/admin/reset-password";
import { cliActor } from "../lib/audit/write";
import { closeDb, prisma } from "../lib/db";
import { backfillIssues } from "../lib/issues/drain";
import { repairRollups } from "../lib/events/repair-rollups";
import { retentionFigures } from "../lib/retention/queries";
import { describeRun, runRetention } from "../lib/retention/runner";
import { ensureEventPartitions } from "../lib/partitions/ensure";
import { countDefaultPartition, listEventPartitions } from "../lib/partitions/queries";
import { isTimeSpec, resolveTimeSpec, TIME_SPEC_HINT } from "../lib/stats/time-spec";
import { parseArgs } from "./lib/args";
import { ensureDatabase } from "./lib/database";
import { loadGeneratedEvents } from "./lib/load-events";

const USAGE = `Usage: npm run vigil -- <command>
  tenant create <slug> [--name N]
  user create --email E --password P --tenant T --role admin|analyst|manager [--name N]
  user reset-password --email E    a temporary password, shown once; the user must change it at next sign-in
  api-key create --tenant T --role R [--name N] [--user EMAIL]
  agent-token create --tenant T [--name N]
  generate --tenant T --events N [--days D] [--seed S] [--url http://localhost:3000 --token SECRET]
  issues backfill [--tenant T]     group stored events that are in no issue yet (idempotent)
  rollups repair --from F [--to T] [--tenant T]
                                   rebuild the hourly and daily rollups of [F, T) (whole UTC days) exactly
                                   from the events, of one tenant or every one; F and T are ISO-8601 times
                                   or relative to now (-7d, -24h; T defaults to now)
  retention run [--tenant T] [--dry-run]
                                   remove events past their tenant's retention (of one tenant or every one),
                                   as the server does hourly; one run at a time across processes
  retention status [--tenant T]    events held, oldest event, retention and next expiry per tenant
  partitions status                the weekly partitions of events (bounds, rows, size) and the default one
  partitions ensure [--weeks N]    create the partitions of the next N weeks (default 4) now, as the server
                                   does at start-up and hourly; one run at a time across processes`;

function need(flags: Record<string, string>, name: string): string {
  const v = flags[name];
  if (!v || v === "true") throw new Error(`--${name} is required\n\n${USAGE}`);
  return v;
}

async function generate(flags: Record<string, string>) {
  const tenant = await prisma.tenant.findUnique({ where: { slug: need(flags, "tenant") }, select: { id: true } });
  if (!tenant) throw new Error(`tenant "${flags.tenant}" does not exist`);
  const count = Number(need(flags, "events"));
  if (!Number.isInteger(count) || count <= 0) throw new Error("--events must be a positive integer");
  const started = Date.now();
  const totals = await loadGeneratedEvents({
    tenantId: tenant.id,
    count,
    days: Number(flags.days ?? 7),
    seed: Number(flags.seed ?? 1),
    url: flags.url,
    token: flags.token,
    onProgress: (sent) => process.stderr.write(`\r${sent.toLocaleString("en")} / ${count.toLocaleString("en")} events sent`),
  });
  process.stderr.write("\n");
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `accepted ${totals.accepted}, created ${totals.created}, updated ${totals.updated}, unchanged ${totals.unchanged}, rejected ${totals.rejected} in ${seconds.toFixed(1)} s`,
  );
}

async function repair(flags: Record<string, string>) {
  const now = new Date();
  const time = (name: string, fallback?: string) => {
    const v = flags[name] ?? fallback;
    if (!v || v === "true") throw new Error(`--${name} is required\n\n${USAGE}`);
    if (!isTimeSpec(v)) throw new Error(`--${name} must be ${TIME_SPEC_HINT}`);
    return resolveTimeSpec(v, now);
  };
  const range = { from: time("from"), to: time("to", "now") };
  if (range.from.getTime() >= range.to.getTime()) throw new Error("--from must be before --to");
  const tenants = await prisma.tenant.findMany({ where: flags.tenant ? { slug: flags.tenant } : {}, select: { id: true, slug: true }, orderBy: { slug: "asc" } });
  if (flags.tenant && tenants.length === 0) throw new Error(`tenant "${flags.tenant}" does not exist`);
  for (const t of tenants) {
    const started = Date.now();
    const r = await repairRollups(t.id, range);
    console.log(
      `${t.slug}: ${r.from.toISOString()} – ${r.to.toISOString()}, ${r.events.toLocaleString("en")} events; ` +
        `hourly ${r.hourly.corrected} rows corrected, ${r.hourly.deleted} deleted; daily ${r.daily.corrected} corrected, ${r.daily.deleted} deleted ` +
        `(${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
  }
}

async function tenantIdOf(slug: string | undefined): Promise<string | undefined> {
  if (!slug) return undefined;
  const t = await prisma.tenant.findUnique({ where: { slug }, select: { id: true } });
  if (!t) throw new Error(`tenant "${slug}" does not exist`);
  return t.id;
}

async function retention(command: "run" | "status", flags: Record<string, string>, by: ReturnType<typeof cliActor>) {
  const tenantId = await tenantIdOf(flags.tenant);
  if (command === "run") {
    const run = await runRetention({ tenantId, dryRun: flags["dry-run"] === "true", by });
    for (const line of describeRun(run)) console.log(line);
    return;
  }
  for (const f of await retentionFigures(tenantId ? [tenantId] : null)) {
    console.log(
      `${f.tenant}: ${f.events.toLocaleString("en")} events (≈ ${(f.approximateBytes / 1024 ** 2).toFixed(1)} MB), ` +
        `oldest ${f.oldestEventAt ?? "—"}, retention ${f.appliedRetentionDays} days` +
        (f.appliedRetentionDays < f.retentionDays ? ` (set to ${f.retentionDays}, capped by VIGIL_RETENTION_MAX_DAYS)` : "") +
        `, next expiry ${f.nextExpiryAt ?? "—"}`,
    );
  }
}

async function partitions(command: "status" | "ensure", flags: Record<string, string>) {
  if (command === "ensure") {
    const weeks = flags.weeks === undefined ? undefined : Number(flags.weeks);
    if (weeks !== undefined && !(Number.isInteger(weeks) && weeks >= 0 && weeks <= 520)) throw new Error("--weeks must be an integer from 0 to 520");
    const r = await ensureEventPartitions({ weeksAhead: weeks });
    console.log(r.ran ? `created ${r.created} partitions; every week from ${r.from.toISOString()} to ${r.to.toISOString()} has one` : "another process is creating partitions; nothing done");
    return;
  }
  const mb = (b: number) => `${(b / 1024 ** 2).toFixed(1)} MB`;
  for (const p of await listEventPartitions()) {
    if (p.from && p.to) console.log(`${p.name}  ${p.from.toISOString()} – ${p.to.toISOString()}  ≈ ${p.approximateRows.toLocaleString("en")} events  ${mb(p.bytes)}`);
    else {
      const d = await countDefaultPartition();
      console.log(`${p.name}  (default: times no week covers)  ${d.events.toLocaleString("en")} events` +
        (d.oldest && d.newest ? `, ${d.oldest.toISOString()} – ${d.newest.toISOString()}` : "") + `  ${mb(p.bytes)}`);
    }
  }
}

async function run(argv: string[]) {
  const { positionals, flags } = parseArgs(argv);
  const command = positionals[0] === "generate" ? "generate" : positionals.slice(0, 2).join(" ");
  if (!command || flags.help) {
    console.log(USAGE);
    return;
  }
  const db = await ensureDatabase({ quiet: true });
  // The audit log names the server account that ran the command (actor "cli:<user>", via cli).
  const by = cliActor();
  try {
    switch (command) {
      case "tenant create": {
        const slug = positionals[2];
        if (!slug) throw new Error(`a slug is required\n\n${USAGE}`);
        const t = await createTenant({ slug, name: flags.name }, by);
        console.log(`tenant ${t.slug} (${t.name}) id=${t.id}`);
        break;
      }
      case "user create": {
        const u = await createUser({
          email: need(flags, "email"),
          password: need(flags, "password"),
          tenant: need(flags, "tenant"),
          role: need(flags, "role") as "admin",
          name: flags.name,
        }, by);
        console.log(`user ${u.email} is ${u.role} in ${u.tenant}`);
        break;
      }
      case "user reset-password": {
        const r = await resetPasswordByEmail(need(flags, "email"), by);
        console.log(`${r.email} must choose a new password at their next sign-in; the temporary one is shown once:`);
        console.log(r.temporaryPassword);
        break;
      }
      case "api-key create": {
        const k = await createApiKey({ tenant: need(flags, "tenant"), role: need(flags, "role") as "admin", name: flags.name ?? "api key", userEmail: flags.user }, by);
        console.log(`API key "${k.name}" (${k.role}) created; it is shown once:`);
        console.log(k.secret);
        break;
      }
      case "agent-token create": {
        const t = await createAgentToken({ tenant: need(flags, "tenant"), name: flags.name ?? "agent" }, by);
        console.log(`agent token "${t.name}" created; it is shown once:`);
        console.log(t.secret);
        break;
      }
      case "generate":
        await generate(flags);
        break;
      case "issues backfill": {
        let tenantId: string | undefined;
        if (flags.tenant) {
          const t = await prisma.tenant.findUnique({ where: { slug: flags.tenant }, select: { id: true } });
          if (!t) throw new Error(`tenant "${flags.tenant}" does not exist`);
          tenantId = t.id;
        }
        const r = await backfillIssues({ tenantId });
        console.log(`${r.grouped.toLocaleString("en")} events grouped into issues (${r.queued.toLocaleString("en")} events in no issue were checked)`);
        break;
      }
      case "rollups repair":
        await repair(flags);
        break;
      case "retention run":
      case "retention status":
        await retention(positionals[1] as "run" | "status", flags, by);
        break;
      case "partitions status":
      case "partitions ensure":
        await partitions(positionals[1] as "status" | "ensure", flags);
        break;
      default:
        throw new Error(`unknown command "${command}"\n\n${USAGE}`);
    }
  } finally {
    await closeDb();
    await db.stop();
  }
}

run(process.argv.slice(2)).catch((err: unknown) => {
  const issues = (err as { issues?: { path: unknown[]; message: string }[] }).issues;
  if (issues) console.error(issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("\n"));
  else console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
