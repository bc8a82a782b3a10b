import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page-auth";
import { contextOf } from "@/lib/auth/session";
import { getIngestOverview } from "@/lib/events/overview";
import { NotBuilt } from "@/components/ui/not-built";
import { IngestOverviewTable } from "@/components/events/ingest-overview";

export const metadata: Metadata = { title: "Events" };

export default async function EventsPage() {
  const user = await requirePageUser();
  const overview = await getIngestOverview({ ctx: contextOf(user) });
  return (
    <NotBuilt
      title="Events"
      description="Search with facets, the time histogram and the results table arrive with the event-search issue. Until then, this is what the tenant received over the last 24 hours."
    >
      <IngestOverviewTable overview={overview} />
    </NotBuilt>
  );
}
