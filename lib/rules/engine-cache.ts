import type { PoolClient } from "pg";
import { buildEngine, type RuleEngine, type StoredRule } from "./engine";

// Each tenant's compiled rules, kept per server process and rebuilt when the tenant's rule
// revision (bumped in the transaction of every rule change) moves: one primary-key probe per
// ingest batch, and a compilation only after a change.

const cache = new Map<string, { revision: string; engine: RuleEngine | null }>();

export async function ruleEngineFor(client: PoolClient, tenantId: string): Promise<RuleEngine | null> {
  const rev = await client.query<{ revision: string }>(`SELECT revision::text AS revision FROM rule_revisions WHERE tenant_id = $1`, [tenantId]);
  const revision = rev.rows[0]?.revision;
  if (revision === undefined) return null;
  const cached = cache.get(tenantId);
  if (cached?.revision === revision) return cached.engine;
  const rules = await client.query<StoredRule>(
    `SELECT r.id, s.ruleset_id AS "rulesetId", r.rule_id AS "ruleId", r.event_type AS "eventType", r.condition, r.action, r.severity
       FROM detection_rules r JOIN rule_sets s ON s.id = r.rule_set_id
      WHERE r.tenant_id = $1 AND r.enabled
      ORDER BY s.ruleset_id, r.position`,
    [tenantId],
  );
  const engine = buildEngine(rules.rows);
  for (const s of engine.skipped) console.error(`detection rule ${s.id} no longer compiles and is skipped: ${s.error}`);
  cache.set(tenantId, { revision, engine: engine.size > 0 ? engine : null });
  return engine.size > 0 ? engine : null;
}

/** Forgets a tenant's compiled rules in this process (the revision tells the others). */
export function forgetRuleEngine(tenantId: string): void {
  cache.delete(tenantId);
}
