import type { DnsChain } from "@/lib/events/dns-chain";
import { networkDestinationOf } from "@/lib/events/destination";
import type { ProcessTree } from "@/lib/events/build-process-tree";
import type { EventDetail } from "@/lib/events/event-detail-types";
import type { RelatedSearch } from "@/lib/events/related-events";
import type { CommentItem, EventAssessmentView } from "@/lib/issues/types";
import type { LineagePage } from "@/lib/lineage/format-entry";
import type { PolicyVerdict } from "@/lib/policies/verdict";
import { BlockButton } from "@/components/block/block-button";
import { DnsChainView } from "@/components/dns-chain/dns-chain";
import { LineageTimeline } from "@/components/lineage/lineage-timeline";
import { Comments } from "@/components/issues/comments";
import { ProcessTreeView } from "@/components/process-tree/process-tree";
import { BackToSearch } from "./back-to-search";
import { EventFacts } from "./event-facts";
import { EventHeader } from "./event-header";
import { EventTriage } from "./event-triage";
import { FileSection } from "./file-section";
import { searchHref } from "./links";
import { RawPayload } from "./raw-payload";
import { RelatedEvents } from "./related-events";
import { Section } from "./section";

interface Props {
  tenantId: string;
  event: EventDetail;
  tree: ProcessTree;
  chain: DnsChain;
  lineage: LineagePage;
  related: RelatedSearch[];
  back: string | null;
  assessment: EventAssessmentView;
  comments: CommentItem[];
  canWrite: boolean;
  /** What Vigil's policies say now about the destination; null when no rule matches. */
  policy: PolicyVerdict | null;
}

/** One screen: who ran what (process tree), what it resolved and where it connected (DNS chain), and what changed. */
export function EventDetailPage({ tenantId, event, tree, chain, lineage, related, back, assessment, comments, canWrite, policy }: Props) {
  const destination = networkDestinationOf({ domain: event.domain, dnsNames: event.dnsNames, remoteAddress: event.remoteAddress, remoteName: event.remoteName });
  const block = (label: string) =>
    canWrite && destination ? (
      <BlockButton tenantId={tenantId} subject={{ kind: "event", id: event.id }} destination={destination}>
        {label}
      </BlockButton>
    ) : null;
  return (
    <div className="mx-auto max-w-[1600px] space-y-4">
      <nav aria-label="Breadcrumb" className="-ml-2">
        <BackToSearch href={searchHref(back)} />
      </nav>
      <EventHeader event={event} verdict={chain.verdict} policy={policy} actions={block("Block…")} />
      <div className="grid gap-4 xl:grid-cols-[minmax(0,1fr)_24rem]">
        <div className="min-w-0 space-y-4">
          <Section title="Process tree" id="process-tree">
            <ProcessTreeView tree={tree} back={back} />
          </Section>
          {chain.applicable && (
            <Section title="Destination" id="dns-chain" actions={block("Block destination…")}>
              <DnsChainView chain={chain} policy={destination ? policy : undefined} />
            </Section>
          )}
          <FileSection event={event} />
          <Section title="Raw payload" id="raw-payload">
            {event.payload ? (
              <RawPayload tenantId={tenantId} eventId={event.id} format={event.payload.format} bytes={event.payload.bytes} />
            ) : (
              <p className="text-zinc-500 dark:text-zinc-400">No raw payload is stored for this event.</p>
            )}
          </Section>
        </div>
        <div className="min-w-0 space-y-4">
          <EventTriage tenantId={tenantId} eventId={event.id} eventSeverity={event.severity} initial={assessment} canWrite={canWrite} />
          <Section title="Details" id="details">
            <EventFacts event={event} />
          </Section>
          <Section title="Comments" id="event-comments">
            <Comments tenantId={tenantId} subject={{ type: "event", id: event.id }} initial={comments} canWrite={canWrite} />
          </Section>
          <Section title="Related events" id="related">
            <RelatedEvents searches={related} />
          </Section>
          <Section title="Lineage" id="lineage">
            <LineageTimeline
              tenantId={tenantId}
              subjectType="event"
              subjectId={event.id}
              endpoint={`/api/v1/events/${event.id}/lineage`}
              initial={lineage}
            />
          </Section>
        </div>
      </div>
    </div>
  );
}
