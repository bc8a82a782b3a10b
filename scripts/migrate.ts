// npm run db:migrate — apply prisma/migrations/*/migration.sql to DATABASE_URL (or the embedded database)
import { ensureDatabase } from "./lib/database";
import { migrate } from "../lib/db/migrate";

async function main() {
  const db = await ensureDatabase({ migrate: false });
  const result = await migrate(db.url);
  console.log(
    result.applied.length > 0
      ? `Applied ${result.applied.length} migration(s): ${result.applied.join(", ")}`
      : `Database is up to date (${result.alreadyApplied.length} migration(s) applied earlier).`,
  );
  await db.stop();
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
