import { describe, expect, it } from "vitest";
import { changedFields, changesText, describeChanges, redactSecrets } from "./changes";

describe("redactSecrets", () => {
  it("drops secrets and hashes at any depth, and keeps flags about them", () => {
    expect(
      redactSecrets({ name: "ci", secret: "vgl_key_x", secretHash: "ab", password: "pw", passwordHash: "$2b", token: "t", passwordChanged: true, nested: { hash: "h", role: "admin" } }),
    ).toEqual({ name: "ci", passwordChanged: true, nested: { role: "admin" } });
    expect(redactSecrets({ secret: "x" })).toBeNull();
    expect(redactSecrets(null)).toBeNull();
  });
});

describe("changedFields", () => {
  it("keeps only the fields that changed, a missing one counting as null", () => {
    expect(changedFields({ name: "a", role: "analyst" }, { name: "a", role: "admin" })).toEqual({ before: { role: "analyst" }, after: { role: "admin" } });
    expect(changedFields({ role: null }, { role: "admin", name: "b" })).toEqual({ before: { role: null, name: null }, after: { role: "admin", name: "b" } });
    expect(changedFields({ n: 1 }, { n: 1 })).toBeNull();
  });
});

describe("describeChanges and changesText", () => {
  it("read as before → after, or the value alone for a creation", () => {
    expect(describeChanges({ role: "analyst" }, { role: "admin" })).toEqual([{ field: "role", before: "analyst", after: "admin" }]);
    expect(describeChanges(null, { name: "ci", owner: null })).toEqual([{ field: "name", after: "ci" }, { field: "owner", after: "none" }]);
    expect(changesText({ revokedAt: null }, { revokedAt: "2026-12-05T10:00:00.000Z" })).toBe("revokedAt: none → 2026-12-05 10:00:00 UTC");
    expect(changesText({ gone: 1 }, null)).toBe("gone: 1 → (removed)");
    expect(changesText(null, null)).toBe("");
    expect(describeChanges({ policyId: "p-1", reason: "a" }, { policyId: "p-1", reason: "b" })).toEqual([{ field: "reason", before: "a", after: "b" }]);
  });
});
