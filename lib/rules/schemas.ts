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

export const RuleParams = z.object({ id: z.uuid({ error: "not a rule set id" }), ruleId: z.uuid({ error: "not a rule id" }) });

const SetVersion = z.int().positive().describe("The rule set's version the change was made on: another is a 409, so no one overwrites a change unseen");

/** A rule added to a rule set (POST /api/v1/rule-sets/{id}/rules). */
export const NewRuleInput = RuleInput.extend({ version: SetVersion.optional() }).strict();
export type NewRuleInput = z.infer<typeof NewRuleInput>;

/** A change to one rule; its rule_id stays (hits and lineage follow it). null clears severity or description. */
export const RuleChange = z
  .object({
    event_type: RuleInput.shape.event_type,
    condition: RuleInput.shape.condition,
    action: RuleInput.shape.action,
    severity: RuleInput.shape.severity.unwrap().nullable(),
    description: RuleInput.shape.description.unwrap().nullable(),
    tags: RuleInput.shape.tags.unwrap(),
    enabled: z.boolean(),
    version: SetVersion,
  })
  .partial()
  .strict()
  .refine((c) => Object.keys(c).some((k) => k !== "version"), { error: "change at least one field", path: ["body"] });
export type RuleChange = z.infer<typeof RuleChange>;

export const RuleDeleteQuery = z.object({ version: z.coerce.number().pipe(SetVersion).optional() }).strict();

export const RULE_TEST_MAX_EVENTS = 1000;

/** A draft rule run over stored events or one pasted event (POST /api/v1/rules/test); nothing is saved. */
export const RuleTestInput = z
  .object({
    event_type: RuleInput.shape.event_type,
    condition: RuleInput.shape.condition,
    limit: z.int().min(1).max(RULE_TEST_MAX_EVENTS).default(200).describe("How many of the newest stored events of the event type to test on"),
    event: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("A pasted event to test on instead: seed 002's JSON ({event_type, process, payload}) or one event of any ingest format"),
  })
  .strict();
export type RuleTestInput = z.infer<typeof RuleTestInput>;
