import { beforeEach, describe, expect, it, vi } from "vitest";
import { currentUser } from "@/lib/auth/session";
import { ConflictError } from "@/lib/errors";
import { parseOrThrow } from "@/lib/events/schemas";
import { createPolicy } from "@/lib/policies/create-policy";
import { createRule } from "@/lib/policies/create-rule";
import { deletePolicy } from "@/lib/policies/delete-policy";
import { deleteRule } from "@/lib/policies/delete-rule";
import { CreateRuleInput } from "@/lib/policies/schemas";
import { updatePolicy } from "@/lib/policies/update-policy";
import { updateRule } from "@/lib/policies/update-rule";
import { createPolicyAction, createRuleAction, deletePolicyAction, deleteRulesAction, updatePolicyModeAction, updateRuleAction } from "./actions";

// The policy actions with the session and the policy operations stubbed: who may call them, and
// how the operations' errors reach the form.
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
vi.mock("@/lib/auth/session", async (importOriginal) => {
  const active = { tenantId: "t-1", slug: "acme", name: "Acme", role: "admin" as const };
  return {
    ...(await importOriginal<typeof import("@/lib/auth/session")>()),
    currentUser: vi.fn(async () => ({ id: "u-1", email: "admin@acme.test", name: "Admin", memberships: [active], active })),
  };
});
vi.mock("@/lib/policies/create-policy", () => ({ createPolicy: vi.fn(async () => ({ id: "p-1" })) }));
vi.mock("@/lib/policies/update-policy", () => ({ updatePolicy: vi.fn(async () => ({ id: "p-1" })) }));
vi.mock("@/lib/policies/delete-policy", () => ({ deletePolicy: vi.fn() }));
vi.mock("@/lib/policies/create-rule", () => ({
  // The real validation, so a bad value comes back as the operation's own ValidationError.
  createRule: vi.fn(async ({ input }: { input: Record<string, unknown> }) => {
    const { id, ...rest } = input;
    return { id: "r-1", policyId: id, ...parseOrThrow(CreateRuleInput, rest) };
  }),
}));
vi.mock("@/lib/policies/update-rule", () => ({ updateRule: vi.fn(async () => ({ id: "r-1" })) }));
vi.mock("@/lib/policies/delete-rule", () => ({ deleteRule: vi.fn() }));
// deleteRules (the real one) looks the policy up before deleting its rules.
vi.mock("@/lib/policies/internal", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/policies/internal")>()),
  requirePolicyRow: vi.fn(async () => ({ id: "p-1" })),
}));

beforeEach(() => vi.clearAllMocks());

const CALLS = [
  () => createPolicyAction({ scope: "global" }),
  () => updatePolicyModeAction({ id: "p-1", mode: "enforce", version: 1 }),
  () => deletePolicyAction({ id: "p-1", version: 1 }),
  () => createRuleAction({ policyId: "p-1", rule: { type: "domain", value: "a.com", action: "deny" } }),
  () => updateRuleAction({ policyId: "p-1", ruleId: "r-1", changes: { reason: "x", version: 1 } }),
  () => deleteRulesAction({ policyId: "p-1", rules: [{ id: "r-1", version: 1 }] }),
];
const OPERATIONS = [createPolicy, updatePolicy, deletePolicy, createRule, updateRule, deleteRule];

describe("policy actions", () => {
  it("are refused to analysts and managers before any operation runs", async () => {
    for (const role of ["analyst", "manager"] as const) {
      for (const call of CALLS) {
        const active = { tenantId: "t-1", slug: "acme", name: "Acme", role };
        vi.mocked(currentUser).mockResolvedValueOnce({ id: "u-2", email: "x@acme.test", name: "X", memberships: [active], active });
        expect(await call()).toMatchObject({ ok: false, status: 403 });
      }
    }
    for (const op of OPERATIONS) expect(op).not.toHaveBeenCalled();
  });

  it("are refused without a session", async () => {
    vi.mocked(currentUser).mockResolvedValueOnce(null);
    expect(await createPolicyAction({ scope: "global" })).toMatchObject({ ok: false, status: 401 });
    expect(createPolicy).not.toHaveBeenCalled();
  });

  it("run for admins, the policy id taking precedence over the form's", async () => {
    for (const call of CALLS) expect(await call()).toMatchObject({ ok: true });
    expect(createRule).toHaveBeenCalledWith(expect.objectContaining({ input: expect.objectContaining({ id: "p-1", type: "domain" }) }));
    expect(await createRuleAction({ policyId: "p-2", rule: { id: "other", type: "ip", value: "10.0.0.1", action: "allow" } })).toMatchObject({ ok: true, data: { policyId: "p-2" } });
  });

  it("put the operation's validation error next to its field", async () => {
    const res = await createRuleAction({ policyId: "p-1", rule: { type: "cidr", value: "10.0.0.0/33", action: "deny" } });
    expect(res).toEqual({ ok: false, status: 400, error: "value: an IPv4 prefix length is 0-32, not 33", fieldErrors: { value: "an IPv4 prefix length is 0-32, not 33" } });
  });

  it("answer a stale version with a 409 and the row as it is now", async () => {
    vi.mocked(updatePolicy).mockRejectedValueOnce(new ConflictError("Network policy p-1 was changed by someone else", { current: { id: "p-1", version: 3 } }));
    expect(await updatePolicyModeAction({ id: "p-1", mode: "log", version: 2 })).toEqual({
      ok: false,
      status: 409,
      error: "Network policy p-1 was changed by someone else",
      details: { current: { id: "p-1", version: 3 } },
    });
  });

  it("delete the rules they can and name the ones that changed meanwhile", async () => {
    vi.mocked(deleteRule).mockResolvedValueOnce().mockRejectedValueOnce(new ConflictError("Rule r-2 was changed by someone else"));
    const res = await deleteRulesAction({ policyId: "p-1", rules: [{ id: "r-1", version: 1 }, { id: "r-2", version: 1 }] });
    expect(res).toEqual({ ok: true, data: { deleted: ["r-1"], failed: [{ id: "r-2", error: "Rule r-2 was changed by someone else" }] } });
  });
});
