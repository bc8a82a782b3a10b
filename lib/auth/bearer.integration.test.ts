import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createApiKey, createTenant, createUser } from "../admin/accounts";
import { getTenantAccess } from "../admin/queries";
import { prisma } from "../db";
import { withTestDatabase } from "../../test-support/test-db";
import { principalFromBearer } from "./bearer";

withTestDatabase();

async function userWithKey(memberRole: "admin" | "analyst" | "manager", keyRole: "admin" | "analyst" | "manager") {
  const tenant = await createTenant({ slug: `bearer-${randomBytes(3).toString("hex")}`, name: "Bearer" });
  const email = `key-owner-${randomBytes(3).toString("hex")}@vigil.test`;
  const user = await createUser({ email, password: "a-long-enough-password", tenant: tenant.slug, role: memberRole });
  const key = await createApiKey({ tenant: tenant.slug, role: keyRole, name: "ci", userEmail: email });
  return { tenant, user, key };
}

describe("principalFromBearer", () => {
  it("gives a user's key its own role while the user may do as much", async () => {
    const { key } = await userWithKey("admin", "analyst");
    expect(await principalFromBearer(key.secret)).toMatchObject({ kind: "apiKey", role: "analyst" });
  });

  it("lowers a user's key to the user's role once the user is demoted", async () => {
    const { tenant, user, key } = await userWithKey("admin", "admin");
    await prisma.membership.update({ where: { tenantId_userId: { tenantId: tenant.id, userId: user.id } }, data: { role: "manager" } });
    expect(await principalFromBearer(key.secret)).toMatchObject({ kind: "apiKey", role: "manager" });
    // The Admin page shows what the key is held to.
    const ctx = { tenantId: tenant.id, tenantIds: [tenant.id], role: "admin" as const, actor: "test", userId: null };
    const access = await getTenantAccess({ ctx });
    expect(access.apiKeys).toEqual([expect.objectContaining({ role: "admin", owner: user.email, actsAs: "manager" })]);
  });

  it("refuses a user's key once the user is disabled or no longer a member", async () => {
    const disabled = await userWithKey("analyst", "analyst");
    await prisma.user.update({ where: { id: disabled.user.id }, data: { disabledAt: new Date() } });
    expect(await principalFromBearer(disabled.key.secret)).toBeNull();

    const removed = await userWithKey("analyst", "analyst");
    await prisma.membership.delete({ where: { tenantId_userId: { tenantId: removed.tenant.id, userId: removed.user.id } } });
    expect(await principalFromBearer(removed.key.secret)).toBeNull();
  });

  it("will not bind a key to a user who is not a member of its tenant", async () => {
    const { user } = await userWithKey("admin", "admin");
    const elsewhere = await createTenant({ slug: `bearer-${randomBytes(3).toString("hex")}`, name: "Elsewhere" });
    await expect(createApiKey({ tenant: elsewhere.slug, role: "admin", name: "x", userEmail: user.email })).rejects.toThrow(/not a member/);
  });

  it("keeps a tenant key (no user) at its own role", async () => {
    const tenant = await createTenant({ slug: `bearer-${randomBytes(3).toString("hex")}`, name: "Bearer" });
    const key = await createApiKey({ tenant: tenant.slug, role: "admin", name: "tenant-key" });
    expect(await principalFromBearer(key.secret)).toMatchObject({ kind: "apiKey", role: "admin", userId: null });
  });
});
