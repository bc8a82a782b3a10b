"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authAction } from "@/lib/auth/action";
import { deleteRuleSet } from "@/lib/rules/delete-rule-set";
import { addRule, deleteRule, updateRule } from "@/lib/rules/edit-rule";
import { importRuleSets, saveRuleDocument } from "@/lib/rules/import-rule-sets";
import { cancelRetroHunt, listRetroHunts, startRetroHunt } from "@/lib/rules/retro-hunt";
import { RULE_DOCUMENT_FORMATS } from "@/lib/rules/schemas";
import { testRule } from "@/lib/rules/test-rule";

// The Rules page's writes and its draft tests. Each checks its row of the access table, then hands
// the form's fields to one lib/rules operation, which validates them and names a bad field.

const Id = z.string().min(1).max(100);
/** The form's fields as typed: lib/rules/schemas.ts validates them. */
const Fields = z.record(z.string(), z.unknown());

function refresh() {
  revalidatePath("/rules", "layout");
}

export async function importRuleSetsAction(raw: unknown) {
  return authAction("app/(console)/rules/actions.ts#importRuleSetsAction", z.object({ text: z.string().max(1024 * 1024, "at most 1 MiB"), format: z.enum(RULE_DOCUMENT_FORMATS) }), async ({ ctx, input }) => {
    const result = await importRuleSets({ ctx, input });
    refresh();
    return result;
  })(raw);
}

/** A new rule set with its first rule. */
export async function createRuleSetAction(raw: unknown) {
  return authAction("app/(console)/rules/actions.ts#createRuleSetAction", z.object({ rulesetId: z.string().max(200), rule: Fields }), async ({ ctx, input }) => {
    const result = await saveRuleDocument(ctx, { rule_sets: [{ ruleset_id: input.rulesetId, rules: [input.rule] }] }, { auditAction: "rule_set.import", createOnly: true });
    refresh();
    return result.ruleSets[0];
  })(raw);
}

export async function addRuleAction(raw: unknown) {
  return authAction("app/(console)/rules/actions.ts#addRuleAction", z.object({ setId: Id, rule: Fields }), async ({ ctx, input }) => {
    const rule = await addRule({ ctx, input: { id: input.setId, rule: input.rule } });
    refresh();
    return rule;
  })(raw);
}

export async function updateRuleAction(raw: unknown) {
  return authAction("app/(console)/rules/actions.ts#updateRuleAction", z.object({ setId: Id, ruleId: Id, changes: Fields }), async ({ ctx, input }) => {
    const rule = await updateRule({ ctx, input: { id: input.setId, ruleId: input.ruleId, changes: input.changes } });
    refresh();
    return rule;
  })(raw);
}

export async function deleteRuleAction(raw: unknown) {
  return authAction("app/(console)/rules/actions.ts#deleteRuleAction", z.object({ setId: Id, ruleId: Id, version: z.number().int() }), async ({ ctx, input }) => {
    await deleteRule({ ctx, input: { id: input.setId, ruleId: input.ruleId, version: input.version } });
    refresh();
    return { id: input.ruleId };
  })(raw);
}

export async function deleteRuleSetAction(raw: unknown) {
  return authAction("app/(console)/rules/actions.ts#deleteRuleSetAction", z.object({ setId: Id }), async ({ ctx, input }) => {
    await deleteRuleSet({ ctx, input: { id: input.setId } });
    refresh();
    return { id: input.setId };
  })(raw);
}

/** A draft run over stored events or a pasted one: nothing is saved, so readers may test too. */
export async function testRuleAction(raw: unknown) {
  return authAction("app/(console)/rules/actions.ts#testRuleAction", Fields, ({ ctx, input }) => testRule({ ctx, input }))(raw);
}

export async function startRetroHuntAction(raw: unknown) {
  return authAction("app/(console)/rules/actions.ts#startRetroHuntAction", z.object({ ruleId: Id, from: z.string().max(64), to: z.string().max(64).optional() }), async ({ ctx, input }) => {
    const hunt = await startRetroHunt({ ctx, input });
    refresh();
    return hunt;
  })(raw);
}

export async function cancelRetroHuntAction(raw: unknown) {
  return authAction("app/(console)/rules/actions.ts#cancelRetroHuntAction", z.object({ id: Id }), async ({ ctx, input }) => {
    const hunt = await cancelRetroHunt({ ctx, input });
    refresh();
    return hunt;
  })(raw);
}

/** The newest retro-hunts, for the page's progress while one runs. */
export async function listRetroHuntsAction(raw: unknown) {
  return authAction("app/(console)/rules/actions.ts#listRetroHuntsAction", z.object({ ruleId: Id.optional() }), ({ ctx, input }) => listRetroHunts({ ctx, input }))(raw);
}
