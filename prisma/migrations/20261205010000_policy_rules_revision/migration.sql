-- A policy's rules revision: bumped by every statement that adds, changes or removes rules of
-- the policy, whoever writes them. With the policy's version (its mode) and the rules that have
-- expired since, it names the effective policy agents fetch, so its ETag is read without
-- reading the rules.

ALTER TABLE "network_policies" ADD COLUMN "rules_revision" bigint NOT NULL DEFAULT 0;

CREATE FUNCTION "network_policy_rules_bump"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE network_policies p SET rules_revision = p.rules_revision + 1 WHERE p.id IN (SELECT DISTINCT policy_id FROM new_rows);
  ELSIF TG_OP = 'UPDATE' THEN
    UPDATE network_policies p SET rules_revision = p.rules_revision + 1
     WHERE p.id IN (SELECT policy_id FROM new_rows UNION SELECT policy_id FROM old_rows);
  ELSE
    UPDATE network_policies p SET rules_revision = p.rules_revision + 1 WHERE p.id IN (SELECT DISTINCT policy_id FROM old_rows);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "network_policy_rules_bump_insert" AFTER INSERT ON "network_policy_rules"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "network_policy_rules_bump"();
CREATE TRIGGER "network_policy_rules_bump_update" AFTER UPDATE ON "network_policy_rules"
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "network_policy_rules_bump"();
CREATE TRIGGER "network_policy_rules_bump_delete" AFTER DELETE ON "network_policy_rules"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "network_policy_rules_bump"();

-- The rules of a policy that expire, for counting those that have.
CREATE INDEX "network_policy_rules_policy_id_expires_at_idx"
  ON "network_policy_rules" ("policy_id", "expires_at") WHERE "expires_at" IS NOT NULL;
