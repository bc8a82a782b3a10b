import "server-only";
import type { PoolClient } from "pg";
import type { CallerContext } from "@/lib/auth/context";
import { changedFields } from "@/lib/audit/changes";
import { auditActorOf, writeAudit } from "@/lib/audit/write";
import { roleCan } from "@/lib/auth/roles";
import { withTransaction } from "@/lib/db/transaction";
import { ForbiddenError, UnprocessableError, ValidationError } from "@/lib/errors";
import { parseOrThrow } from "@/lib/events/schemas";
import { writeLineage, type NewLineageEntry } from "@/lib/lineage/write";
import { policyAudit, ruleAudit } from "./audit";
import { loadBlockSource, type BlockSource, type BlockSubject } from "./block-source";
import { POLICY_SUBJECT, RULE_SUBJECT } from "./internal";
import { normalizeRuleValue } from "./rule-value";
import { BlockInput, type BlockResult } from "./schemas";
import { normalizeScopeRef, scopesFor, type PolicyMode, type PolicyScope, type ScopeOption } from "./scope-ref";

// One-click block (seed 000's BlockEvent): a deny rule for the destination of an event or an
// issue, in the scope asked for. The same destination blocked again in the same scope answers
// the existing rule; the event and its issue get the `blocked` flag and a lineage entry.

/** A block's policy is created in enforce mode: the analyst asked for a block, not a report. */
const NEW_POLICY_MODE: PolicyMode = "enforce";

export function requireBlocker(ctx: CallerContext) {
  if (!roleCan(ctx.role, "triage")) throw new ForbiddenError("Only analysts and admins may block");
}

/** The scope asked for, its reference taken from the event's agent context when it is left out. */
export function resolveScope(source: BlockSource, scope: PolicyScope | undefined, rawRef: string | undefined): ScopeOption {
  const options = scopesFor(source.context);
  if (scope === undefined) return options[0];
  if (rawRef === undefined || rawRef.trim() === "") {
    const fromEvent = options.find((o) => o.scope === scope);
    if (fromEvent) return fromEvent;
    if (scope !== "global") throw new ValidationError(`scopeRef: this event does not say which ${scope} it ran in; name the ${scope}`, { field: "scopeRef" });
  }
  const ref = normalizeScopeRef(scope, rawRef);
  if (!ref.ok) throw new ValidationError(`scopeRef: ${ref.error}`, { field: "scopeRef" });
  return { scope, scopeRef: ref.value };
}

/** The rule's value for the destination, in the stored form of rules. */
export function ruleValueOf(source: BlockSource): { type: "domain" | "ip"; value: string } {
  const { type, value } = source.destination;
  const normal = normalizeRuleValue(type, value);
  if (!normal.ok) throw new UnprocessableError(`The destination ${value} cannot be written as a ${type} rule: ${normal.error}`);
  return { type, value: normal.value };
}

export async function blockEvent({ ctx, input }: { ctx: CallerContext; input: { id: string } & Record<string, unknown> }): Promise<BlockResult> {
  const { id, ...rest } = input;
  return block(ctx, { kind: "event", id }, rest);
}

export async function blockIssue({ ctx, input }: { ctx: CallerContext; input: { id: string } & Record<string, unknown> }): Promise<BlockResult> {
  const { id, ...rest } = input;
  return block(ctx, { kind: "issue", id }, rest);
}

