import type { Metadata } from "next";
import { getTenantAccess } from "@/lib/admin/queries";
import { getTenantSettings } from "@/lib/admin/tenant-settings";
import { requirePageUser } from "@/lib/auth/page-auth";
import { roleCan } from "@/lib/auth/roles";
import { contextOf } from "@/lib/auth/session";
import { AdminPanel } from "@/components/admin/admin-panel";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  const user = await requirePageUser();
  const ctx = contextOf(user);
  if (!roleCan(ctx.role, "admin")) {
    return (
      <div className="rounded-lg border border-zinc-200 p-6 dark:border-zinc-800" data-testid="forbidden">
        Only admins of {user.active.name} can manage members and credentials.
      </div>
    );
  }
  const [access, settings] = await Promise.all([getTenantAccess({ ctx }), getTenantSettings({ ctx })]);
  return (
    <>
      <PageHeader title="Admin" subtitle={`Members, machine credentials and settings of ${user.active.name}.`} />
      <AdminPanel access={access} settings={settings} />
    </>
  );
}
