import { defineConfig } from "prisma/config";

// The schema engine cannot be downloaded on our machines, and `generate` does not need it.
// /bin/false (never /bin/true) makes any engine-backed command fail loudly instead of silently
// doing nothing; migrations are plain SQL applied by scripts/migrate.ts.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= "/bin/false";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/vigil" },
});