async function block(ctx: CallerContext, subject: BlockSubject, raw: unknown): Promise<BlockResult> {
  requireBlocker(ctx);
  const input = parseOrThrow(BlockInput, raw);
  const source = await loadBlockSource(ctx, subject);
  const { scope, scopeRef } = resolveScope(source, input.scope, input.scopeRef);
  const destination = ruleValueOf(source);
  return withTransaction(async (client) => {
    const policy = await ensurePolicy(ctx, client, scope, scopeRef);
    const rule = await ensureDenyRule(ctx, client, policy.id, destination, {
      reason: input.reason,
      expiresAt: input.expiresAt ?? null,
      sourceEventId: source.eventId,
      sourceIssueId: subject.kind === "issue" ? source.issueId : null,
    });
    const facts = { ruleId: rule.id, policyId: policy.id, destination, scope, scopeRef, created: rule.created, reason: input.reason };
    const flagged = await flagBlocked(ctx, client, source.eventId, source.issueId);
    const entries: NewLineageEntry[] = flagged.map((s) => ({ ...s, action: "blocked", actor: ctx.actor, details: facts }));
    await writeLineage(client, ctx.tenantId, entries);
    return { networkPolicyRuleId: rule.id, networkPolicyId: policy.id, destination, created: rule.created, scope, scopeRef, mode: policy.mode };
  });
}

/** The scope's policy, created (in enforce mode, with lineage) when the scope has none. */
async function ensurePolicy(ctx: CallerContext, client: PoolClient, scope: PolicyScope, scopeRef: string): Promise<{ id: string; mode: PolicyMode }> {
  const inserted = await client.query<{ id: string; mode: PolicyMode }>(
    `INSERT INTO network_policies (tenant_id, scope, scope_ref, mode) VALUES ($1, $2, $3, $4)
     ON CONFLICT (tenant_id, scope, scope_ref) DO NOTHING RETURNING id, mode`,
    [ctx.tenantId, scope, scopeRef, NEW_POLICY_MODE],
  );
  if (inserted.rows[0]) {
    await writeLineage(client, ctx.tenantId, [{
      subjectType: POLICY_SUBJECT, subjectId: inserted.rows[0].id, action: "created", actor: ctx.actor,
      details: { scope, scopeRef, mode: NEW_POLICY_MODE, via: "block" },
    }]);
    await writeAudit(client, auditActorOf(ctx), policyAudit(ctx.tenantId, "network_policy.create", inserted.rows[0].id, { scope, scopeRef }, {
      after: { scope, scopeRef, mode: NEW_POLICY_MODE, origin: "block" },
    }));
    return inserted.rows[0];
  }
  // ON CONFLICT waited for a concurrent creator to commit, so this statement's snapshot sees its row.
  const existing = await client.query<{ id: string; mode: PolicyMode }>(
    `SELECT id, mode FROM network_policies WHERE tenant_id = $1 AND scope = $2 AND scope_ref = $3`,
    [ctx.tenantId, scope, scopeRef],
  );
  return existing.rows[0];
}

interface RuleOrigin {
  reason: string;
  expiresAt: Date | null;
  sourceEventId: string;
  sourceIssueId: string | null;
}

