import "server-only";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import type { AuditAction } from "@/lib/audit/schemas";
import { auditActorOf, writeAudit } from "@/lib/audit/write";
import { prisma } from "@/lib/db";
import { ConflictError, ForbiddenError, ValidationError } from "@/lib/errors";
import { writeLineage, type NewLineageEntry } from "@/lib/lineage/write";
import type { FieldError } from "@/lib/api/problem";
import { readDocumentText, validateRuleDocument } from "./document";
import { forgetRuleEngine } from "./engine-cache";
import { DETECTION_RULE_SUBJECT, RULE_SET_SUBJECT } from "./subjects";
import { ruleSetItems, type RuleSetItem } from "./queries";
import type { RuleDocumentFormat, RuleInput } from "./schemas";

// Importing a seed-002 document: everything is validated first (every error named at once), then
// every rule set is written in one transaction, all or nothing. A ruleset_id the tenant already
// has is replaced: its rules are matched by rule_id (so their hit counts stay), changed, added
// or removed. Lineage per rule set and per rule; one audit entry per rule set.

export { DETECTION_RULE_SUBJECT, RULE_SET_SUBJECT } from "./subjects";

type RuleFacts = Pick<RuleInput, "event_type" | "condition" | "action"> & { severity: string | null; description: string | null; tags: string[]; enabled: boolean };

function factsOf(r: RuleInput): RuleFacts {
  return {
    event_type: r.event_type, condition: r.condition, action: r.action, severity: r.severity ?? null,
    description: r.description ?? null, tags: r.tags ?? [], enabled: r.enabled ?? true,
  };
}

