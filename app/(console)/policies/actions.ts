"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authAction } from "@/lib/auth/action";
import { createPolicy } from "@/lib/policies/create-policy";
import { createRule } from "@/lib/policies/create-rule";
import { deletePolicy } from "@/lib/policies/delete-policy";
import { deleteRules } from "@/lib/policies/delete-rules";
import { updatePolicy } from "@/lib/policies/update-policy";
import { updateRule } from "@/lib/policies/update-rule";

// The policy forms' writes. Each checks the admin role, then hands the form's fields to one lib/
// operation, which validates them and names the field of a bad one (see failureOf).

const Id = z.string().min(1).max(100);
/** The form's fields as typed: lib/policies/schemas.ts validates them. */
const Fields = z.record(z.string(), z.unknown());

function refresh(policyId?: string) {
  revalidatePath("/policies");
  if (policyId) revalidatePath(`/policies/${policyId}`);
}

export async function createPolicyAction(raw: unknown) {
  return authAction("app/(console)/policies/actions.ts#createPolicyAction", Fields, async ({ ctx, input }) => {
    const policy = await createPolicy({ ctx, input });
    refresh();
    return policy;
  })(raw);
}

export async function updatePolicyModeAction(raw: unknown) {
  return authAction("app/(console)/policies/actions.ts#updatePolicyModeAction", z.object({ id: Id, mode: z.unknown(), version: z.unknown() }), async ({ ctx, input }) => {
    const policy = await updatePolicy({ ctx, input: { id: input.id, mode: input.mode, version: input.version } });
    refresh(policy.id);
    return policy;
  })(raw);
}

export async function deletePolicyAction(raw: unknown) {
  return authAction("app/(console)/policies/actions.ts#deletePolicyAction", z.object({ id: Id, version: z.number().int() }), async ({ ctx, input }) => {
    await deletePolicy({ ctx, input });
    refresh();
    return { id: input.id };
  })(raw);
}

export async function createRuleAction(raw: unknown) {
  return authAction("app/(console)/policies/actions.ts#createRuleAction", z.object({ policyId: Id, rule: Fields }), async ({ ctx, input }) => {
    const rule = await createRule({ ctx, input: { ...input.rule, id: input.policyId } });
    refresh(input.policyId);
    return rule;
  })(raw);
}

export async function updateRuleAction(raw: unknown) {
  return authAction("app/(console)/policies/actions.ts#updateRuleAction", z.object({ policyId: Id, ruleId: Id, changes: Fields }), async ({ ctx, input }) => {
    const rule = await updateRule({ ctx, input: { ...input.changes, id: input.policyId, ruleId: input.ruleId } });
    refresh(input.policyId);
    return rule;
  })(raw);
}

const DeleteRules = z.object({
  policyId: Id,
  rules: z.array(z.object({ id: Id, version: z.number().int() })).min(1, "select at least one rule").max(500, "at most 500 rules at a time"),
});

/** Deletes each selected rule on the version shown; one that changed meanwhile stays, and is named. */
export async function deleteRulesAction(raw: unknown) {
  return authAction("app/(console)/policies/actions.ts#deleteRulesAction", DeleteRules, async ({ ctx, input }) => {
    const result = await deleteRules({ ctx, input: { id: input.policyId, rules: input.rules } });
    refresh(input.policyId);
    return result;
  })(raw);
}
