import "server-only";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { prisma } from "@/lib/db";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import type { Severity } from "@/lib/ingest/types";
import { writeRuleDocument } from "./document";
import { ruleFalsePositives } from "./false-positives";
import { DETECTION_RULE_SUBJECT } from "./subjects";
import type { RuleAction } from "./event-model";
import { RuleParams, RuleSetIdParams, type RuleDocumentFormat, type RuleSetDocument } from "./schemas";
import { listLineage } from "@/lib/lineage/queries";
import type { LineagePageInput } from "@/lib/lineage/schemas";
import type { LineagePage } from "@/lib/lineage/format-entry";
import { parseOrThrow } from "@/lib/events/schemas";

// Reads of rule sets, tenant-scoped: a rule set of another tenant is a 404.

export interface RuleSetItem {
  id: string;
  rulesetId: string;
  version: number;
  ruleCount: number;
  enabledCount: number;
  hits: number;
  lastHitAt: string | null;
  createdBy: string;
  updatedBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface DetectionRuleItem {
  id: string;
  ruleId: string;
  eventType: string;
  condition: string;
  action: RuleAction;
  severity: Severity | null;
  description: string | null;
  tags: string[];
  enabled: boolean;
  hits: number;
  lastHitAt: string | null;
  /** The last 14 UTC days, oldest first: a sparkline. */
  hitsByDay: { day: string; hits: number }[];
  /** Over the issues its detections joined (lib/rules/false-positives.ts). */
  triage: { issues: number; triaged: number; falsePositives: number; rate: number | null };
}

export type RuleSetDetail = RuleSetItem & { rules: DetectionRuleItem[] };

const SPARK_DAYS = 14;

function requireRead(ctx: CallerContext) {
  if (!roleCan(ctx.role, "read")) throw new ForbiddenError();
}

async function hitsOf(tenantId: string, ruleIds: string[]) {
  if (ruleIds.length === 0) return new Map<string, { hits: number; lastHitAt: Date | null; days: Map<string, number> }>();
  const since = new Date();
  since.setUTCHours(0, 0, 0, 0);
  since.setUTCDate(since.getUTCDate() - (SPARK_DAYS - 1));
  const rows = await prisma.ruleHitDay.findMany({ where: { tenantId, ruleId: { in: ruleIds } }, select: { ruleId: true, day: true, hits: true, lastHitAt: true } });
  const out = new Map<string, { hits: number; lastHitAt: Date | null; days: Map<string, number> }>();
  for (const r of rows) {
    const acc = out.get(r.ruleId) ?? { hits: 0, lastHitAt: null, days: new Map<string, number>() };
    acc.hits += Number(r.hits);
    if (!acc.lastHitAt || r.lastHitAt > acc.lastHitAt) acc.lastHitAt = r.lastHitAt;
    if (r.day >= since) acc.days.set(r.day.toISOString().slice(0, 10), Number(r.hits));
    out.set(r.ruleId, acc);
  }
  return out;
}

function sparkDays(days: Map<string, number> | undefined): { day: string; hits: number }[] {
  const out: { day: string; hits: number }[] = [];
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() - (SPARK_DAYS - 1));
  for (let i = 0; i < SPARK_DAYS; i++) {
    const key = d.toISOString().slice(0, 10);
    out.push({ day: key, hits: days?.get(key) ?? 0 });
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}

const SET_SELECT = {
  id: true, rulesetId: true, version: true, createdBy: true, updatedBy: true, createdAt: true, updatedAt: true,
  rules: {
    select: { id: true, ruleId: true, eventType: true, condition: true, action: true, severity: true, description: true, tags: true, enabled: true },
    orderBy: { position: "asc" as const },
  },
} as const;

async function loadSets(tenantId: string, ids?: string[]): Promise<RuleSetDetail[]> {
  const sets = await prisma.ruleSet.findMany({ where: { tenantId, ...(ids ? { id: { in: ids } } : {}) }, select: SET_SELECT, orderBy: { rulesetId: "asc" } });
  const [hits, fps] = await Promise.all([hitsOf(tenantId, sets.flatMap((s) => s.rules.map((r) => r.id))), ruleFalsePositives(tenantId)]);
  const triage = new Map(fps.map((f) => [f.ruleId, { issues: f.issues, triaged: f.triaged, falsePositives: f.falsePositives, rate: f.rate }]));
  return sets.map((s) => {
    const rules: DetectionRuleItem[] = s.rules.map((r) => {
      const h = hits.get(r.id);
      return {
        id: r.id, ruleId: r.ruleId, eventType: r.eventType, condition: r.condition, action: r.action as RuleAction,
        severity: (r.severity as Severity | null) ?? null, description: r.description, tags: r.tags, enabled: r.enabled,
        hits: h?.hits ?? 0, lastHitAt: h?.lastHitAt?.toISOString() ?? null, hitsByDay: sparkDays(h?.days),
        triage: triage.get(r.id) ?? { issues: 0, triaged: 0, falsePositives: 0, rate: null },
      };
    });
    const last = rules.map((r) => r.lastHitAt).filter((t): t is string => t !== null).sort().at(-1) ?? null;
    return {
      id: s.id, rulesetId: s.rulesetId, version: s.version, ruleCount: rules.length, enabledCount: rules.filter((r) => r.enabled).length,
      hits: rules.reduce((n, r) => n + r.hits, 0), lastHitAt: last, createdBy: s.createdBy, updatedBy: s.updatedBy,
      createdAt: s.createdAt.toISOString(), updatedAt: s.updatedAt.toISOString(), rules,
    };
  });
}

function itemOf(set: RuleSetDetail): RuleSetItem {
  const item: Partial<RuleSetDetail> = { ...set };
  delete item.rules;
  return item as RuleSetItem;
}

export async function listRuleSets({ ctx }: { ctx: CallerContext }): Promise<{ ruleSets: RuleSetItem[] }> {
  requireRead(ctx);
  const sets = await loadSets(ctx.tenantId);
  return { ruleSets: sets.map(itemOf) };
}

/** Every rule set with its rules (the Rules page). */
export async function listRuleSetDetails({ ctx }: { ctx: CallerContext }): Promise<RuleSetDetail[]> {
  requireRead(ctx);
  return loadSets(ctx.tenantId);
}

/** Rule sets by id, in the tenant (for the import's answer). */
export async function ruleSetItems(tenantId: string, ids: string[]): Promise<RuleSetItem[]> {
  return (await loadSets(tenantId, ids)).map(itemOf);
}

export async function getRuleSet({ ctx, input }: { ctx: CallerContext; input: { id: string } }): Promise<RuleSetDetail> {
  requireRead(ctx);
  const { id } = parseOrThrow(RuleSetIdParams, input);
  const [set] = await loadSets(ctx.tenantId, [id]);
  if (!set) throw new NotFoundError("Rule set");
  return set;
}

/** The rule set as a seed-002 document. */
export function documentOf(set: RuleSetDetail): RuleSetDocument {
  return {
    rule_sets: [
      {
        ruleset_id: set.rulesetId,
        rules: set.rules.map((r) => ({
          rule_id: r.ruleId, event_type: r.eventType, condition: r.condition, action: r.action,
          ...(r.severity ? { severity: r.severity } : {}),
          ...(r.description !== null ? { description: r.description } : {}),
          ...(r.tags.length > 0 ? { tags: r.tags } : {}),
          ...(r.enabled ? {} : { enabled: false }),
        })),
      },
    ],
  };
}

export async function exportRuleSet({ ctx, input }: { ctx: CallerContext; input: { id: string; format: RuleDocumentFormat } }): Promise<{ text: string; filename: string; contentType: string }> {
  const set = await getRuleSet({ ctx, input: { id: input.id } });
  const text = writeRuleDocument(documentOf(set), input.format);
  const base = set.rulesetId.replace(/[^A-Za-z0-9._-]+/g, "_");
  return { text, filename: `${base}.${input.format}`, contentType: input.format === "json" ? "application/json" : "application/yaml" };
}

/** Every change to one rule (edits, enabling, retro-hunts), oldest first; a rule of another set or tenant is a 404. */
export async function getRuleLineage({ ctx, input }: { ctx: CallerContext; input: { id: string; ruleId: string } & LineagePageInput }): Promise<LineagePage> {
  requireRead(ctx);
  const { id, ruleId } = parseOrThrow(RuleParams, { id: input.id, ruleId: input.ruleId });
  const rule = await prisma.detectionRule.findFirst({ where: { id: ruleId, ruleSetId: id, tenantId: ctx.tenantId }, select: { id: true } });
  if (!rule) throw new NotFoundError("Rule");
  return listLineage({ ctx, input: { subjectType: DETECTION_RULE_SUBJECT, subjectId: rule.id, cursor: input.cursor, limit: input.limit } });
}
