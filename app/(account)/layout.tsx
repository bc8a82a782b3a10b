import { requireAccountPageUser } from "@/lib/auth/page-auth";
import { AppShell } from "@/components/shell/app-shell";
import { Providers } from "@/components/shell/providers";

// The account page's own layout: unlike the console's, it also takes a user who must change their
// password after an admin's reset, and then shows no way to anywhere else.
export default async function AccountLayout({ children }: { children: React.ReactNode }) {
  const { user, mustChangePassword } = await requireAccountPageUser();
  return (
    <Providers>
      <AppShell
        user={{ name: user.name, email: user.email, role: user.active.role }}
        tenants={user.memberships.map((m) => ({ slug: m.slug, name: m.name, role: m.role }))}
        activeTenant={user.active.slug}
        passwordChangeRequired={mustChangePassword}
      >
        {children}
      </AppShell>
    </Providers>
  );
}
