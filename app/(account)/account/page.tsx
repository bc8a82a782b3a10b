import type { Metadata } from "next";
import { requireAccountPageUser } from "@/lib/auth/page-auth";
import { AccountPage } from "@/components/account/account-page";

export const metadata: Metadata = { title: "Account" };

export default async function Page() {
  const { user, mustChangePassword } = await requireAccountPageUser();
  return (
    <AccountPage
      user={{ name: user.name, email: user.email }}
      memberships={user.memberships.map((m) => ({ name: m.name, role: m.role }))}
      mustChangePassword={mustChangePassword}
    />
  );
}
