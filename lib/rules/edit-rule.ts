import "server-only";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { parseOrThrow } from "@/lib/events/schemas";
import { validateRule } from "./document";
import { saveRuleDocument } from "./import-rule-sets";
import { documentOf, getRuleSet, type DetectionRuleItem, type RuleSetDetail } from "./queries";
import { NewRuleInput, RuleChange, RuleDeleteQuery, RuleParams, RuleSetIdParams, type RuleInput } from "./schemas";

// One rule added, changed, enabled or disabled, or deleted, as the Rules page and the API do it:
// the rule set's document with that one change, saved by the one writer of rule sets
// (saveRuleDocument), so validation, lineage (before and after), audit and the engines' refresh
// are the import's. The set's version the caller saw guards against overwriting a change unseen.

function requireAdmin(ctx: CallerContext) {
  if (!roleCan(ctx.role, "admin")) throw new ForbiddenError();
}

/** The rule checked on its own first, so errors name its fields (condition, not rule_sets.0.rules.3.condition). */
function checkRule(rule: RuleInput): void {
  const checked = validateRule(rule);
  if (checked.ok) return;
  const first = checked.errors[0];
  throw new ValidationError(`${first.field}: ${first.message}`, { field: first.field, errors: checked.errors });
}

async function saveRules(ctx: CallerContext, set: RuleSetDetail, version: number | undefined, rules: RuleInput[]): Promise<RuleSetDetail> {
  await saveRuleDocument(ctx, { rule_sets: [{ ruleset_id: set.rulesetId, rules }] }, {
    auditAction: "rule_set.update",
    expectedVersions: new Map([[set.rulesetId, version ?? set.version]]),
  });
  return getRuleSet({ ctx, input: { id: set.id } });
}

function ruleNamed(set: RuleSetDetail, ruleId: string): DetectionRuleItem {
  const rule = set.rules.find((r) => r.id === ruleId);
  if (!rule) throw new NotFoundError("Rule");
  return rule;
}

export async function addRule({ ctx, input }: { ctx: CallerContext; input: { id: string; rule: unknown } }): Promise<DetectionRuleItem> {
  requireAdmin(ctx);
  const { id } = parseOrThrow(RuleSetIdParams, { id: input.id });
  const { version, ...rule } = parseOrThrow(NewRuleInput, input.rule);
  checkRule(rule);
  const set = await getRuleSet({ ctx, input: { id } });
  if (set.rules.some((r) => r.ruleId === rule.rule_id)) throw new ConflictError(`Rule set ${set.rulesetId} already has a rule ${rule.rule_id}`);
  const saved = await saveRules(ctx, set, version, [...documentOf(set).rule_sets[0].rules, rule]);
  return saved.rules.find((r) => r.ruleId === rule.rule_id)!;
}

export async function updateRule({ ctx, input }: { ctx: CallerContext; input: { id: string; ruleId: string; changes: unknown } }): Promise<DetectionRuleItem> {
  requireAdmin(ctx);
  const { id, ruleId } = parseOrThrow(RuleParams, { id: input.id, ruleId: input.ruleId });
  const { version, ...changes } = parseOrThrow(RuleChange, input.changes);
  const set = await getRuleSet({ ctx, input: { id } });
  const target = ruleNamed(set, ruleId);
  const rules = documentOf(set).rule_sets[0].rules.map((r) => {
    if (r.rule_id !== target.ruleId) return r;
    const next: RuleInput = { ...r };
    if (changes.event_type !== undefined) next.event_type = changes.event_type;
    if (changes.condition !== undefined) next.condition = changes.condition;
    if (changes.action !== undefined) next.action = changes.action;
    if (changes.severity !== undefined) next.severity = changes.severity ?? undefined;
    if (changes.description !== undefined) next.description = changes.description ?? undefined;
    if (changes.tags !== undefined) next.tags = changes.tags;
    if (changes.enabled !== undefined) next.enabled = changes.enabled;
    checkRule(next);
    return next;
  });
  const saved = await saveRules(ctx, set, version, rules);
  return ruleNamed(saved, ruleId);
}

export async function deleteRule({ ctx, input }: { ctx: CallerContext; input: { id: string; ruleId: string; version?: unknown } }): Promise<void> {
  requireAdmin(ctx);
  const { id, ruleId } = parseOrThrow(RuleParams, { id: input.id, ruleId: input.ruleId });
  const { version } = parseOrThrow(RuleDeleteQuery, input.version === undefined ? {} : { version: input.version });
  const set = await getRuleSet({ ctx, input: { id } });
  const target = ruleNamed(set, ruleId);
  if (set.rules.length === 1) throw new ConflictError(`${target.ruleId} is the only rule of ${set.rulesetId}; delete the rule set instead`);
  await saveRules(ctx, set, version, documentOf(set).rule_sets[0].rules.filter((r) => r.rule_id !== target.ruleId));
}
