import type { Metadata } from "next";
import { Suspense } from "react";
import { requirePageUser } from "@/lib/auth/page-auth";
import { roleCan } from "@/lib/auth/roles";
import { contextOf } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { DEFAULT_FACETS } from "@/lib/events/fields";
import { aggregatesRequest, parseSearchParams, rowsPageRequest, searchKey } from "@/lib/events/search-params";
import { searchEvents } from "@/lib/events/search";
import { EventsView } from "@/components/events/events-view";
import type { InitialResults } from "@/components/events/use-event-search";

export const metadata: Metadata = { title: "Events" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function EventsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePageUser();
  const ctx = contextOf(user);
  const state = parseSearchParams(await searchParams);
  // The first page's rows are rendered with the HTML; its total, facets and histogram follow in
  // the same response when the server has them (streamed: a slow count, free text over 30 days,
  // never holds the rows back, and the browser does not ask for it again). A search the engine
  // refuses is left to the browser, which shows the API's problem detail.
  let initial: InitialResults | null = null;
  try {
    const page = await searchEvents({ ctx, input: rowsPageRequest(state) });
    const aggregates = searchEvents({ ctx, input: aggregatesRequest(state, page, DEFAULT_FACETS) }).catch(() => null);
    initial = { key: searchKey(state), page, aggregates };
  } catch (err) {
    if (!(err instanceof AppError)) console.error("events page: first search failed", err);
  }
  return (
    <Suspense>
      <EventsView tenantId={ctx.tenantId} canAssess={roleCan(ctx.role, "triage")} initial={initial} />
    </Suspense>
  );
}
