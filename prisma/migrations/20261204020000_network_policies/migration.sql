-- Network policies: one per scope (global, or a repo, workflow, cluster, namespace or node it
-- names) with a mode, and their domain/ip/cidr rules. Rule values are stored normalised
-- (lib/policies/rule-value.ts), so the unique key below catches the same rule written twice.

CREATE TABLE "network_policies" (
  "id"         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "tenant_id"  uuid NOT NULL REFERENCES "tenants" ("id") ON DELETE CASCADE,
  "scope"      text NOT NULL CHECK ("scope" IN ('global', 'repo', 'workflow', 'cluster', 'namespace', 'node')),
  -- '' for global; repo owner/name, workflow owner/name:file, cluster, cluster/namespace, node.
  "scope_ref"  text NOT NULL DEFAULT '' CHECK (("scope" = 'global') = ("scope_ref" = '') AND char_length("scope_ref") <= 512),
  "mode"       text NOT NULL DEFAULT 'log' CHECK ("mode" IN ('bypass', 'log', 'enforce')),
  "version"    integer NOT NULL DEFAULT 1,
  "created_at" timestamptz(3) NOT NULL DEFAULT now(),
  "updated_at" timestamptz(3) NOT NULL DEFAULT now(),
  CONSTRAINT "network_policies_tenant_id_scope_scope_ref_key" UNIQUE ("tenant_id", "scope", "scope_ref")
);

CREATE TABLE "network_policy_rules" (
  "id"              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "tenant_id"       uuid NOT NULL REFERENCES "tenants" ("id") ON DELETE CASCADE,
  "policy_id"       uuid NOT NULL REFERENCES "network_policies" ("id") ON DELETE CASCADE,
  "type"            text NOT NULL CHECK ("type" IN ('domain', 'ip', 'cidr')),
  "value"           text NOT NULL CHECK (char_length("value") BETWEEN 1 AND 255),
  "action"          text NOT NULL CHECK ("action" IN ('allow', 'deny')),
  "reason"          text NOT NULL DEFAULT '' CHECK (char_length("reason") <= 1000),
  "created_by"      text NOT NULL,
  "source_event_id" bigint,
  "source_issue_id" bigint,
  "expires_at"      timestamptz(3),
  "version"         integer NOT NULL DEFAULT 1,
  "created_at"      timestamptz(3) NOT NULL DEFAULT now(),
  "updated_at"      timestamptz(3) NOT NULL DEFAULT now(),
  CONSTRAINT "network_policy_rules_policy_id_type_value_action_key" UNIQUE ("policy_id", "type", "value", "action")
);
CREATE INDEX "network_policy_rules_tenant_id_type_value_idx" ON "network_policy_rules" ("tenant_id", "type", "value");

-- A policy's lineage is its own entries and its rules' (deleted rules included): rule entries
-- carry the policy's id in details.policyId.
CREATE INDEX "lineage_entries_network_policy_rule_policy_id_idx"
  ON "lineage_entries" ("tenant_id", ("details" ->> 'policyId'), "id")
  WHERE "subject_type" = 'network_policy_rule';
