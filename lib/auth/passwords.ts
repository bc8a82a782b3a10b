import { randomBytes } from "node:crypto";
import { dictionary } from "@zxcvbn-ts/language-common";
import bcrypt from "bcryptjs";
import { z } from "zod";
import { env } from "@/lib/env";
import { PASSWORD_MAX_BYTES, PASSWORD_MIN_LENGTH } from "./password-rules";

// Passwords: the one schema for a new one, and how they are hashed. Every place that sets a
// password (the CLI, an admin's reset, a user's own change) parses it with NewPassword.

/**
 * bcrypt's work factor: 2^12 rounds, about 0.26 s per hash or check with bcryptjs on our
 * machines (docs/security.md). A hash of a lower cost is redone at the next sign-in.
 */
export const BCRYPT_COST = 12;

/** The cost of new hashes: BCRYPT_COST, unless VIGIL_BCRYPT_COST says otherwise (the tests lower it). */
export function bcryptCost(): number {
  return env().VIGIL_BCRYPT_COST ?? BCRYPT_COST;
}

// 49,233 passwords seen most often in breaches (zxcvbn-ts's list, lower case; MIT), loaded on first use.
let common: Set<string> | null = null;

/** A commonly used password, also when only its case or a run of digits and symbols at the end differ ("Password123456!"). */
export function isCommonPassword(password: string): boolean {
  common ??= new Set(dictionary["passwords-common"]);
  const lower = password.toLowerCase();
  const stem = lower.replace(/[\p{N}\p{P}\p{S}\s]+$/u, "");
  return common.has(lower) || (stem.length > 0 && common.has(stem));
}

const codePoints = (s: string) => [...s].length;

// Each rule stops the checks (abort), so a form shows the first one a password breaks.
export const NewPassword = z
  .string({ error: "a password is required" })
  .refine((s) => codePoints(s) >= PASSWORD_MIN_LENGTH, { message: `use at least ${PASSWORD_MIN_LENGTH} characters`, abort: true })
  .refine((s) => Buffer.byteLength(s, "utf8") <= PASSWORD_MAX_BYTES, { message: `use at most ${PASSWORD_MAX_BYTES} bytes: bcrypt would ignore the rest`, abort: true })
  .refine((s) => !s.includes("\u0000"), { message: "must not contain a NUL character", abort: true })
  .refine((s) => new Set(s).size >= 5, { message: "too repetitive: use more different characters", abort: true })
  .refine((s) => !isCommonPassword(s), { message: "this is a commonly used password: choose another", abort: true });

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, bcryptCost());
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

/** A hash made with a lower cost than today's: rehashed when its password is next proven. */
export function needsRehash(hash: string): boolean {
  try {
    return bcrypt.getRounds(hash) < bcryptCost();
  } catch {
    return false;
  }
}

// Checked against when the email is unknown, so that answer takes as long as a wrong password.
let dummyHash: Promise<string> | null = null;

/** Spends a password check's time on nothing: an unknown account answers no faster than a known one. */
export async function verifyNothing(password: string): Promise<void> {
  dummyHash ??= bcrypt.hash(randomBytes(16).toString("hex"), bcryptCost());
  await bcrypt.compare(password, await dummyHash);
}

/** A temporary password an admin hands over: 16 characters without look-alikes, in groups of four (≈ 92 bits). */
export function temporaryPassword(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
  const chars: string[] = [];
  // Rejection sampling keeps every character equally likely.
  while (chars.length < 16) {
    for (const b of randomBytes(32)) {
      if (b < 256 - (256 % alphabet.length) && chars.length < 16) chars.push(alphabet[b % alphabet.length]);
    }
  }
  return chars.join("").replace(/(.{4})(?=.)/g, "$1-");
}

export const ChangePasswordInput = z
  .object({
    currentPassword: z.string().min(1, "enter your current password").max(1024),
    newPassword: NewPassword,
    confirmation: z.string(),
  })
  .refine((v) => v.confirmation === v.newPassword, { message: "does not match the new password", path: ["confirmation"] })
  .refine((v) => v.newPassword !== v.currentPassword, { message: "choose a password other than the current one", path: ["newPassword"] });
export type ChangePasswordInput = z.infer<typeof ChangePasswordInput>;
