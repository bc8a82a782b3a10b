import "server-only";
import { connectRead, replicaStatementError } from "@/lib/db/replica";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

// How search, facet and statistics statements run: without JIT, cancelled by PostgreSQL when
// they run past VIGIL_SEARCH_TIMEOUT_MS, or when the caller's request is aborted.

export interface StatementOptions {
  /** PostgreSQL's work_mem for the statement, e.g. "64MB", where its sorts and hashes need more than the default. */
  workMem?: string;
  /** false: no parallel workers (a plan that hashes in one process beats a parallel sort on few cores). */
  parallel?: boolean;
}

/**
 * One read statement, without JIT, cancelled by PostgreSQL when it runs past
 * VIGIL_SEARCH_TIMEOUT_MS, or when `signal` aborts (the browser moved on to another search).
 */
export async function searchQuery<R extends object>(
  sql: string,
  values: unknown[],
  signal?: AbortSignal,
  options: StatementOptions = {},
): Promise<R[]> {
  if (signal?.aborted) throw cancelledError();
  // On the read replica when there is one (lib/db/replica.ts); the cancel goes to the same server.
  const { client, pool: server, onReplica } = await connectRead();
  let cancelled = false;
  const cancel = () => {
    cancelled = true;
    const pid = (client as unknown as { processID: number | null }).processID;
    if (pid) server.query("SELECT pg_cancel_backend($1)", [pid]).catch(() => undefined);
  };
  signal?.addEventListener("abort", cancel, { once: true });
  try {
    // JIT compiling the wide facet statement costs more than it saves on these row counts
    // (measured: +50 to +400 ms once the planner's estimates cross jit_above_cost).
    const memory = options.workMem && /^\d{1,6}[kM]B$/.test(options.workMem) ? `; SET work_mem = '${options.workMem}'` : "";
    const parallel = options.parallel === false ? "; SET max_parallel_workers_per_gather = 0" : "";
    await client.query(`SET statement_timeout = ${env().VIGIL_SEARCH_TIMEOUT_MS}; SET jit = off${memory}${parallel}`);
    return (await client.query<R>(sql, values)).rows;
  } catch (err) {
    if (cancelled) throw cancelledError();
    const replicaError = onReplica ? replicaStatementError(err) : null;
    if (replicaError) throw replicaError;
    if ((err as { code?: string }).code === "57014") {
      throw new AppError(
        "The search took too long and was stopped: narrow the time range, or search fields instead of free text",
        503,
        "Search Timeout",
      );
    }
    throw err;
  } finally {
    signal?.removeEventListener("abort", cancel);
    // A connection that cannot reset its timeout is closed rather than returned to the pool,
    // and so is one a cancel was sent to: it might otherwise land on the next user's statement.
    const resetFailed = cancelled
      ? true
      : await client.query("RESET statement_timeout; RESET jit; RESET work_mem; RESET max_parallel_workers_per_gather").then(() => undefined, (e: Error) => e);
    client.release(resetFailed);
  }
}

function cancelledError(): AppError {
  return new AppError("The search was cancelled: its request was aborted", 499, "Client Closed Request");
}
