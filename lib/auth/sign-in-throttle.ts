import "server-only";
import { RateLimiterMemory, RateLimiterPostgres, type RateLimiterAbstract } from "rate-limiter-flexible";
import { pool } from "@/lib/db";
import { env } from "@/lib/env";

// Sign-in back-off, per account and per client address: after a few failures each further one
// locks the key for twice as long (1 s, 2 s, 4 s … at most 15 minutes); a success clears the
// account's count. Keys are the email as typed, whether or not such an account exists, so a
// locked account and an unknown email answer alike. Counted where the rate limits count.

const WINDOW_SECONDS = 15 * 60;
const MAX_LOCK_SECONDS = 15 * 60;
/** Failures allowed before the back-off starts: an account is guessed at, an address may be shared (an office, a NAT). */
const FREE_FAILURES = { account: 5, address: 20 } as const;

type KeyKind = keyof typeof FREE_FAILURES;

interface Limiters {
  failures: RateLimiterAbstract;
  locks: RateLimiterAbstract;
}

let limiters: { store: string; value: Limiters } | null = null;

function limitersFor(): Limiters {
  const store = env().VIGIL_RATE_LIMIT_STORE;
  if (limiters?.store === store) return limiters.value;
  const make = (keyPrefix: string, points: number, duration: number): RateLimiterAbstract =>
    store === "postgres"
      ? new RateLimiterPostgres({ storeClient: pool(), tableName: "rate_limits", tableCreated: true, keyPrefix, points, duration })
      : new RateLimiterMemory({ keyPrefix, points, duration });
  limiters = { store, value: { failures: make("signin-fail", 1_000_000, WINDOW_SECONDS), locks: make("signin-lock", 1, MAX_LOCK_SECONDS) } };
  return limiters.value;
}

function keysOf(email: string, address: string | null): [KeyKind, string][] {
  const keys: [KeyKind, string][] = [["account", `account:${email.trim().toLowerCase()}`]];
  if (address) keys.push(["address", `address:${address}`]);
  return keys;
}

/** Seconds until this account and address may try again; 0 when they may now. */
export async function signInLockedFor(email: string, address: string | null): Promise<number> {
  const { locks } = limitersFor();
  let wait = 0;
  for (const [, key] of keysOf(email, address)) {
    const lock = await locks.get(key);
    if (lock && lock.consumedPoints > 1) wait = Math.max(wait, Math.ceil(lock.msBeforeNext / 1000));
  }
  return wait;
}

/** Records a failed sign-in; past the free failures, locks the key for an exponentially longer time. */
export async function recordSignInFailure(email: string, address: string | null): Promise<void> {
  const { failures, locks } = limitersFor();
  for (const [kind, key] of keysOf(email, address)) {
    const res = await failures.consume(key);
    const over = res.consumedPoints - FREE_FAILURES[kind];
    if (over > 0) await locks.block(key, Math.min(MAX_LOCK_SECONDS, 2 ** (over - 1)));
  }
}

/** A successful sign-in clears the account's failures (not the address's: others may share it). */
export async function recordSignInSuccess(email: string): Promise<void> {
  const { failures } = limitersFor();
  const [[, key]] = keysOf(email, null);
  await failures.delete(key);
}
