import { Suspense } from "react";
import type { CallerContext } from "@/lib/auth/context";
import type { TimeRangeState } from "@/lib/events/search-params";
import { loadAgentFigures } from "@/lib/dashboard/agents";
import { loadBlockFigures } from "@/lib/dashboard/blocks";
import { loadEventFigures } from "@/lib/dashboard/event-figures";
import { spanLabel } from "@/lib/dashboard/range";
import { loadTriageFigures } from "@/lib/dashboard/triage";
import type { DashboardWindows } from "@/lib/dashboard/types";
import { DashboardFrame } from "./dashboard-frame";
import { EventsSection } from "./events-section";
import { ResponseSection } from "./response-section";
import { SectionSkeleton } from "./section";
import { TriageSection } from "./triage-section";

const utc = (iso: string) => iso.slice(0, 16).replace("T", " ");

/**
 * The dashboard: every section's queries start at once, and each section streams in when its
 * own figures are ready (a skeleton until then).
 */
export function DashboardPage({ ctx, range, windows }: { ctx: CallerContext; range: TimeRangeState; windows: DashboardWindows }) {
  const input = { ctx, windows };
  const events = loadEventFigures(input);
  const triage = loadTriageFigures(input);
  const blocks = loadBlockFigures(input);
  const agents = loadAgentFigures(input);
  // Each promise is awaited by its section; these keep a failure from surfacing as an unhandled rejection first.
  for (const p of [events, triage, blocks, agents]) p.catch(() => undefined);
  const w = windows.current;
  const subtitle = `${utc(w.from)} → ${utc(w.to)} UTC, compared with the ${spanLabel(w)} before`;
  return (
    <DashboardFrame range={range} window={w} title="Dashboard" subtitle={subtitle}>
      <Suspense fallback={<SectionSkeleton title="Events" id="events" />}>
        <EventsSection figures={events} windows={windows} />
      </Suspense>
      <Suspense fallback={<SectionSkeleton title="Issues and response" id="triage" />}>
        <TriageSection figures={triage} windows={windows} />
      </Suspense>
      <Suspense fallback={<SectionSkeleton title="Blocks and agents" id="response" tiles={3} />}>
        <ResponseSection blocks={blocks} agents={agents} windows={windows} />
      </Suspense>
      {/*
        SLOT — group-by explorer (issue 13, section 2): pick up to three fields, see the tree as a
        nested table and a treemap. It needs POST /api/v1/events/stats (issue 13, section 1), built
        separately; render it here, over `windows.current`, once that API exists.
      */}
    </DashboardFrame>
  );
}
