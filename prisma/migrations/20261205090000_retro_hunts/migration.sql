-- Retro-hunts (issue 14): one detection rule run over a past window of stored events, as a
-- background job of the server processes (lib/rules/retro-hunt-runner.ts). A job is claimed by
-- one process with a conditional UPDATE, reports progress and a heartbeat after every batch, and
-- stops between batches when cancel_requested is set. The rule's ids are kept as labels, so the
-- list reads without a join; the job goes with its rule.

CREATE TABLE "retro_hunts" (
  "id"               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "tenant_id"        uuid NOT NULL REFERENCES "tenants" ("id") ON DELETE CASCADE,
  "rule_id"          uuid NOT NULL REFERENCES "detection_rules" ("id") ON DELETE CASCADE,
  -- The rule set's ruleset_id and the rule's rule_id when the hunt was started.
  "ruleset_id"       text NOT NULL,
  "rule_name"        text NOT NULL,
  "window_from"      timestamptz(3) NOT NULL,
  "window_to"        timestamptz(3) NOT NULL,
  "status"           text NOT NULL DEFAULT 'queued' CHECK ("status" IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  -- Events in the window when the hunt started; scanned and matched grow batch by batch.
  "total"            bigint NOT NULL DEFAULT 0,
  "scanned"          bigint NOT NULL DEFAULT 0,
  "matched"          bigint NOT NULL DEFAULT 0,
  "error"            text,
  "created_by"       text NOT NULL,
  "created_at"       timestamptz(3) NOT NULL DEFAULT now(),
  "started_at"       timestamptz(3),
  "finished_at"      timestamptz(3),
  "heartbeat_at"     timestamptz(3),
  "cancel_requested" boolean NOT NULL DEFAULT false,
  CONSTRAINT "retro_hunts_window_check" CHECK ("window_from" < "window_to")
);
-- One queued or running hunt per rule: a second start is a 409, whatever process takes it.
CREATE UNIQUE INDEX "retro_hunts_rule_id_active_key" ON "retro_hunts" ("rule_id") WHERE "status" IN ('queued', 'running');
CREATE INDEX "retro_hunts_tenant_id_created_at_idx" ON "retro_hunts" ("tenant_id", "created_at" DESC);
CREATE INDEX "retro_hunts_rule_id_created_at_idx" ON "retro_hunts" ("rule_id", "created_at" DESC);
-- What the runners claim (oldest queued first) and what the interrupted-job sweep reads.
CREATE INDEX "retro_hunts_status_created_at_idx" ON "retro_hunts" ("status", "created_at") WHERE "status" IN ('queued', 'running');
