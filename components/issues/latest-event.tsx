import Link from "next/link";
import { DnsChainView } from "@/components/dns-chain/dns-chain";
import { Section } from "@/components/event-detail/section";
import { ProcessTreeView } from "@/components/process-tree/process-tree";
import type { DnsChain } from "@/lib/events/dns-chain";
import type { ProcessTree } from "@/lib/events/build-process-tree";

export interface LatestEventView {
  id: string;
  tree: ProcessTree;
  chain: DnsChain;
}

/** Who ran what and where it connected, for the most recent event. */
export function LatestEvent({ latest }: { latest: LatestEventView }) {
  const open = (
    <Link href={`/events/${encodeURIComponent(latest.id)}`} className="text-xs text-emerald-700 hover:underline dark:text-emerald-400">
      Open event #{latest.id}
    </Link>
  );
  return (
    <>
      <Section title="Process tree of the latest event" id="process-tree" actions={open}>
        <ProcessTreeView tree={latest.tree} back={null} />
      </Section>
      {latest.chain.applicable && (
        <Section title="Destination of the latest event" id="dns-chain">
          <DnsChainView chain={latest.chain} />
        </Section>
      )}
    </>
  );
}
