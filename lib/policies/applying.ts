import "server-only";
import { pool } from "@/lib/db";
import type { ScopedRule } from "./match";
import type { RuleType } from "./rule-value";
import type { RuleAction } from "./schemas";
import type { PolicyMode, PolicyScope, ScopeOption } from "./scope-ref";

// The rules in force for a set of scopes: the policies of those scopes that are not bypassed,
// and their rules that have not expired. Expiry is read at query time, so an expired rule drops
// out without a write.

export interface AppliedRule extends ScopedRule {
  id: string;
  policyId: string;
  reason: string;
  expiresAt: string | null;
}

export interface AppliedPolicy {
  id: string;
  scope: PolicyScope;
  scopeRef: string;
  mode: PolicyMode;
}

interface Row {
  policy_id: string;
  scope: string;
  scope_ref: string;
  mode: string;
  id: string | null;
  type: string | null;
  value: string | null;
  action: string | null;
  reason: string | null;
  expires_at: Date | null;
}

const SCOPES_SQL = `unnest($2::text[], $3::text[]) AS s(scope, ref)
       JOIN network_policies p ON p.tenant_id = $1 AND p.scope = s.scope AND p.scope_ref = s.ref`;
const LIVE_RULES_SQL = `network_policy_rules r
         ON r.policy_id = p.id AND p.mode <> 'bypass' AND (r.expires_at IS NULL OR r.expires_at > $4)`;

const scopeParams = (tenantId: string, scopes: readonly ScopeOption[], now: Date) => [tenantId, scopes.map((s) => s.scope), scopes.map((s) => s.scopeRef), now];

/**
 * A digest of what loadApplying would answer: each policy's id, version (its mode) and rules
 * revision (bumped by a trigger on any change to its rules), and how many of its rules have
 * expired by now. Reads the policies and the expiring rules' index, never the rules themselves.
 */
export async function applyingDigest(tenantId: string, scopes: readonly ScopeOption[], now: Date): Promise<string> {
  const res = await pool().query<{ digest: string | null }>(
    `SELECT string_agg(p.id::text || ':' || p.version || ':' || p.mode || ':' || p.rules_revision || ':' ||
                       (SELECT count(*) FROM network_policy_rules r WHERE r.policy_id = p.id AND r.expires_at <= $4),
                       ',' ORDER BY p.id) AS digest
       FROM ${SCOPES_SQL}`,
    scopeParams(tenantId, scopes, now),
  );
  return res.rows[0].digest ?? "";
}

/** The policies of these scopes (bypassed ones included, rules left out) and the rules in force. */
export async function loadApplying(tenantId: string, scopes: readonly ScopeOption[], now: Date): Promise<{ policies: AppliedPolicy[]; rules: AppliedRule[] }> {
  const res = await pool().query<Row>(
    `SELECT p.id AS policy_id, p.scope, p.scope_ref, p.mode, r.id, r.type, r.value, r.action, r.reason, r.expires_at
       FROM ${SCOPES_SQL}
       LEFT JOIN ${LIVE_RULES_SQL}
      ORDER BY p.id, r.type, r.value, r.action`,
    scopeParams(tenantId, scopes, now),
  );
  const policies = new Map<string, AppliedPolicy>();
  const rules: AppliedRule[] = [];
  for (const r of res.rows) {
    const policy = { id: r.policy_id, scope: r.scope as PolicyScope, scopeRef: r.scope_ref, mode: r.mode as PolicyMode };
    policies.set(policy.id, policy);
    if (r.id === null) continue;
    rules.push({
      id: r.id, policyId: r.policy_id, scope: policy.scope, scopeRef: policy.scopeRef, mode: policy.mode,
      type: r.type as RuleType, value: r.value ?? "", action: r.action as RuleAction, reason: r.reason ?? "",
      expiresAt: r.expires_at?.toISOString() ?? null,
    });
  }
  return { policies: [...policies.values()], rules };
}
