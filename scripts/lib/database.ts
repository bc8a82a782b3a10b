import { Client } from "pg";
import { startEmbeddedPostgres } from "../../lib/db/embedded";
import { migrate } from "../../lib/db/migrate";
import { env } from "../../lib/env";

// Gives a script a migrated database: DATABASE_URL when set, else the embedded PostgreSQL under
// .data/ (reusing one a running `npm run demo` already started).

export interface ScriptDatabase {
  url: string;
  embedded: boolean;
  stop: () => Promise<void>;
}

async function reachable(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

export async function ensureDatabaseExists(serverUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

export async function ensureDatabase(options: { migrate?: boolean; quiet?: boolean } = {}): Promise<ScriptDatabase> {
  const e = env();
  let url = e.DATABASE_URL;
  let embedded = false;
  let stop: () => Promise<void> = async () => undefined;
  if (!url) {
    embedded = true;
    const port = e.VIGIL_EMBEDDED_PG_PORT;
    const base = `postgresql://postgres:postgres@127.0.0.1:${port}`;
    if (!(await reachable(`${base}/postgres`))) {
      if (!options.quiet) console.error(`Starting the embedded PostgreSQL in ${e.VIGIL_DATA_DIR}/pg on port ${port}…`);
      const db = await startEmbeddedPostgres(e.VIGIL_DATA_DIR, port);
      stop = db.stop;
    }
    await ensureDatabaseExists(`${base}/postgres`, "vigil");
    url = `${base}/vigil`;
    process.env.DATABASE_URL = url;
  }
  if (options.migrate !== false) {
    const result = await migrate(url);
    if (!options.quiet && result.applied.length > 0) console.error(`Applied migrations: ${result.applied.join(", ")}`);
  }
  return { url, embedded, stop };
}
