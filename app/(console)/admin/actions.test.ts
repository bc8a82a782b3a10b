import { beforeEach, describe, expect, it, vi } from "vitest";
import { createAgentToken, createApiKey } from "@/lib/admin/accounts";
import { createAgentTokenAction, createApiKeyAction } from "./actions";

// The action's own validation, with the session and the account writes stubbed out.
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
vi.mock("@/lib/auth/session", async (importOriginal) => {
  const active = { tenantId: "t-1", slug: "acme", name: "Acme", role: "admin" as const };
  return {
    ...(await importOriginal<typeof import("@/lib/auth/session")>()),
    currentUser: vi.fn(async () => ({ id: "u-1", email: "admin@acme.test", name: "Admin", memberships: [active], active })),
  };
});
vi.mock("@/lib/admin/accounts", () => ({
  createAgentToken: vi.fn(async ({ name }: { name: string }) => ({ name, secret: "vat_secret" })),
  createApiKey: vi.fn(async ({ name }: { name: string }) => ({ name, secret: "vak_secret" })),
  revokeCredential: vi.fn(),
}));

beforeEach(() => vi.clearAllMocks());

describe("admin credential actions", () => {
  it("refuse a NUL in the name with a message naming it, before writing anything", async () => {
    const expected = { ok: false, error: "Some fields are not valid", fieldErrors: { name: "the name must not contain a NUL character" } };
    expect(await createAgentTokenAction({ name: "node\u00001" })).toEqual(expected);
    expect(await createApiKeyAction({ name: "\u0000ci", role: "analyst" })).toEqual(expected);
    expect(createAgentToken).not.toHaveBeenCalled();
    expect(createApiKey).not.toHaveBeenCalled();
  });

  it("create a credential under the trimmed name", async () => {
    expect(await createAgentTokenAction({ name: "  node-1 " })).toEqual({ ok: true, data: { name: "node-1", secret: "vat_secret" } });
    expect(createAgentToken).toHaveBeenCalledWith({ tenant: "acme", name: "node-1" });
  });
});
