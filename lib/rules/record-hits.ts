import type { PoolClient } from "pg";

// Rule hits of an ingest batch, inside its transaction: one row per event and rule, and the
// rule's count for the day. Rows go in rule order so concurrent batches lock the day rows in
// the same order. A rule deleted meanwhile is skipped (its rows are locked while they are read).

export interface RuleHitRow {
  eventId: string;
  ruleId: string;
  action: string;
}

const RECORD_HITS_SQL = `WITH live AS (
       SELECT id FROM detection_rules WHERE tenant_id = $1 AND id = ANY($4::uuid[]) FOR KEY SHARE
     ), hits AS (
       INSERT INTO rule_hits (event_id, rule_id, tenant_id, action, matched_at)
       SELECT u.event_id, u.rule_id, $1, u.action, $2::timestamptz
         FROM unnest($3::bigint[], $4::uuid[], $5::text[]) AS u(event_id, rule_id, action)
         JOIN live ON live.id = u.rule_id
        ORDER BY u.rule_id, u.event_id
       ON CONFLICT (event_id, rule_id) DO NOTHING
       RETURNING rule_id
     )
     INSERT INTO rule_hit_days (rule_id, day, tenant_id, hits, last_hit_at)
     SELECT rule_id, date_trunc('day', $2::timestamptz, 'UTC'), $1, count(*), $2::timestamptz FROM hits GROUP BY rule_id ORDER BY rule_id
     ON CONFLICT (rule_id, day) DO UPDATE SET hits = rule_hit_days.hits + EXCLUDED.hits,
       last_hit_at = greatest(rule_hit_days.last_hit_at, EXCLUDED.last_hit_at)`;

export async function recordRuleHits(client: PoolClient, tenantId: string, now: string, hits: RuleHitRow[]): Promise<void> {
  if (hits.length === 0) return;
  await client.query(RECORD_HITS_SQL, [tenantId, now, hits.map((h) => h.eventId), hits.map((h) => h.ruleId), hits.map((h) => h.action)]);
}
