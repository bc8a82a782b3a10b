import { describe, expect, it } from "vitest";
import { cookieHoldsPrimary } from "./replica";

// The read-your-writes cookie holds its expiry in epoch ms; anything else reads the replica.
describe("cookieHoldsPrimary", () => {
  const now = 1_765_000_000_000;
  it("holds until the expiry it names", () => {
    expect(cookieHoldsPrimary(String(now + 1), now)).toBe(true);
    expect(cookieHoldsPrimary(String(now), now)).toBe(false);
    expect(cookieHoldsPrimary(String(now - 15_000), now)).toBe(false);
  });
  it("ignores a missing or malformed value", () => {
    for (const v of [undefined, "", "soon", "-1", "1e99", `${now + 1}x`, "9".repeat(20)]) expect(cookieHoldsPrimary(v, now)).toBe(false);
  });
});
