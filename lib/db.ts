import { PrismaPg } from "@prisma/adapter-pg";
import { Pool } from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { databaseUrl, env } from "@/lib/env";

// The one Prisma client, plus the pg pool it runs on; hot paths (ingest, search) use the pool
// directly with parameterised SQL. Created lazily: the embedded database may set DATABASE_URL
// during start-up. With DATABASE_REPLICA_URL a second pool reads from a streaming replica; which
// reads go there (and how they fall back to the primary) is lib/db/replica.ts's business.
type Db = { prisma: PrismaClient; pool: Pool; replica: Pool | null };
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
  return { prisma, pool, replica: createReplicaPool() };
}

function createReplicaPool(): Pool | null {
  const e = env();
  if (!e.DATABASE_REPLICA_URL) return null;
  // A short connect timeout: an unreachable replica sends reads to the primary within seconds.
  // query_timeout bounds a statement on a replica that stops answering mid-query (the server's
  // statement_timeout cannot fire on a connection that is gone).
  const replica = new Pool({
    connectionString: e.DATABASE_REPLICA_URL,
    max: Number(process.env.VIGIL_DB_POOL_MAX ?? 10),
    connectionTimeoutMillis: e.VIGIL_REPLICA_CONNECT_TIMEOUT_MS,
    query_timeout: e.VIGIL_SEARCH_TIMEOUT_MS + 10_000,
    application_name: "vigil-replica-reads",
  });
  replica.on("error", (err) => console.error("replica connection lost:", err.message));
  return replica;
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

/** The read replica's pool, or null without DATABASE_REPLICA_URL. Read through lib/db/replica.ts. */
export function replicaPool(): Pool | null {
  return db().replica;
}

export async function closeDb(): Promise<void> {
  const current = globalForDb.vigilDb;
  globalForDb.vigilDb = undefined;
  if (current) {
    await current.prisma.$disconnect();
    await current.pool.end();
    await current.replica?.end();
  }
}
