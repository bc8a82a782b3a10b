import "server-only";
import { FALSE_POSITIVE_FLAG, FALSE_POSITIVE_REASON, RESOLVED, VERDICT_FLAGS } from "@/lib/dashboard/triage-rules";
import { ratio } from "@/lib/dashboard/metrics";
import { pool } from "@/lib/db";

// Each detection rule's false-positive rate: over the issues its detections joined, the share of
// the triaged ones (resolved, closed or carrying a verdict flag) that an analyst called a false
// positive (flag or close reason), with the dashboard's definitions (lib/dashboard/triage-rules.ts).
// Collect hits make no detection, so they count for nothing here.

export interface RuleFalsePositives {
  /** detection_rules.id */
  ruleId: string;
  /** rule_sets.id */
  ruleSetId: string;
  rulesetId: string;
  /** The seed's rule_id. */
  ruleName: string;
  issues: number;
  triaged: number;
  falsePositives: number;
  /** falsePositives / triaged, null while nothing is triaged. */
  rate: number | null;
}

interface Row {
  rule_id: string;
  rule_set_id: string;
  ruleset_id: string;
  rule_name: string;
  issues: number;
  triaged: number;
  fp: number;
}

/** Rules with at least one issue, the most false positives first. `window` keeps the issues seen in it. */
export async function ruleFalsePositives(tenantId: string, window?: { from: Date; to: Date }): Promise<RuleFalsePositives[]> {
  const sql = `WITH rule_issues AS (
      SELECT DISTINCT h.rule_id, ie.issue_id
        FROM rule_hits h JOIN issue_events ie ON ie.event_id = h.event_id AND ie.tenant_id = $1
       WHERE h.tenant_id = $1 AND h.action <> 'collect'
    )
    SELECT r.id AS rule_id, s.id AS rule_set_id, s.ruleset_id, r.rule_id AS rule_name,
           count(*)::int AS issues,
           count(*) FILTER (WHERE i.status = ANY($2::text[]) OR i.flags && $3::text[])::int AS triaged,
           count(*) FILTER (WHERE (i.status = ANY($2::text[]) OR i.flags && $3::text[])
                              AND ($4 = ANY(i.flags) OR i.close_reason IS NOT DISTINCT FROM $5))::int AS fp
      FROM rule_issues ri
      JOIN issues i ON i.id = ri.issue_id AND i.tenant_id = $1
      JOIN detection_rules r ON r.id = ri.rule_id
      JOIN rule_sets s ON s.id = r.rule_set_id
     WHERE ($6::timestamptz IS NULL OR i.last_seen_at >= $6) AND ($7::timestamptz IS NULL OR i.first_seen_at < $7)
     GROUP BY r.id, s.id, s.ruleset_id, r.rule_id`;
  const values = [tenantId, RESOLVED, VERDICT_FLAGS, FALSE_POSITIVE_FLAG, FALSE_POSITIVE_REASON, window?.from ?? null, window?.to ?? null];
  const rows = (await pool().query<Row>(sql, values)).rows;
  return rows
    .map((r) => ({
      ruleId: r.rule_id, ruleSetId: r.rule_set_id, rulesetId: r.ruleset_id, ruleName: r.rule_name,
      issues: r.issues, triaged: r.triaged, falsePositives: r.fp, rate: ratio(r.fp, r.triaged),
    }))
    .sort((a, b) => b.falsePositives - a.falsePositives || (b.rate ?? -1) - (a.rate ?? -1) || b.issues - a.issues || a.ruleName.localeCompare(b.ruleName));
}
