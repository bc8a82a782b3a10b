import { z } from "zod";

// The one place that reads process.env.
const EnvSchema = z.object({
  DATABASE_URL: z.string().min(1).optional(),
  /**
   * A streaming replica of DATABASE_URL's database (lib/db/replica.ts): searches, facets,
   * statistics, the dashboard and exports read from it; writes and read-your-own-writes stay on
   * the primary. Unset: everything reads the primary.
   */
  DATABASE_REPLICA_URL: z.string().min(1).optional(),
  /** How long a connect to the replica may take before reads go to the primary (it is retried after 30 s). */
  VIGIL_REPLICA_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(2_000),
  /** After a signed-in user's write, their reads stay on the primary for this many seconds (a cookie). */
  VIGIL_READ_YOUR_WRITES_SECONDS: z.coerce.number().int().min(0).max(3_600).default(15),
  NEXTAUTH_SECRET: z.string().min(16).optional(),
  NEXTAUTH_URL: z.string().optional(),
  VIGIL_DATA_DIR: z.string().default(".data"),
  VIGIL_EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** How long one search statement may run before it is cancelled (a 503 naming the cause). */
  VIGIL_SEARCH_TIMEOUT_MS: z.coerce.number().int().min(1).max(600_000).default(30_000),
  /**
   * Group events into issues as they are ingested (the default). "false" defers grouping, e.g.
   * for a bulk import of history: `npm run vigil -- issues backfill` groups them afterwards.
   */
  VIGIL_GROUP_AT_INGEST: z.enum(["true", "false"]).default("true"),
  /**
   * Request rate limits per credential (lib/api/rate-limit.ts): a steady rate per second and a
   * burst over 10 seconds, for ingest (per agent token or API key) and for every other API call
   * (per API key or signed-in user). "off" disables them (the unit tests do).
   */
  VIGIL_RATE_LIMIT: z.enum(["on", "off"]).default("on"),
  VIGIL_INGEST_RATE_PER_SECOND: z.coerce.number().int().min(1).default(50),
  VIGIL_INGEST_BURST: z.coerce.number().int().min(1).default(500),
  VIGIL_API_RATE_PER_SECOND: z.coerce.number().int().min(1).default(100),
  VIGIL_API_BURST: z.coerce.number().int().min(1).default(1000),
  /** Where the limits count: this process's memory (one app process), or PostgreSQL (several). */
  VIGIL_RATE_LIMIT_STORE: z.enum(["memory", "postgres"]).default("memory"),
  /**
   * bcrypt's cost for new password hashes (lib/auth/passwords.ts; 12 when unset). The unit and
   * integration tests lower it (vitest.config.mts), as they hash ~150 passwords; a production
   * server refuses anything under 10.
   */
  VIGIL_BCRYPT_COST: z.coerce.number().int().min(4).max(15).optional(),
  /** The most days of events any tenant may keep (lib/retention): caps each tenant's retentionDays. */
  VIGIL_RETENTION_MAX_DAYS: z.coerce.number().int().min(1).max(36_500).default(365),
  /** Minutes between the server's retention runs (one at start-up, then on this period); 0 turns them off. */
  VIGIL_RETENTION_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(10_080).default(60),
}).refine((e) => e.NODE_ENV !== "production" || e.VIGIL_BCRYPT_COST === undefined || e.VIGIL_BCRYPT_COST >= 10, {
  message: "VIGIL_BCRYPT_COST below 10 is for tests only",
  path: ["VIGIL_BCRYPT_COST"],
});

export type Env = z.infer<typeof EnvSchema>;

export function env(): Env {
  return EnvSchema.parse(process.env);
}

export function databaseUrl(): string {
  const url = env().DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set and the embedded database has not been started");
  return url;
}
