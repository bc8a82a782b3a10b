import { z } from "zod";
import { SEVERITIES } from "@/lib/ingest/types";
import { RULE_ACTIONS } from "./event-model";

// The rule-set document of seed 002, as imported and exported:
// rule_sets: [{ruleset_id, rules: [{rule_id, event_type, condition, action, severity?, description?, tags?, enabled?}]}].
// event_type is checked after the shape (lib/rules/validate.ts), so an unknown one is named as such.

const Id = z.string().trim().min(1).max(200).regex(/^[A-Za-z0-9][A-Za-z0-9._:/@-]*$/, "use letters, digits and . _ : / @ -");

export const RuleInput = z
  .object({
    rule_id: Id,
    event_type: z.string().min(1).max(100),
    condition: z.string().min(1).max(10_000),
    action: z.enum(RULE_ACTIONS, { error: "action must be collect, detect or terminate" }),
    severity: z.enum(SEVERITIES).optional(),
    description: z.string().max(2000).optional(),
    tags: z.array(z.string().min(1).max(100)).max(50).optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
export type RuleInput = z.infer<typeof RuleInput>;

export const RuleSetInput = z.object({ ruleset_id: Id, rules: z.array(RuleInput).min(1).max(500) }).strict();
export type RuleSetInput = z.infer<typeof RuleSetInput>;

export const RuleSetDocument = z.object({ rule_sets: z.array(RuleSetInput).min(1).max(100) }).strict();
export type RuleSetDocument = z.infer<typeof RuleSetDocument>;

export const RULE_DOCUMENT_FORMATS = ["yaml", "json"] as const;
export type RuleDocumentFormat = (typeof RULE_DOCUMENT_FORMATS)[number];

export const ExportRuleSetQuery = z.object({ format: z.enum(RULE_DOCUMENT_FORMATS).default("yaml") }).strict();
export type ExportRuleSetQuery = z.infer<typeof ExportRuleSetQuery>;

export const RuleSetIdParams = z.object({ id: z.uuid({ error: "not a rule set id" }) });
