"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createAgentToken, createApiKey, revokeCredential } from "@/lib/admin/accounts";
import { resetPassword } from "@/lib/admin/reset-password";
import { ResetPasswordInput } from "@/lib/admin/schemas";
import { TenantSettingsInput, updateTenantSettings } from "@/lib/admin/tenant-settings";
import { auditActorOf } from "@/lib/audit/write";
import { authAction } from "@/lib/auth/action";
import { ROLES } from "@/lib/auth/roles";
import { pgText } from "@/lib/events/pg-limits";

// The panel shows the message alone, so it names the field.
const Name = pgText(z.string(), "the name must not contain a NUL character")
  .trim()
  .min(1, "a name is required")
  .max(200);

export async function createAgentTokenAction(raw: unknown) {
  return authAction("app/(console)/admin/actions.ts#createAgentTokenAction", z.object({ name: Name }), async ({ ctx, user, input }) => {
    const token = await createAgentToken({ tenant: user.active.slug, name: input.name }, auditActorOf(ctx));
    revalidatePath("/admin");
    return { name: token.name, secret: token.secret };
  })(raw);
}

export async function createApiKeyAction(raw: unknown) {
  return authAction("app/(console)/admin/actions.ts#createApiKeyAction", z.object({ name: Name, role: z.enum(ROLES) }), async ({ ctx, user, input }) => {
    const key = await createApiKey({ tenant: user.active.slug, role: input.role, name: input.name, userEmail: user.email }, auditActorOf(ctx));
    revalidatePath("/admin");
    return { name: key.name, secret: key.secret };
  })(raw);
}

export async function revokeCredentialAction(raw: unknown) {
  return authAction(
    "app/(console)/admin/actions.ts#revokeCredentialAction",
    z.object({ kind: z.enum(["api-key", "agent-token"]), id: z.string().uuid() }),
    async ({ ctx, input }) => {
      await revokeCredential(input.kind, ctx.tenantId, input.id, auditActorOf(ctx));
      revalidatePath("/admin");
      return { id: input.id };
    },
  )(raw);
}

export async function updateTenantSettingsAction(raw: unknown) {
  return authAction("app/(console)/admin/actions.ts#updateTenantSettingsAction", TenantSettingsInput, async ({ ctx, input }) => {
    const settings = await updateTenantSettings({ ctx, input });
    revalidatePath("/admin");
    return settings;
  })(raw);
}

export async function resetPasswordAction(raw: unknown) {
  return authAction("app/(console)/admin/actions.ts#resetPasswordAction", ResetPasswordInput, async ({ ctx, input }) => {
    const reset = await resetPassword({ ctx, input });
    revalidatePath("/admin");
    return reset;
  })(raw);
}
