import { z } from "zod";
import { NewPassword } from "@/lib/auth/passwords";
import { ROLES } from "@/lib/auth/roles";

export const TenantSlug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "use 1–63 lowercase letters, digits and dashes");

export const CreateTenantInput = z.object({ slug: TenantSlug, name: z.string().trim().min(1).max(200).optional() });
export type CreateTenantInput = z.infer<typeof CreateTenantInput>;

export const CreateUserInput = z.object({
  email: z.string().trim().toLowerCase().email(),
  password: NewPassword,
  name: z.string().trim().min(1).max(200).optional(),
  tenant: TenantSlug,
  role: z.enum(ROLES),
});
export type CreateUserInput = z.infer<typeof CreateUserInput>;

export const CreateApiKeyInput = z.object({
  tenant: TenantSlug,
  role: z.enum(ROLES),
  name: z.string().trim().min(1).max(200).default("api key"),
  userEmail: z.string().trim().toLowerCase().email().optional(),
});
export type CreateApiKeyInput = z.infer<typeof CreateApiKeyInput>;

export const CreateAgentTokenInput = z.object({ tenant: TenantSlug, name: z.string().trim().min(1).max(200).default("agent") });
export type CreateAgentTokenInput = z.infer<typeof CreateAgentTokenInput>;

/** An admin's reset of a member's password: Vigil picks the temporary one. */
export const ResetPasswordInput = z.object({ userId: z.string().uuid("not a user id") });
export type ResetPasswordInput = z.infer<typeof ResetPasswordInput>;
