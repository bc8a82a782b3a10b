import { PrismaPg } from "@prisma/adapter-pg";
import { Pool } from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { databaseUrl } from "@/lib/env";

// The one Prisma client, plus the pg pool it runs on; hot paths (ingest, search) use the pool
// directly with parameterised SQL. Created lazily: the embedded database may set DATABASE_URL
// during start-up.
type Db = { prisma: PrismaClient; pool: Pool };
const globalForDb = globalThis as unknown as { vigilDb?: Db };

function createDb(): Db {
  // The connection timeout bounds both a connect to an unresponsive server and the wait for a free
  // client: a burst of ingest batches queues for up to this long before it is answered 503.
  const pool = new Pool({
    connectionString: databaseUrl(),
    max: Number(process.env.VIGIL_DB_POOL_MAX ?? 10),
    connectionTimeoutMillis: Number(process.env.VIGIL_DB_CONNECT_TIMEOUT_MS ?? 30_000),
  });
  // An idle client losing its connection (server restart, admin shutdown) must not crash the process.
  pool.on("error", (err) => console.error("database connection lost:", err.message));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return { prisma, pool };
}

function db(): Db {
  globalForDb.vigilDb ??= createDb();
  return globalForDb.vigilDb;
}

export const prisma: PrismaClient = new Proxy({} as PrismaClient, {
  get: (_target, prop) => Reflect.get(db().prisma, prop),
});

export function pool(): Pool {
  return db().pool;
}

export async function closeDb(): Promise<void> {
  const current = globalForDb.vigilDb;
  globalForDb.vigilDb = undefined;
  if (current) {
    await current.prisma.$disconnect();
    await current.pool.end();
  }
}
