-- Request counts of the rate limiter when several app processes share them
-- (VIGIL_RATE_LIMIT_STORE=postgres; lib/api/rate-limit.ts). The layout is rate-limiter-flexible's.
-- Unlogged: counts of the current second need not survive a crash.
CREATE UNLOGGED TABLE "rate_limits" (
  "key"    varchar(255) PRIMARY KEY,
  "points" integer NOT NULL DEFAULT 0,
  "expire" bigint
);
