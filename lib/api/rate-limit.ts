import "server-only";
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { pool } from "@/lib/db";
import { env } from "@/lib/env";
import { TooManyRequestsError } from "@/lib/errors";

// Request rate limits per credential, close to a token bucket: a steady rate per second, and on
// top of it a burst allowance that refills over 10 seconds. Ingest counts per agent token or API
// key; every other API call per API key or signed-in user. Agents retry a 429 after Retry-After,
// and lose nothing: ingest is idempotent. Counted in this process's memory by default, or in
// PostgreSQL when several app processes serve one database.

export type LimitKind = "ingest" | "api";

const BURST_WINDOW_SECONDS = 10;

export interface Limits {
  perSecond: number;
  burst: number;
  store: "memory" | "postgres";
}

function limitsOf(kind: LimitKind): Limits | null {
  const e = env();
  if (e.VIGIL_RATE_LIMIT === "off") return null;
  return kind === "ingest"
    ? { perSecond: e.VIGIL_INGEST_RATE_PER_SECOND, burst: e.VIGIL_INGEST_BURST, store: e.VIGIL_RATE_LIMIT_STORE }
    : { perSecond: e.VIGIL_API_RATE_PER_SECOND, burst: e.VIGIL_API_BURST, store: e.VIGIL_RATE_LIMIT_STORE };
}

export function makeLimiter(kind: LimitKind, limits: Limits): BurstyRateLimiter {
  const make = (keyPrefix: string, points: number, duration: number): RateLimiterAbstract =>
    limits.store === "postgres"
      ? new RateLimiterPostgres({ storeClient: pool(), tableName: "rate_limits", tableCreated: true, keyPrefix, points, duration, clearExpiredByTimeout: false })
      : new RateLimiterMemory({ keyPrefix, points, duration });
  return new BurstyRateLimiter(make(`${kind}`, limits.perSecond, 1), make(`${kind}-burst`, limits.burst, BURST_WINDOW_SECONDS));
}

const limiters = new Map<string, BurstyRateLimiter>();

/** The limiter for these settings (settings change only in tests). */
function limiterFor(kind: LimitKind, limits: Limits): BurstyRateLimiter {
  const id = `${kind}:${limits.perSecond}:${limits.burst}:${limits.store}`;
  let limiter = limiters.get(id);
  if (!limiter) {
    limiter = makeLimiter(kind, limits);
    limiters.set(id, limiter);
  }
  return limiter;
}

/** Counts one request of this credential; over the limit it throws a 429 saying when to retry. */
export async function consumeRequest(kind: LimitKind, credential: string): Promise<void> {
  const limits = limitsOf(kind);
  if (!limits) return;
  try {
    await limiterFor(kind, limits).consume(credential);
  } catch (err) {
    if (!(err instanceof RateLimiterRes)) throw err;
    const retryAfter = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
    throw new TooManyRequestsError(
      `Too many ${kind === "ingest" ? "ingest requests" : "requests"} from this credential (at most ${limits.perSecond} a second, bursts of ${limits.burst}); retry after ${retryAfter} s`,
      retryAfter,
    );
  }
}
