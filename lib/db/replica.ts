import { AsyncLocalStorage } from "node:async_hooks";
import { cookies } from "next/headers";
import type { Pool, PoolClient, QueryResult, QueryResultRow } from "pg";
import { pool, replicaPool } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

// Where a read-only statement runs. With DATABASE_REPLICA_URL, searches, facets, statistics, the
// dashboard and exports read the replica; everything else (writes, and the pages that show a
// write's result: an event, an issue, lineage, policies, rules) reads the primary through pool().
// Three things send a replica-eligible read back to the primary:
//   - withPrimaryReads(fn): a page that must see its own writes (an issue's events);
//   - the read-your-writes cookie: for VIGIL_READ_YOUR_WRITES_SECONDS after a signed-in user's
//     server action or writing API call, that browser's reads stay on the primary;
//   - an unreachable replica: its connect fails within VIGIL_REPLICA_CONNECT_TIMEOUT_MS, reads go
//     to the primary, and the replica is tried again after REPLICA_RETRY_MS.

/** Cookie naming until when (epoch ms) this browser's reads stay on the primary. */
export const READ_YOUR_WRITES_COOKIE = "vigil-primary-reads";
const REPLICA_RETRY_MS = 30_000;

const primaryScope = new AsyncLocalStorage<true>();
const state = globalThis as unknown as { vigilReplicaDownUntil?: number };

/** Runs fn with every read it makes on the primary (it must see writes that just committed). */
export function withPrimaryReads<T>(fn: () => Promise<T>): Promise<T> {
  return primaryScope.run(true, fn);
}

/** Whether a read-your-writes cookie value (its expiry in epoch ms) still holds at `now`. */
export function cookieHoldsPrimary(value: string | undefined, now = Date.now()): boolean {
  if (!value || !/^\d{1,16}$/.test(value)) return false;
  return Number(value) > now;
}

async function recentWriteCookie(): Promise<boolean> {
  try {
    return cookieHoldsPrimary((await cookies()).get(READ_YOUR_WRITES_COOKIE)?.value);
  } catch {
    return false; // outside a request (CLI, tests, background jobs): no session to stick to
  }
}

/**
 * Records that the signed-in caller just wrote: their reads stay on the primary for a while, so
 * the page they reload shows the write even if the replica lags. Outside a request, or without
 * a replica, it does nothing.
 */
export async function markRecentWrite(): Promise<void> {
  // The variable, not replicaPool(): asking for the pool would open the database, which an action
  // that has not touched it (or a unit test without one) must not need.
  const { DATABASE_REPLICA_URL, VIGIL_READ_YOUR_WRITES_SECONDS: seconds } = env();
  if (!DATABASE_REPLICA_URL || seconds === 0) return;
  try {
    (await cookies()).set(READ_YOUR_WRITES_COOKIE, String(Date.now() + seconds * 1000), {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      maxAge: seconds,
      secure: process.env.NODE_ENV === "production",
    });
  } catch {
    // Not in a server action or route handler: nothing to set it on.
  }
}

/** The pool a replica-eligible read should use now: the replica unless something above says otherwise. */
async function chooseReadPool(): Promise<Pool | null> {
  const replica = replicaPool();
  if (!replica) return null;
  if (primaryScope.getStore()) return null;
  if ((state.vigilReplicaDownUntil ?? 0) > Date.now()) return null;
  if (await recentWriteCookie()) return null;
  return replica;
}

function replicaFailed(err: unknown): void {
  state.vigilReplicaDownUntil = Date.now() + REPLICA_RETRY_MS;
  console.error(`read replica unreachable (${(err as Error).message}); reading from the primary for ${REPLICA_RETRY_MS / 1000} s`);
}

export interface ReadConnection {
  client: PoolClient;
  /** The pool the client came from: a cancel (pg_cancel_backend) must go to the same server. */
  pool: Pool;
  onReplica: boolean;
}

/** A connection for a replica-eligible read (release it with client.release()). */
export async function connectRead(): Promise<ReadConnection> {
  const replica = await chooseReadPool();
  if (replica) {
    try {
      return { client: await replica.connect(), pool: replica, onReplica: true };
    } catch (err) {
      replicaFailed(err);
    }
  }
  return { client: await pool().connect(), pool: pool(), onReplica: false };
}

/** One replica-eligible statement (as pool().query), on the primary when the replica cannot be reached. */
export async function readQuery<R extends QueryResultRow>(sql: string, values: unknown[] = []): Promise<QueryResult<R>> {
  const read = await connectRead();
  try {
    const res = await read.client.query<R>(sql, values);
    read.client.release();
    return res;
  } catch (err) {
    read.client.release(err as Error);
    if (!read.onReplica || !retryOnPrimary(err)) throw err;
    return pool().query<R>(sql, values);
  }
}

/**
 * A replica error the primary would not have: the connection broke (the replica went away:
 * marked down), or a hot-standby conflict cancelled the statement (40001, 40P01).
 */
function retryOnPrimary(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  if (code === "40001" || code === "40P01") return true;
  if (code === undefined || code.startsWith("08") || code === "57P01" || code === "57P03") {
    replicaFailed(err);
    return true;
  }
  return false;
}

/**
 * What a failed statement on the replica answers: a replica-only failure (connection lost,
 * hot-standby conflict) is a 503 the client may retry at once (the retry reads the primary if
 * the replica is down); null for anything else (the statement's own error stands).
 */
export function replicaStatementError(err: unknown): AppError | null {
  if (!retryOnPrimary(err)) return null;
  return new AppError("The read replica interrupted this search; retry it", 503, "Replica Unavailable");
}

/** Forgets that the replica failed (tests). */
export function resetReplicaState(): void {
  state.vigilReplicaDownUntil = undefined;
}
