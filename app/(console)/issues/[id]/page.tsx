import type { Metadata } from "next";
import { loadOrNotFound, requirePageUser } from "@/lib/auth/page-auth";
import { roleCan } from "@/lib/auth/roles";
import { contextOf } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/errors";
import type { CallerContext } from "@/lib/auth/context";
import { dnsChainOf } from "@/lib/events/dns-chain";
import { getEvent } from "@/lib/events/event-detail";
import { getProcessTree } from "@/lib/events/process-tree";
import { listComments } from "@/lib/issues/comments";
import { getIssue, getIssueLineage, listAssignableMembers } from "@/lib/issues/queries";
import { backParam } from "@/components/event-detail/links";
import { IssueDetailView } from "@/components/issues/issue-detail-view";
import type { LatestEventView } from "@/components/issues/latest-event";

interface Props {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Issue ${(await params).id}` };
}

/** The latest event's process tree and destination; an event gone since is simply not shown. */
async function latestEvent(ctx: CallerContext, id: string | null): Promise<LatestEventView | null> {
  if (!id) return null;
  try {
    const [event, tree] = await Promise.all([getEvent({ ctx, input: { id } }), getProcessTree({ ctx, input: { id } })]);
    return { id, tree, chain: dnsChainOf(event) };
  } catch (err) {
    if (err instanceof NotFoundError) return null;
    throw err;
  }
}

export default async function IssueRoute({ params, searchParams }: Props) {
  const user = await requirePageUser();
  const ctx = contextOf(user);
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const issue = await loadOrNotFound(getIssue({ ctx, input: { id } }));
  const [comments, lineage, members, latest] = await Promise.all([
    listComments({ ctx, input: { subjectType: "issue", subjectId: issue.id } }),
    getIssueLineage({ ctx, input: { id: issue.id } }),
    listAssignableMembers({ ctx }),
    latestEvent(ctx, issue.latestEventId),
  ]);
  return (
    <IssueDetailView
      tenantId={ctx.tenantId}
      initial={issue}
      comments={comments}
      lineage={lineage}
      members={members}
      me={{ id: user.id, name: user.name }}
      canWrite={roleCan(ctx.role, "triage")}
      back={backParam(query.back)}
      latest={latest}
    />
  );
}
