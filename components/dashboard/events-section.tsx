import { SEVERITY_COLORS } from "@/components/charts/severity-colors";
import { SEVERITY_ORDER } from "@/lib/events/fields";
import { INTERVAL_MS } from "@/lib/events/time-range";
import { compactNumber } from "@/lib/dashboard/metrics";
import { bucketWindow, perLabel } from "@/lib/dashboard/range";
import { eventsLink } from "@/lib/dashboard/links";
import type { DashboardWindows, EventFigures, Figure, TopField } from "@/lib/dashboard/types";
import { ChartCard } from "./chart-card";
import { FigureTile } from "./figure-tile";
import { RankedList } from "./ranked-list";
import { Cards, Section, SectionError, settle, Tiles } from "./section";
import type { TableData } from "./table-data";
import { TimeBars } from "./time-bars";

const SEVERITY_SERIES = SEVERITY_ORDER.map((s) => ({ key: s, label: s, color: SEVERITY_COLORS[s] }));
const DETECTION_COLOR = "#6366f1"; // indigo-500

const TOP_CARDS: { field: TopField; title: string; column: string; hint: string; mono?: boolean; empty: string }[] = [
  { field: "type", title: "Top event types", column: "Type", hint: "Events per type", empty: "No events in this range." },
  { field: "destination", title: "Top destinations", column: "Destination", hint: "Events per destination: the domain asked for, else the address reached", mono: true, empty: "No event had a network destination in this range." },
  { field: "agent", title: "Events per agent", column: "Agent", hint: "The busiest agents", empty: "No agent sent events in this range." },
  { field: "cluster", title: "Top clusters", column: "Cluster", hint: "Events per Kubernetes cluster", empty: "No Kubernetes events in this range." },
  { field: "repository", title: "Top repositories", column: "Repository", hint: "Events per CI/CD repository", mono: true, empty: "No CI/CD events in this range." },
  { field: "workflow", title: "Top workflows", column: "Workflow", hint: "Events per CI/CD workflow", empty: "No CI/CD events in this range." },
];

const count = (f: Figure) => (f.current === null ? "—" : f.current.toLocaleString("en"));
const prev = (f: Figure) => (f.previous === null ? "—" : f.previous.toLocaleString("en"));

