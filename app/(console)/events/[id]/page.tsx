import type { Metadata } from "next";
import { loadOrNotFound, requirePageUser } from "@/lib/auth/page-auth";
import { roleCan } from "@/lib/auth/roles";
import { contextOf } from "@/lib/auth/session";
import { dnsChainOf } from "@/lib/events/dns-chain";
import { getEvent } from "@/lib/events/event-detail";
import { getProcessTree } from "@/lib/events/process-tree";
import { relatedSearches } from "@/lib/events/related-events";
import { listComments } from "@/lib/issues/comments";
import { getEventAssessment } from "@/lib/issues/queries";
import { getEventLineage } from "@/lib/lineage/queries";
import { getPolicyVerdict } from "@/lib/policies/verdict";
import { EventDetailPage } from "@/components/event-detail/event-detail-page";
import { backParam } from "@/components/event-detail/links";

interface Props {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Event ${(await params).id}` };
}

export default async function EventRoute({ params, searchParams }: Props) {
  const user = await requirePageUser();
  const ctx = contextOf(user);
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const [event, tree, lineage, assessment, comments, policy] = await loadOrNotFound(
    Promise.all([
      getEvent({ ctx, input: { id } }),
      getProcessTree({ ctx, input: { id } }),
      getEventLineage({ ctx, input: { id } }),
      getEventAssessment({ ctx, input: { id } }),
      listComments({ ctx, input: { subjectType: "event", subjectId: id } }),
      getPolicyVerdict({ ctx, input: { id } }),
    ]),
  );
  const related = relatedSearches({
    occurredAt: event.occurredAt,
    agentName: event.agent?.name ?? null,
    processPid: event.processPid,
    processExe: event.processExe,
    domain: event.domain,
    remoteAddress: event.remoteAddress,
    filePath: event.filePath,
  });
  return (
    <EventDetailPage
      tenantId={ctx.tenantId}
      event={event}
      tree={tree}
      chain={dnsChainOf(event)}
      lineage={lineage}
      related={related}
      back={backParam(query.back)}
      assessment={assessment}
      comments={comments}
      canWrite={roleCan(ctx.role, "triage")}
      policy={policy}
    />
  );
}
