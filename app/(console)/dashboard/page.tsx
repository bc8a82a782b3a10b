import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/auth/page-auth";
import { contextOf } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { parseExplorerParams } from "@/lib/dashboard/explorer-params";
import { parseDashboardRange, resolveWindows } from "@/lib/dashboard/range";
import { DashboardPage } from "@/components/dashboard/dashboard-page";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Dashboard" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

// Every role reads the dashboard; each lib/dashboard query checks the role and scopes to the tenant itself.
export default async function Dashboard({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePageUser();
  const ctx = contextOf(user);
  const params = await searchParams;
  const range = parseDashboardRange(params);
  let windows;
  try {
    windows = resolveWindows(range);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return (
      <>
        <PageHeader title="Dashboard" />
        <p role="alert" className="text-red-700 dark:text-red-300">
          This range cannot be shown: {err.message}. <Link href="/dashboard" className="underline">Show the last 7 days</Link>
        </p>
      </>
    );
  }
  return <DashboardPage ctx={ctx} range={range} windows={windows} explorer={parseExplorerParams(params)} />;
}