/** The deny rule for the destination: created, renewed when it had expired, or the one already there. */
async function ensureDenyRule(
  ctx: CallerContext,
  client: PoolClient,
  policyId: string,
  destination: { type: string; value: string },
  origin: RuleOrigin,
): Promise<{ id: string; created: boolean }> {
  const inserted = await client.query<{ id: string }>(
    `INSERT INTO network_policy_rules (tenant_id, policy_id, type, value, action, reason, created_by, source_event_id, source_issue_id, expires_at)
     VALUES ($1, $2, $3, $4, 'deny', $5, $6, $7, $8, $9)
     ON CONFLICT (policy_id, type, value, action) DO NOTHING RETURNING id`,
    [ctx.tenantId, policyId, destination.type, destination.value, origin.reason, ctx.actor, origin.sourceEventId, origin.sourceIssueId, origin.expiresAt],
  );
  const base = { policyId, type: destination.type, value: destination.value, action: "deny", reason: origin.reason };
  const expiresAt = origin.expiresAt?.toISOString() ?? null;
  if (inserted.rows[0]) {
    const id = inserted.rows[0].id;
    const facts = { expiresAt, sourceEventId: origin.sourceEventId, sourceIssueId: origin.sourceIssueId };
    await writeLineage(client, ctx.tenantId, [{ subjectType: RULE_SUBJECT, subjectId: id, action: "created", actor: ctx.actor, details: { ...base, ...facts } }]);
    const after = { type: base.type, value: base.value, action: base.action, reason: base.reason, ...facts };
    await writeAudit(client, auditActorOf(ctx), ruleAudit(ctx.tenantId, "network_policy_rule.create", id, base, { after }));
    return { id, created: true };
  }
  const renewed = await client.query<{ id: string; before: Date; before_reason: string }>(
    `UPDATE network_policy_rules r SET expires_at = $5, reason = $6, version = r.version + 1, updated_at = now()
       FROM (SELECT id, expires_at, reason FROM network_policy_rules
              WHERE policy_id = $1 AND type = $2 AND value = $3 AND action = 'deny' AND tenant_id = $4 FOR UPDATE) old
      WHERE r.id = old.id AND old.expires_at <= now()
      RETURNING r.id, old.expires_at AS before, old.reason AS before_reason`,
    [policyId, destination.type, destination.value, ctx.tenantId, origin.expiresAt, origin.reason],
  );
  if (renewed.rows[0]) {
    const { id, before, before_reason: beforeReason } = renewed.rows[0];
    await writeLineage(client, ctx.tenantId, [{
      subjectType: RULE_SUBJECT, subjectId: id, action: "updated", actor: ctx.actor,
      details: {
        ...base, changed: ["expiresAt", "reason"], via: "block", sourceEventId: origin.sourceEventId,
        before: { expiresAt: before.toISOString() }, after: { expiresAt },
      },
    }]);
    const change = changedFields({ expiresAt: before.toISOString(), reason: beforeReason }, { expiresAt, reason: origin.reason });
    if (change) await writeAudit(client, auditActorOf(ctx), ruleAudit(ctx.tenantId, "network_policy_rule.update", id, base, change));
    return { id, created: false };
  }
  const existing = await client.query<{ id: string }>(
    `SELECT id FROM network_policy_rules WHERE policy_id = $1 AND type = $2 AND value = $3 AND action = 'deny' AND tenant_id = $4`,
    [policyId, destination.type, destination.value, ctx.tenantId],
  );
  return { id: existing.rows[0].id, created: false };
}

/** Adds `blocked` to the event's assessment and to its issue; answers the subjects that did not have it yet. */
async function flagBlocked(ctx: CallerContext, client: PoolClient, eventId: string, issueId: string | null): Promise<{ subjectType: "event" | "issue"; subjectId: string }[]> {
  const out: { subjectType: "event" | "issue"; subjectId: string }[] = [];
  const event = await client.query(
    `INSERT INTO event_assessments (event_id, tenant_id, flags, assessed_at, assessed_by) VALUES ($1, $2, '{blocked}', now(), $3)
     ON CONFLICT (event_id) DO UPDATE
       SET flags = ARRAY(SELECT DISTINCT f FROM unnest(array_append(event_assessments.flags, 'blocked')) AS f ORDER BY f),
           version = event_assessments.version + 1
     WHERE NOT 'blocked' = ANY(event_assessments.flags)
     RETURNING event_id`,
    [eventId, ctx.tenantId, ctx.actor],
  );
  if (event.rowCount) out.push({ subjectType: "event", subjectId: eventId });
  if (issueId !== null) {
    const issue = await client.query(
      `UPDATE issues SET flags = ARRAY(SELECT DISTINCT f FROM unnest(array_append(flags, 'blocked')) AS f ORDER BY f), updated_at = now()
        WHERE id = $1 AND tenant_id = $2 AND NOT 'blocked' = ANY(flags)
        RETURNING id`,
      [issueId, ctx.tenantId],
    );
    if (issue.rowCount) out.push({ subjectType: "issue", subjectId: issueId });
  }
  return out;
}
