import { Suspense } from "react";
import type { CallerContext } from "@/lib/auth/context";
import type { TimeRangeState } from "@/lib/events/search-params";
import { loadAgentFigures } from "@/lib/dashboard/agents";
import { loadBlockFigures } from "@/lib/dashboard/blocks";
import { loadEventSections } from "@/lib/dashboard/event-figures";
import type { ExplorerState } from "@/lib/dashboard/explorer-params";
import { spanLabel } from "@/lib/dashboard/range";
import { loadRuleFalsePositives } from "@/lib/dashboard/rule-figures";
import { loadTriageFigures } from "@/lib/dashboard/triage";
import type { DashboardWindows } from "@/lib/dashboard/types";
import { DashboardFrame } from "./dashboard-frame";
import { EventsSection } from "./events-section";
import { ExplorerSection } from "./explorer-section";
import { ResponseSection } from "./response-section";
import { SectionSkeleton } from "./section";
import { TriageSection } from "./triage-section";

const utc = (iso: string) => iso.slice(0, 16).replace("T", " ");

/**
 * The dashboard: every section's queries start at once. The events section is part of the first
 * paint; the others stream in when their own figures are ready (a skeleton until then).
 */
export function DashboardPage({ ctx, range, windows, explorer }: { ctx: CallerContext; range: TimeRangeState; windows: DashboardWindows; explorer: ExplorerState }) {
  const input = { ctx, windows };
  // The explorer's tree comes from the events section's statement (one read of the rollups).
  const sections = loadEventSections({ ctx, windows, explorer });
  const events = sections.then((x) => x.figures);
  const tree = sections.then((x) => x.tree);
  const triage = loadTriageFigures(input);
  const blocks = loadBlockFigures(input);
  const agents = loadAgentFigures(input);
  const rules = loadRuleFalsePositives(input);
  // Each promise is awaited by its section; these keep a failure from surfacing as an unhandled rejection first.
  for (const p of [sections, events, triage, blocks, agents, rules, tree]) p.catch(() => undefined);
  const w = windows.current;
  const subtitle = `${utc(w.from)} → ${utc(w.to)} UTC, compared with the ${spanLabel(w)} before`;
  return (
    <DashboardFrame range={range} window={w} title="Dashboard" subtitle={subtitle}>
      {/* In the first paint, not behind Suspense: a streamed section is revealed in React's batches, after the page's scripts. */}
      <EventsSection figures={events} windows={windows} />
      <Suspense fallback={<SectionSkeleton title="Issues and response" id="triage" />}>
        <TriageSection figures={triage} windows={windows} />
      </Suspense>
      <Suspense fallback={<SectionSkeleton title="Blocks and agents" id="response" tiles={3} cards={4} />}>
        <ResponseSection blocks={blocks} agents={agents} rules={rules} windows={windows} />
      </Suspense>
      <Suspense fallback={<SectionSkeleton title="Group-by explorer" id="explorer" tiles={0} cards={1} />}>
        <ExplorerSection tree={tree} state={explorer} window={w} tenantId={ctx.tenantId} />
      </Suspense>
    </DashboardFrame>
  );
}
