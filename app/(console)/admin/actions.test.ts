import { beforeEach, describe, expect, it, vi } from "vitest";
import { createAgentToken, createApiKey, revokeCredential } from "@/lib/admin/accounts";
import { updateTenantSettings } from "@/lib/admin/tenant-settings";
import { currentUser } from "@/lib/auth/session";
import { createAgentTokenAction, createApiKeyAction, revokeCredentialAction, updateTenantSettingsAction } from "./actions";

// The action's own validation, with the session and the account writes stubbed out.
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-forwarded-for": "203.0.113.9, 10.0.0.1", "user-agent": "vitest" }),
  cookies: async () => new Map(),
}));
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

vi.mock("@/lib/admin/tenant-settings", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/admin/tenant-settings")>()),
  updateTenantSettings: vi.fn(async ({ input }: { input: { groupingWindowMinutes?: number; retentionDays?: number } }) => input),
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

  it("create a credential under the trimmed name, audited as the signed-in admin from the request's address", async () => {
    expect(await createAgentTokenAction({ name: "  node-1 " })).toEqual({ ok: true, data: { name: "node-1", secret: "vat_secret" } });
    const by = { actor: "user:admin@acme.test", userId: "u-1", via: "web", address: "203.0.113.9", userAgent: "vitest" };
    expect(createAgentToken).toHaveBeenCalledWith({ tenant: "acme", name: "node-1" }, by);
    await createApiKeyAction({ name: "ci", role: "analyst" });
    expect(createApiKey).toHaveBeenCalledWith({ tenant: "acme", role: "analyst", name: "ci", userEmail: "admin@acme.test" }, by);
    await revokeCredentialAction({ kind: "api-key", id: "00000000-0000-4000-8000-000000000001" });
    expect(revokeCredential).toHaveBeenCalledWith("api-key", "t-1", "00000000-0000-4000-8000-000000000001", by);
  });
});

describe("tenant settings action", () => {
  it("saves a grouping window of whole minutes between 1 minute and 30 days", async () => {
    expect(await updateTenantSettingsAction({ groupingWindowMinutes: 90 })).toEqual({ ok: true, data: { groupingWindowMinutes: 90 } });
    for (const bad of [0, 43_201, 1.5, "soon"]) {
      const res = await updateTenantSettingsAction({ groupingWindowMinutes: bad });
      expect(res).toMatchObject({ ok: false, fieldErrors: { groupingWindowMinutes: expect.any(String) } });
    }
    expect(updateTenantSettings).toHaveBeenCalledTimes(1);
  });

  it("saves a retention of whole days up to the server's maximum, naming the field otherwise", async () => {
    expect(await updateTenantSettingsAction({ retentionDays: 30 })).toEqual({ ok: true, data: { retentionDays: 30 } });
    expect(await updateTenantSettingsAction({ retentionDays: 365 })).toEqual({ ok: true, data: { retentionDays: 365 } });
    for (const bad of [0, 366, 1.5, "soon"]) {
      const res = await updateTenantSettingsAction({ retentionDays: bad });
      expect(res).toMatchObject({ ok: false, fieldErrors: { retentionDays: expect.any(String) } });
    }
    vi.stubEnv("VIGIL_RETENTION_MAX_DAYS", "30");
    try {
      expect(await updateTenantSettingsAction({ retentionDays: 31 })).toMatchObject({ ok: false, fieldErrors: { retentionDays: "at most 30 days (this server's VIGIL_RETENTION_MAX_DAYS)" } });
    } finally {
      vi.unstubAllEnvs();
    }
    expect(await updateTenantSettingsAction({})).toMatchObject({ ok: false });
    expect(updateTenantSettings).toHaveBeenCalledTimes(2);
  });

  it("is refused to analysts and managers", async () => {
    for (const role of ["analyst", "manager"] as const) {
      const active = { tenantId: "t-1", slug: "acme", name: "Acme", role };
      vi.mocked(currentUser).mockResolvedValueOnce({ id: "u-2", email: "x@acme.test", name: "X", memberships: [active], active });
      expect(await updateTenantSettingsAction({ groupingWindowMinutes: 90 })).toMatchObject({ ok: false });
    }
    expect(updateTenantSettings).not.toHaveBeenCalled();
  });
});
