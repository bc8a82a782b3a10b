import { describe, expect, it } from "vitest";
import { effectiveKeyRole } from "./api-key-role";

const key = { tenantId: "t1", role: "admin" as const };
const owner = (role: "admin" | "analyst" | "manager" | null, disabled = false) => ({
  disabledAt: disabled ? new Date() : null,
  memberships: role ? [{ tenantId: "t1", role }, { tenantId: "t2", role: "admin" as const }] : [{ tenantId: "t2", role: "admin" as const }],
});

describe("effectiveKeyRole", () => {
  it("keeps a tenant key's role", () => expect(effectiveKeyRole(key, null)).toBe("admin"));

  it("holds a user's key to the lower of its role and the user's role in the key's tenant", () => {
    expect(effectiveKeyRole(key, owner("admin"))).toBe("admin");
    expect(effectiveKeyRole(key, owner("analyst"))).toBe("analyst");
    expect(effectiveKeyRole({ tenantId: "t1", role: "manager" }, owner("admin"))).toBe("manager");
  });

  it("gives nothing once the user is disabled or no longer in the key's tenant (other tenants do not count)", () => {
    expect(effectiveKeyRole(key, owner("admin", true))).toBeNull();
    expect(effectiveKeyRole(key, owner(null))).toBeNull();
  });
});
