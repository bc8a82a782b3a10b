-- Retention (issue 16): how many days of events a tenant keeps, by the time they occurred. The
-- server's VIGIL_RETENTION_MAX_DAYS caps it (checked when it is set, and again by every run, so a
-- lowered cap applies to tenants set above it); the bound here only refuses nonsense.
-- lib/retention/expire.ts removes what is older in bounded batches; docs/retention.md says what
-- goes with an event and what outlives it.
ALTER TABLE "tenants" ADD COLUMN "retention_days" integer NOT NULL DEFAULT 90
  CHECK ("retention_days" BETWEEN 1 AND 36500);
