import "server-only";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { ForbiddenError } from "@/lib/errors";
import { fieldByName, SEVERITY_ORDER } from "@/lib/events/fields";
import { searchEvents } from "@/lib/events/search";
import type { FacetValue, HistogramInterval, SearchResponse, Severity } from "@/lib/events/types";
import { TOP_FIELDS, type DashboardWindows, type EventFigures, type Figure, type TopField, type TopItem } from "./types";

// The event figures come from the search engine's aggregation (facets, histogram and total over
// the hourly and daily rollups, raw events at the edges): exact, and the same counts the Events
// page shows behind every drill-down.

/** The search API's largest facet list: enough to count active agents and to find last period's counts. */
const FACET_LIMIT = 100;
export const TOP_N = 10;

/**
 * Destinations are counted by the `destination` facet (the original domain, else the remote IP)
 * where the rollups carry it, else by domain.
 */
export const DESTINATION_FACET: "destination" | "domain" = fieldByName("destination")?.facet ? "destination" : "domain";
const facetOf = (field: TopField): string => (field === "destination" ? DESTINATION_FACET : field);

export async function loadEventFigures({ ctx, windows }: { ctx: CallerContext; windows: DashboardWindows }): Promise<EventFigures> {
  if (!roleCan(ctx.role, "read")) throw new ForbiddenError();
  const facets = ["severity", "kind", ...TOP_FIELDS.map(facetOf)];
  const detectionInterval: HistogramInterval | "auto" = windows.bucket === "1d" ? "1d" : "auto";
  const [current, previous, detections] = await Promise.all([
    searchEvents({ ctx, input: { ...windows.current, limit: 1, facets, facetLimit: FACET_LIMIT, histogram: { interval: "auto" } } }),
    searchEvents({ ctx, input: { ...windows.previous, limit: 1, facets, facetLimit: FACET_LIMIT } }),
    searchEvents({
      ctx,
      input: { ...windows.current, limit: 1, filters: [{ field: "kind", values: ["detections"] }], histogram: { interval: detectionInterval } },
    }),
  ]);
  return shapeEventFigures(current, previous, detections);
}

function countOf(values: FacetValue[] | undefined, value: string): number {
  return values?.find((v) => v.value === value)?.count ?? 0;
}

/** The previous count of a value: 0 when the previous list was complete and lacks it, unknown when it was cut. */
export function previousCount(previous: FacetValue[] | undefined, value: string): number | null {
  const found = previous?.find((v) => v.value === value);
  if (found) return found.count;
  return (previous?.length ?? 0) < FACET_LIMIT ? 0 : null;
}

export function shapeEventFigures(current: SearchResponse, previous: SearchResponse, detections: SearchResponse): EventFigures {
  const fig = (c: number, p: number): Figure => ({ current: c, previous: p });
  const bySeverity = Object.fromEntries(
    SEVERITY_ORDER.map((s) => [s, fig(countOf(current.facets.severity, s), countOf(previous.facets.severity, s))]),
  ) as Record<Severity, Figure>;
  const top = Object.fromEntries(
    TOP_FIELDS.map((field) => [
      field,
      (current.facets[facetOf(field)] ?? []).slice(0, TOP_N).map((v): TopItem => ({ value: v.value, count: v.count, previous: previousCount(previous.facets[facetOf(field)], v.value) })),
    ]),
  ) as Record<TopField, TopItem[]>;
  const agents = current.facets.agent ?? [];
  return {
    total: fig(current.total, previous.total),
    detections: fig(countOf(current.facets.kind, "detections"), countOf(previous.facets.kind, "detections")),
    bySeverity,
    histogram: current.histogram,
    histogramInterval: current.interval,
    detectionSeries: detections.histogram.map((b) => ({ t: b.t, count: b.count })),
    detectionInterval: detections.interval,
    top,
    destinationField: DESTINATION_FACET,
    activeAgents: { current: agents.length, previous: (previous.facets.agent ?? []).length, capped: agents.length >= FACET_LIMIT },
  };
}
