"use server";

import { changeOwnPassword } from "@/lib/auth/change-password";
import { authAction } from "@/lib/auth/action";
import { ChangePasswordInput } from "@/lib/auth/passwords";

export async function changeOwnPasswordAction(raw: unknown) {
  return authAction(
    "app/(account)/account/actions.ts#changeOwnPasswordAction",
    ChangePasswordInput,
    async ({ ctx, input }) => changeOwnPassword({ ctx, input }),
    { beforePasswordChange: true },
  )(raw);
}
