import { pool } from "@/lib/db";

// Once across processes: a maintenance job holds a session-level advisory lock on a connection of
// its own while it works, and a job that cannot take it at once does nothing. The lock goes with
// the connection, so a process that dies mid-job frees it.

export type LockedRun<T> = { ran: true; value: T } | { ran: false };

/** Runs `fn` while holding advisory lock `key`, or answers `{ ran: false }` when another session holds it. */
export async function withSessionLock<T>(key: number, fn: () => Promise<T>): Promise<LockedRun<T>> {
  const lock = await pool().connect();
  let held = false;
  try {
    held = (await lock.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock($1) AS ok`, [key])).rows[0].ok;
    if (!held) return { ran: false };
    return { ran: true, value: await fn() };
  } finally {
    // A lock that cannot be given back is given back by closing its connection.
    const stuck = held ? await lock.query(`SELECT pg_advisory_unlock($1)`, [key]).then(() => false, () => true) : false;
    lock.release(stuck);
  }
}
