import { createHash, randomBytes } from "node:crypto";

// Machine credentials are 256-bit random secrets, so a plain SHA-256 is a sufficient hash:
// there is nothing to brute-force. Passwords use bcrypt (lib/auth/passwords.ts).

export type SecretKind = "agent" | "key";

export function newSecret(kind: SecretKind): { secret: string; prefix: string; hash: string } {
  const secret = `vgl_${kind}_${randomBytes(32).toString("base64url")}`;
  return { secret, prefix: secret.slice(0, 14), hash: hashSecret(secret) };
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
