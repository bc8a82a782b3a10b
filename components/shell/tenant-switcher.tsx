"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { switchTenant } from "@/app/(console)/actions";

interface Props {
  tenants: { slug: string; name: string; role: string }[];
  active: string;
}

export function TenantSwitcher({ tenants, active }: Props) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const current = tenants.find((t) => t.slug === active);
  if (tenants.length < 2) {
    return (
      <div className="text-xs text-zinc-500 dark:text-zinc-400">
        Tenant <span data-testid="active-tenant" className="font-medium text-zinc-800 dark:text-zinc-100">{current?.name ?? active}</span>
      </div>
    );
  }
  return (
    <label className="flex items-center gap-2 text-xs text-zinc-500 dark:text-zinc-400">
      Tenant
      <select
        aria-label="Tenant"
        data-testid="tenant-switcher"
        value={active}
        disabled={pending}
        onChange={(e) => {
          const slug = e.target.value;
          startTransition(async () => {
            const res = await switchTenant({ slug });
            if (res.ok) router.refresh();
          });
        }}
        className="rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm text-zinc-900 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100"
      >
        {tenants.map((t) => (
          <option key={t.slug} value={t.slug}>
            {t.name} ({t.role})
          </option>
        ))}
      </select>
    </label>
  );
}
