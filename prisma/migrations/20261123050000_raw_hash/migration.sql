-- Replay fast path: the hash of a one-event item's raw bytes, so that a resend of exactly the
-- same bytes is recognised as unchanged before it is parsed or adapted.
ALTER TABLE "events" ADD COLUMN "raw_hash" uuid;
CREATE INDEX "events_tenant_id_raw_hash_idx" ON "events" ("tenant_id", "raw_hash");
