import { requirePageUser } from "@/lib/auth/page-auth";
import { AppShell } from "@/components/shell/app-shell";
import { Providers } from "@/components/shell/providers";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePageUser();
  return (
    <Providers>
      <AppShell
        user={{ name: user.name, email: user.email, role: user.active.role }}
        tenants={user.memberships.map((m) => ({ slug: m.slug, name: m.name, role: m.role }))}
        activeTenant={user.active.slug}
      >
        {children}
      </AppShell>
    </Providers>
  );
}
