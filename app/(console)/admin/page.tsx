import type { Metadata } from "next";
import { getTenantAccess } from "@/lib/admin/queries";
import { getTenantSettings } from "@/lib/admin/tenant-settings";
import { getAuditFacets, listAuditEntries } from "@/lib/audit/queries";
import { AUDIT_QUERY_KEYS, AuditQuery } from "@/lib/audit/schemas";
import { requirePageUser } from "@/lib/auth/page-auth";
import { roleCan } from "@/lib/auth/roles";
import { contextOf } from "@/lib/auth/session";
import { ValidationError } from "@/lib/errors";
import { getRetention } from "@/lib/retention/queries";
import { AdminPanel } from "@/components/admin/admin-panel";
import { AuditLog } from "@/components/admin/audit-log";
import { RetentionSection } from "@/components/admin/retention-section";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Admin" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function AdminPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePageUser();
  const ctx = contextOf(user);
  if (!roleCan(ctx.role, "admin")) {
    return (
      <div className="rounded-lg border border-zinc-200 p-6 dark:border-zinc-800" data-testid="forbidden">
        Only admins of {user.active.name} can manage members and credentials.
      </div>
    );
  }
  // The URL is the audit log's state; a filter that cannot apply is named on the page, which
  // then shows the whole log rather than failing.
  const raw = await searchParams;
  const asked = Object.fromEntries(
    AUDIT_QUERY_KEYS.filter((k) => k !== "format" && typeof raw[k] === "string").map((k) => [k, raw[k] as string]),
  );
  const parsed = AuditQuery.safeParse(asked);
  const query: AuditQuery = parsed.success ? parsed.data : {};
  const [access, settings, retention, choices, page] = await Promise.all([
    getTenantAccess({ ctx }),
    getTenantSettings({ ctx }),
    getRetention({ ctx }),
    getAuditFacets({ ctx }),
    listAuditEntries({ ctx, input: query }).catch((err: unknown) => {
      if (err instanceof ValidationError) return { entries: [], nextCursor: null, total: 0, error: err.message };
      throw err;
    }),
  ]);
  const problem = !parsed.success
    ? `Filter ${parsed.error.issues[0].path.join(".")}: ${parsed.error.issues[0].message}. Showing every entry.`
    : "error" in page
      ? page.error
      : null;
  return (
    <>
      <PageHeader title="Admin" subtitle={`Members, machine credentials, settings, data retention and the audit log of ${user.active.name}.`} />
      <AdminPanel access={access} settings={settings} />
      <div className="max-w-5xl">
        <RetentionSection figures={retention} />
        <AuditLog query={query} choices={choices} page={page} problem={problem} />
      </div>
    </>
  );
}
