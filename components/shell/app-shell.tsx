import Link from "next/link";
import type { Role } from "@/lib/auth/roles";
import { NavLinks } from "./nav-links";
import { TenantSwitcher } from "./tenant-switcher";
import { ThemeToggle } from "./theme-toggle";
import { UserMenu } from "./user-menu";

interface Props {
  user: { name: string; email: string; role: Role };
  tenants: { slug: string; name: string; role: Role }[];
  activeTenant: string;
  /** An admin reset the password: until the user picks a new one, the shell offers nowhere else to go. */
  passwordChangeRequired?: boolean;
  children: React.ReactNode;
}

export function AppShell({ user, tenants, activeTenant, passwordChangeRequired = false, children }: Props) {
  return (
    <div className="flex min-h-screen">
      <aside className="sticky top-0 flex h-screen w-52 shrink-0 flex-col border-r border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <Link href="/events" className="flex items-center gap-2 px-4 py-4">
          <span className="inline-flex h-7 w-7 items-center justify-center rounded-md bg-emerald-600 text-sm font-bold text-white">V</span>
          <span className="text-base font-semibold tracking-tight">Vigil</span>
        </Link>
        {passwordChangeRequired ? (
          <p className="px-4 text-xs text-zinc-500 dark:text-zinc-400">The console opens once you have chosen a new password.</p>
        ) : (
          <NavLinks role={user.role} />
        )}
        <div className="mt-auto border-t border-zinc-200 p-3 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
          Signed in as <span className="font-medium text-zinc-700 dark:text-zinc-200">{user.role}</span>
        </div>
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-10 flex h-12 items-center gap-3 border-b border-zinc-200 bg-white/90 px-4 backdrop-blur dark:border-zinc-800 dark:bg-zinc-900/90">
          {!passwordChangeRequired && <TenantSwitcher tenants={tenants} active={activeTenant} />}
          <div className="ml-auto flex items-center gap-2">
            <ThemeToggle />
            <UserMenu name={user.name} email={user.email} role={user.role} />
          </div>
        </header>
        <main className="min-w-0 flex-1 p-6">{children}</main>
      </div>
    </div>
  );
}