export async function EventsSection({ figures, windows }: { figures: Promise<EventFigures>; windows: DashboardWindows }) {
  const result = await settle(figures);
  if (!result.ok) return <SectionError title="Events" id="events" error={result.error} />;
  const f = result.value;
  const w = windows.current;
  const severe: Figure = {
    current: (f.bySeverity.high.current ?? 0) + (f.bySeverity.critical.current ?? 0),
    previous: (f.bySeverity.high.previous ?? 0) + (f.bySeverity.critical.previous ?? 0),
  };
  const step = f.histogramInterval ? INTERVAL_MS[f.histogramInterval] : INTERVAL_MS["1d"];
  const detStep = f.detectionInterval ? INTERVAL_MS[f.detectionInterval] : INTERVAL_MS["1d"];
  const histogram = f.histogram.map((b) => ({ t: b.t, ...b.bySeverity }));
  const histogramTable: TableData = {
    columns: [
      { key: "t", label: "From", kind: "time" },
      ...[...SEVERITY_ORDER].reverse().map((s) => ({ key: s, label: s, kind: "count" as const })),
      { key: "total", label: "Total", kind: "count" },
    ],
    rows: f.histogram.map((b) => ({ cells: { t: b.t, ...b.bySeverity, total: b.count }, href: eventsLink(bucketWindow(b.t, step, w)) })),
  };
  const detectionsTable: TableData = {
    columns: [
      { key: "t", label: "From", kind: "time" },
      { key: "count", label: "Detections", kind: "count" },
    ],
    rows: f.detectionSeries.map((b) => ({ cells: { t: b.t, count: b.count }, href: eventsLink(bucketWindow(b.t, detStep, w), [{ field: "kind", value: "detections" }]) })),
  };
  const agents = f.activeAgents;
  return (
    <Section title="Events" id="events">
      <Tiles>
        <FigureTile label="Events" testId="fig-events" figure={f.total} value={count(f.total)} previousValue={prev(f.total)} better="neither" hint="Events that occurred in the range" href={eventsLink(w)} />
        <FigureTile
          label="Detections" testId="fig-detections" figure={f.detections} value={count(f.detections)} previousValue={prev(f.detections)} better="down"
          hint="Events of kind detections" href={eventsLink(w, [{ field: "kind", value: "detections" }])}
        />
        <FigureTile
          label="High and critical" testId="fig-severe" figure={severe} value={count(severe)} previousValue={prev(severe)} better="down"
          hint="Events of severity high or critical" href={eventsLink(w, [{ field: "severity", value: "critical" }, { field: "severity", value: "high" }])}
        />
        <FigureTile
          label="Critical" testId="fig-critical" figure={f.bySeverity.critical} value={count(f.bySeverity.critical)} previousValue={prev(f.bySeverity.critical)} better="down"
          hint="Events of severity critical" href={eventsLink(w, [{ field: "severity", value: "critical" }])}
        />
        <FigureTile
          label="Active agents" testId="fig-active-agents" figure={agents} value={`${count(agents)}${agents.capped ? "+" : ""}`} previousValue={prev(agents)} better="neither"
          hint="Agents that sent events in the range" href="/agents"
        />
        <FigureTile
          label="Events per agent" testId="fig-events-per-agent"
          figure={{ current: perAgent(f.total.current, agents.current), previous: perAgent(f.total.previous, agents.previous) }}
          value={compactNumber(perAgent(f.total.current, agents.current) ?? 0)} previousValue={compactNumber(perAgent(f.total.previous, agents.previous) ?? 0)}
          better="neither" hint="Events divided by active agents"
        />
      </Tiles>
      <Cards>
        <ChartCard
          className="md:col-span-2" title="Events over time" name="events-over-time" window={w} table={histogramTable}
          hint={`Per ${perLabel(f.histogramInterval)}, stacked by severity · a bar opens its events`}
          empty={f.total.current ? null : "No events in this range."}
        >
          <TimeBars data={histogram} series={SEVERITY_SERIES} step={step} window={w} ariaLabel="Events over time, stacked by severity" drill={{ to: "events" }} height={190} />
        </ChartCard>
        <ChartCard
          title={`Detections per ${perLabel(f.detectionInterval)}`} name="detections" window={w} table={detectionsTable}
          hint="Events of kind detections · a bar opens them"
          empty={f.detections.current ? null : "No detections in this range."}
        >
          <TimeBars
            data={f.detectionSeries} series={[{ key: "count", label: "detections", color: DETECTION_COLOR }]} step={detStep} window={w}
            ariaLabel="Detections over time" drill={{ to: "events", include: [{ field: "kind", value: "detections" }] }} height={205}
          />
        </ChartCard>
      </Cards>
      <Cards>
        {TOP_CARDS.map((c) => {
          const field = c.field === "destination" ? f.destinationField : c.field;
          const items = f.top[c.field].map((i) => ({ label: i.value, count: i.count, previous: i.previous, href: eventsLink(w, [{ field, value: i.value }]) }));
          const table: TableData = {
            columns: [
              { key: "value", label: c.column, kind: c.mono ? "mono" : "text" },
              { key: "count", label: "Events", kind: "count" },
              { key: "previous", label: "Previous", kind: "count" },
              { key: "change", label: "Change", kind: "change" },
            ],
            rows: items.map((i) => ({ cells: { value: i.label, count: i.count, previous: i.previous, change: i.previous === null ? null : i.count - i.previous }, href: i.href })),
          };
          return (
            <ChartCard key={c.field} title={c.title} hint={`${c.hint} · a row opens its events`} name={`top-${c.field}`} window={w} table={table} empty={items.length ? null : c.empty}>
              <RankedList items={items} mono={c.mono} unit="events" />
            </ChartCard>
          );
        })}
      </Cards>
    </Section>
  );
}

function perAgent(events: number | null, agents: number | null): number | null {
  return events === null || !agents ? null : Math.round(events / agents);
}
