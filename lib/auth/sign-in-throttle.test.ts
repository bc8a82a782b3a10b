import { describe, expect, it } from "vitest";
import { recordSignInFailure, recordSignInSuccess, signInLockedFor } from "./sign-in-throttle";

// The back-off, in this process's memory (the default store).

const unique = () => `u-${Math.random().toString(36).slice(2, 10)}@example.test`;

describe("sign-in back-off", () => {
  it("lets five failures go, then locks the account for 1 s, 2 s, 4 s …", async () => {
    const email = unique();
    for (let i = 0; i < 5; i++) await recordSignInFailure(email, null);
    expect(await signInLockedFor(email, null)).toBe(0);
    await recordSignInFailure(email, null);
    expect(await signInLockedFor(email, null)).toBe(1);
    await recordSignInFailure(email, null);
    expect(await signInLockedFor(email, null)).toBe(2);
    await recordSignInFailure(email, null);
    expect(await signInLockedFor(email, null)).toBe(4);
    // The email as typed, whatever its case and spaces.
    expect(await signInLockedFor(` ${email.toUpperCase()} `, null)).toBe(4);
  });

  it("locks an address after twenty failures across accounts, and a success clears only the account", async () => {
    const address = `198.51.100.${Math.floor(Math.random() * 250)}`;
    for (let i = 0; i < 20; i++) await recordSignInFailure(unique(), address);
    expect(await signInLockedFor(unique(), address)).toBe(0);
    await recordSignInFailure(unique(), address);
    expect(await signInLockedFor(unique(), address)).toBeGreaterThanOrEqual(1);
    expect(await signInLockedFor(unique(), "203.0.113.1")).toBe(0);

    const email = unique();
    for (let i = 0; i < 5; i++) await recordSignInFailure(email, null);
    await recordSignInSuccess(email);
    await recordSignInFailure(email, null);
    expect(await signInLockedFor(email, null)).toBe(0);
  });
});
