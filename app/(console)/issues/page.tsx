import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Suspense } from "react";
import { requirePageUser } from "@/lib/auth/page-auth";
import { roleCan } from "@/lib/auth/roles";
import { contextOf } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { listAssignableMembers, listIssues } from "@/lib/issues/queries";
import { issueSearchToParams, parseIssueSearchParams } from "@/lib/issues/search-params";
import { IssuesView } from "@/components/issues/issues-view";
import { DEFAULT_STATUSES, QUEUE_PAGE_SIZE, queueQuery, withoutPaging } from "@/components/issues/queue-url";
import type { InitialQueue } from "@/components/issues/use-issue-queue";

export const metadata: Metadata = { title: "Issues" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function IssuesPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePageUser();
  const ctx = contextOf(user);
  const raw = await searchParams;
  const state = withoutPaging(parseIssueSearchParams(raw));
  // The queue opens on unresolved issues; every other URL names its statuses (the tabs do).
  if (raw.status === undefined) redirect(`/issues?${issueSearchToParams({ ...state, status: [...DEFAULT_STATUSES] })}`);
  // The first page comes with the HTML; filters the API refuses are left to the browser, which
  // shows the problem's detail.
  const [page, members] = await Promise.all([
    listIssues({ ctx, input: { ...state, limit: QUEUE_PAGE_SIZE } }).catch((err: unknown) => {
      if (!(err instanceof AppError)) console.error("issues page: first page failed", err);
      return null;
    }),
    listAssignableMembers({ ctx }),
  ]);
  const initial: InitialQueue | null = page ? { key: queueQuery(state), page } : null;
  return (
    <Suspense>
      <IssuesView tenantId={ctx.tenantId} me={{ id: user.id, name: user.name }} canWrite={roleCan(ctx.role, "triage")} members={members} initial={initial} />
    </Suspense>
  );
}
