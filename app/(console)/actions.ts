"use server";

import { cookies } from "next/headers";
import { z } from "zod";
import { TenantSlug } from "@/lib/admin/schemas";
import { authAction } from "@/lib/auth/action";
import { TENANT_COOKIE } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/errors";
import { requestIsHttps } from "@/lib/security/request";

export async function switchTenant(raw: unknown) {
  return authAction("app/(console)/actions.ts#switchTenant", z.object({ slug: TenantSlug }), async ({ user, input }) => {
    if (!user.memberships.some((m) => m.slug === input.slug)) throw new NotFoundError("Tenant");
    const secure = await requestIsHttps();
    (await cookies()).set(TENANT_COOKIE, input.slug, { httpOnly: true, secure, sameSite: "lax", path: "/", maxAge: 60 * 60 * 24 * 365 });
    return { slug: input.slug };
  })(raw);
}