function sameFacts(a: RuleFacts, b: RuleFacts): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The facts that differ, before and after: what the lineage of a change shows. */
function changedFacts(before: RuleFacts, after: RuleFacts): { before: Partial<RuleFacts>; after: Partial<RuleFacts> } {
  const keys = (Object.keys(after) as (keyof RuleFacts)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  return { before: Object.fromEntries(keys.map((k) => [k, before[k]])), after: Object.fromEntries(keys.map((k) => [k, after[k]])) };
}

export async function importRuleSets({ ctx, input }: { ctx: CallerContext; input: { text: string; format: RuleDocumentFormat } }): Promise<{ ruleSets: RuleSetItem[] }> {
  if (!roleCan(ctx.role, "admin")) throw new ForbiddenError();
  const read = readDocumentText(input.text, input.format);
  if (!read.ok) throw validationErrorOf(read.errors);
  return saveRuleDocument(ctx, read.value, { auditAction: "rule_set.import" });
}

function validationErrorOf(errors: FieldError[]): ValidationError {
  const first = errors[0];
  return new ValidationError(`${first.field}: ${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ""}`, { field: first.field, errors });
}

export interface SaveOptions {
  auditAction: Extract<AuditAction, `rule_set.${string}`>;
  /** The version of each rule set the change was made on (lib/rules/edit-rule.ts): another version is a conflict. */
  expectedVersions?: Map<string, number>;
  /** New rule sets only (the page's "New rule set"): one the tenant has is a conflict, not replaced. */
  createOnly?: boolean;
}

/**
 * The one writer of rule sets: a document value validated whole, then every rule set in it
 * written in one transaction (the import, and each edit of the Rules page as its set's document).
 */
export async function saveRuleDocument(ctx: CallerContext, value: unknown, options: SaveOptions): Promise<{ ruleSets: RuleSetItem[] }> {
  if (!roleCan(ctx.role, "admin")) throw new ForbiddenError();
  const checked = validateRuleDocument(value);
  if (!checked.ok) throw validationErrorOf(checked.errors);
  const ids: string[] = [];
  try {
    await prisma.$transaction(async (tx) => {
      const lineage: NewLineageEntry[] = [];
      for (const set of checked.document.rule_sets) {
        const existing = await tx.ruleSet.findUnique({
          where: { tenantId_rulesetId: { tenantId: ctx.tenantId, rulesetId: set.ruleset_id } },
          select: { id: true, version: true, rules: { select: { id: true, ruleId: true, eventType: true, condition: true, action: true, severity: true, description: true, tags: true, enabled: true } } },
        });
        if (existing && options.createOnly) throw new ConflictError(`There is a rule set ${set.ruleset_id} already; add the rule to it, or choose another id`);
        const expected = options.expectedVersions?.get(set.ruleset_id);
        if (expected !== undefined && existing?.version !== expected) {
          throw new ConflictError(`Rule set ${set.ruleset_id} was changed meanwhile (now version ${existing?.version ?? "deleted"}); reload it and make the change again`);
        }
        const row = existing
          ? await tx.ruleSet.update({ where: { id: existing.id }, data: { version: { increment: 1 }, updatedBy: ctx.actor, updatedAt: new Date() }, select: { id: true } })
          : await tx.ruleSet.create({ data: { tenantId: ctx.tenantId, rulesetId: set.ruleset_id, createdBy: ctx.actor, updatedBy: ctx.actor }, select: { id: true } });
        ids.push(row.id);
        const before = new Map((existing?.rules ?? []).map((r) => [r.ruleId, r]));
        const counts = { added: 0, changed: 0, unchanged: 0, removed: 0 };
        for (const [position, rule] of set.rules.entries()) {
          const facts = factsOf(rule);
          const data = {
            position, eventType: facts.event_type, condition: facts.condition, action: facts.action, severity: facts.severity,
            description: facts.description, tags: facts.tags, enabled: facts.enabled,
          };
          const old = before.get(rule.rule_id);
          before.delete(rule.rule_id);
          if (old) {
            const oldFacts: RuleFacts = {
              event_type: old.eventType, condition: old.condition, action: old.action as RuleInput["action"], severity: old.severity,
              description: old.description, tags: old.tags, enabled: old.enabled,
            };
            await tx.detectionRule.update({ where: { id: old.id }, data: { ...data, updatedAt: new Date() } });
            if (sameFacts(oldFacts, facts)) counts.unchanged++;
            else {
              counts.changed++;
              lineage.push({ subjectType: DETECTION_RULE_SUBJECT, subjectId: old.id, action: "updated", actor: ctx.actor, details: { ruleSetId: row.id, ruleId: rule.rule_id, ...changedFacts(oldFacts, facts) } });
            }
          } else {
            const created = await tx.detectionRule.create({ data: { ...data, tenantId: ctx.tenantId, ruleSetId: row.id, ruleId: rule.rule_id }, select: { id: true } });
            counts.added++;
            lineage.push({ subjectType: DETECTION_RULE_SUBJECT, subjectId: created.id, action: "created", actor: ctx.actor, details: { ruleSetId: row.id, ruleId: rule.rule_id, ...facts } });
          }
        }
        for (const gone of before.values()) {
          await tx.detectionRule.delete({ where: { id: gone.id } });
          counts.removed++;
          lineage.push({ subjectType: DETECTION_RULE_SUBJECT, subjectId: gone.id, action: "deleted", actor: ctx.actor, details: { ruleSetId: row.id, ruleId: gone.ruleId, cause: "absent from the import" } });
        }
        lineage.push({
          subjectType: RULE_SET_SUBJECT, subjectId: row.id, action: existing ? "updated" : "created", actor: ctx.actor,
          details: { rulesetId: set.ruleset_id, ruleCount: set.rules.length, ...counts },
        });
        await writeAudit(tx, auditActorOf(ctx), {
          tenantId: ctx.tenantId, action: options.auditAction, subjectType: "rule_set", subjectId: row.id, subjectLabel: set.ruleset_id,
          before: existing ? { ruleCount: existing.rules.length, version: existing.version } : null,
          after: { ruleCount: set.rules.length, ...counts },
        });
      }
      await writeLineage(tx, ctx.tenantId, lineage);
      await bumpRuleRevision(tx, ctx.tenantId);
    });
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") throw new ConflictError("A rule set of this document was imported concurrently; send it again");
    throw err;
  }
  forgetRuleEngine(ctx.tenantId);
  return { ruleSets: await ruleSetItems(ctx.tenantId, ids) };
}

/** Tells every server process that the tenant's compiled rules are stale (lib/rules/engine-cache.ts). */
export async function bumpRuleRevision(tx: { $executeRawUnsafe: (sql: string, ...values: unknown[]) => Promise<number> }, tenantId: string): Promise<void> {
  await tx.$executeRawUnsafe(
    `INSERT INTO rule_revisions (tenant_id, revision) VALUES ($1::uuid, 1) ON CONFLICT (tenant_id) DO UPDATE SET revision = rule_revisions.revision + 1`,
    tenantId,
  );
}
