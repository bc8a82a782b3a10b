import { z } from "zod";

// The one place that reads process.env.
const EnvSchema = z.object({
  DATABASE_URL: z.string().min(1).optional(),
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
