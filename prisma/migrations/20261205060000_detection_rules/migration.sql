-- Detection rules (issue 14, seed 002): a tenant's rule sets of CEL rules, evaluated on every
-- ingested event. The condition is kept as the text the admin wrote (the source that is
-- compiled, once per revision, by lib/rules/engine-cache.ts); rule_revisions tells every server
-- process that its compiled copy is stale. Hits: per rule and event, and counted per UTC day.

CREATE TABLE "rule_sets" (
  "id"         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "tenant_id"  uuid NOT NULL REFERENCES "tenants" ("id") ON DELETE CASCADE,
  -- The document's ruleset_id ("acme/process").
  "ruleset_id" text NOT NULL CHECK (char_length("ruleset_id") BETWEEN 1 AND 200),
  "version"    integer NOT NULL DEFAULT 1,
  "created_by" text NOT NULL,
  "updated_by" text NOT NULL,
  "created_at" timestamptz(3) NOT NULL DEFAULT now(),
  "updated_at" timestamptz(3) NOT NULL DEFAULT now(),
  CONSTRAINT "rule_sets_tenant_id_ruleset_id_key" UNIQUE ("tenant_id", "ruleset_id")
);

CREATE TABLE "detection_rules" (
  "id"          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "tenant_id"   uuid NOT NULL REFERENCES "tenants" ("id") ON DELETE CASCADE,
  "rule_set_id" uuid NOT NULL REFERENCES "rule_sets" ("id") ON DELETE CASCADE,
  -- Order in the rule set, as imported (export keeps it).
  "position"    integer NOT NULL,
  "rule_id"     text NOT NULL CHECK (char_length("rule_id") BETWEEN 1 AND 200),
  "event_type"  text NOT NULL CHECK ("event_type" IN ('process_exec', 'network_connect', 'unix_socket_connect', 'file_open',
                                                      'file_remove', 'file_move', 'file_link', 'domain')),
  "condition"   text NOT NULL CHECK (char_length("condition") BETWEEN 1 AND 10000),
  "action"      text NOT NULL CHECK ("action" IN ('collect', 'detect', 'terminate')),
  "severity"    text CHECK ("severity" IN ('low', 'medium', 'high', 'critical')),
  "description" text CHECK (char_length("description") <= 2000),
  "tags"        text[] NOT NULL DEFAULT '{}',
  "enabled"     boolean NOT NULL DEFAULT true,
  "created_at"  timestamptz(3) NOT NULL DEFAULT now(),
  "updated_at"  timestamptz(3) NOT NULL DEFAULT now(),
  CONSTRAINT "detection_rules_rule_set_id_rule_id_key" UNIQUE ("rule_set_id", "rule_id")
);
CREATE INDEX "detection_rules_tenant_id_enabled_idx" ON "detection_rules" ("tenant_id", "enabled");

-- Which rules an event matched, written by the ingest transaction that stored the event.
CREATE TABLE "rule_hits" (
  "event_id"   bigint NOT NULL REFERENCES "events" ("id") ON DELETE CASCADE,
  "rule_id"    uuid NOT NULL REFERENCES "detection_rules" ("id") ON DELETE CASCADE,
  "tenant_id"  uuid NOT NULL,
  "action"     text NOT NULL,
  "matched_at" timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY ("event_id", "rule_id")
);
CREATE INDEX "rule_hits_tenant_id_rule_id_matched_at_idx" ON "rule_hits" ("tenant_id", "rule_id", "matched_at" DESC);

-- Hits per rule per UTC day (the day's start): sparkline, totals and last hit without scanning rule_hits.
CREATE TABLE "rule_hit_days" (
  "rule_id"     uuid NOT NULL REFERENCES "detection_rules" ("id") ON DELETE CASCADE,
  "day"         timestamptz(3) NOT NULL,
  "tenant_id"   uuid NOT NULL,
  "hits"        bigint NOT NULL DEFAULT 0,
  "last_hit_at" timestamptz(3) NOT NULL,
  PRIMARY KEY ("rule_id", "day")
);
CREATE INDEX "rule_hit_days_tenant_id_day_idx" ON "rule_hit_days" ("tenant_id", "day");

-- Bumped in the transaction of every change to a tenant's rules: ingest compares it with the
-- revision its compiled rules came from (one primary-key probe per batch).
CREATE TABLE "rule_revisions" (
  "tenant_id" uuid PRIMARY KEY REFERENCES "tenants" ("id") ON DELETE CASCADE,
  "revision"  bigint NOT NULL DEFAULT 0
);
