import { createHash } from "node:crypto";
import { env } from "@/lib/env";

// NEXTAUTH_SECRET signs sessions. Without one (local runs), derive a stable secret from the
// database URL so sessions survive restarts; production deployments must set their own.
export function authSecret(): string {
  const e = env();
  if (e.NEXTAUTH_SECRET) return e.NEXTAUTH_SECRET;
  return createHash("sha256").update(`vigil-local:${e.DATABASE_URL ?? "embedded"}`).digest("hex");
}
