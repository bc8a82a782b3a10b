import "server-only";
import type { CallerContext } from "@/lib/auth/context";
import { pool } from "@/lib/db";
import { parseOrThrow } from "@/lib/events/schemas";
import { term } from "@/lib/events/related-events";
import { loadBlockSource, type BlockSource, type BlockSubject } from "./block-source";
import { requireBlocker, resolveScope, ruleValueOf } from "./block";
import { scopeLabel } from "./match";
import { BlockPreviewInput, type BlockPreview } from "./schemas";
import { scopesFor, type PolicyMode, type ScopeOption } from "./scope-ref";

// The dry run of a block: what the rule would have matched over the last 7 days, in the scope
// asked for — events, agents and the issues they belong to — and the event search that finds
// the same events, so the count can be checked and explored.

export const DRY_RUN_DAYS = 7;

/** One condition, as an events column and as a term of the search language over the same field. */
interface Condition {
  field: string;
  column: string;
  value: string;
  /** Lets the planner use a partial index: addresses too long to index are left out of it. */
  guard?: string;
}

/** The events a scope covers, as the agent context columns name it. */
export function scopeConditions({ scope, scopeRef }: ScopeOption): Condition[] {
  const split = (sep: string): [string, string] => {
    const at = scopeRef.indexOf(sep);
    return [scopeRef.slice(0, at), scopeRef.slice(at + 1)];
  };
  switch (scope) {
    case "global":
      return [];
    case "cluster":
      return [{ field: "cluster", column: "cluster", value: scopeRef }];
    case "node":
      return [{ field: "node", column: "node", value: scopeRef }];
    case "repo":
      return [{ field: "repository", column: "repository", value: scopeRef }];
    case "namespace": {
      const [cluster, namespace] = split("/");
      return [{ field: "cluster", column: "cluster", value: cluster }, { field: "namespace", column: "namespace", value: namespace }];
    }
    case "workflow": {
      const [repository, workflow] = split(":");
      return [{ field: "repository", column: "repository", value: repository }, { field: "workflow", column: "workflow", value: workflow }];
    }
  }
}

/** A domain rule meets the event's destination (its original domain); an ip rule its remote address. */
export function destinationCondition(source: BlockSource): Condition {
  const { type, value } = source.destination;
  return type === "domain"
    ? { field: "destination", column: "destination", value }
    : { field: "remoteAddress", column: "remote_address", value, guard: "octet_length(remote_address) <= 1024" };
}

export async function previewEventBlock({ ctx, input }: { ctx: CallerContext; input: { id: string } & Record<string, unknown> }): Promise<BlockPreview> {
  const { id, ...rest } = input;
  return preview(ctx, { kind: "event", id }, rest);
}

export async function previewIssueBlock({ ctx, input }: { ctx: CallerContext; input: { id: string } & Record<string, unknown> }): Promise<BlockPreview> {
  const { id, ...rest } = input;
  return preview(ctx, { kind: "issue", id }, rest);
}

interface CountRow {
  events: number;
  agents: number;
  issue_count: number;
  issues: BlockPreview["matches"]["issues"];
}

async function preview(ctx: CallerContext, subject: BlockSubject, raw: unknown): Promise<BlockPreview> {
  requireBlocker(ctx);
  const input = parseOrThrow(BlockPreviewInput, raw);
  const source = await loadBlockSource(ctx, subject);
  const chosen = resolveScope(source, input.scope, input.scopeRef);
  const rule = ruleValueOf(source);
  const to = new Date();
  const from = new Date(to.getTime() - DRY_RUN_DAYS * 86_400_000);
  const conditions = [destinationCondition(source), ...scopeConditions(chosen)];

  const [counts, policy] = await Promise.all([
    pool().query<CountRow>(
      `WITH m AS MATERIALIZED (
         SELECT id, agent_id FROM events
          WHERE tenant_id = $1 AND occurred_at >= $2 AND occurred_at < $3
            AND ${conditions.map((c, i) => [`${c.column} = $${i + 4}`, ...(c.guard ? [c.guard] : [])].join(" AND ")).join(" AND ")}
       ), hit AS MATERIALIZED (
         SELECT ie.issue_id, count(*) AS n FROM m JOIN issue_events ie ON ie.event_id = m.id GROUP BY ie.issue_id
       )
       SELECT (SELECT count(*) FROM m)::int AS events,
              (SELECT count(DISTINCT agent_id) FROM m)::int AS agents,
              (SELECT count(*) FROM hit)::int AS issue_count,
              (SELECT coalesce(json_agg(json_build_object('id', i.id::text, 'title', i.title, 'severity', i.severity,
                                                          'status', i.status, 'eventCount', i.event_count) ORDER BY h.n DESC, i.id DESC), '[]')
                 FROM (SELECT * FROM hit ORDER BY n DESC, issue_id DESC LIMIT 10) h JOIN issues i ON i.id = h.issue_id) AS issues`,
      [ctx.tenantId, from, to, ...conditions.map((c) => c.value)],
    ),
    pool().query<{ id: string; mode: PolicyMode; rule_id: string | null; expires_at: Date | null }>(
      `SELECT p.id, p.mode, r.id AS rule_id, r.expires_at
         FROM network_policies p
         LEFT JOIN network_policy_rules r
           ON r.policy_id = p.id AND r.type = $4 AND r.value = $5 AND r.action = 'deny' AND (r.expires_at IS NULL OR r.expires_at > now())
        WHERE p.tenant_id = $1 AND p.scope = $2 AND p.scope_ref = $3`,
      [ctx.tenantId, chosen.scope, chosen.scopeRef, rule.type, rule.value],
    ),
  ]);
  const c = counts.rows[0];
  const p = policy.rows[0];
  return {
    destination: source.destination,
    scope: chosen.scope,
    scopeRef: chosen.scopeRef,
    scopeOptions: scopesFor(source.context).map((o) => ({ ...o, label: scopeLabel(o.scope, o.scopeRef) })),
    policy: p ? { id: p.id, mode: p.mode } : null,
    existingRule: p?.rule_id ? { id: p.rule_id, policyId: p.id, expiresAt: p.expires_at?.toISOString() ?? null } : null,
    window: { from: from.toISOString(), to: to.toISOString() },
    matches: { events: c.events, agents: c.agents, issueCount: c.issue_count, issues: c.issues },
    search: conditions.map((x) => term(x.field, x.value)).join(" "),
  };
}
