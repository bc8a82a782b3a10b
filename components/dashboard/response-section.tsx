import Link from "next/link";
import { bucketMs, bucketWindow } from "@/lib/dashboard/range";
import { eventsLink, issuesLink } from "@/lib/dashboard/links";
import { SILENCE_MS } from "@/lib/dashboard/agents";
import type { AgentFigures, BlockFigures, DashboardWindows, RuleFalsePositiveRow } from "@/lib/dashboard/types";
import { ChartCard } from "./chart-card";
import { FigureTile } from "./figure-tile";
import { RateList } from "./rate-list";
import { RankedList } from "./ranked-list";
import { Cards, Section, SectionError, settle, Tiles } from "./section";
import type { TableData } from "./table-data";
import { TimeBars } from "./time-bars";

const BLOCK_COLOR = "#e11d48"; // rose-600
const KIND_LABEL: Record<string, string> = { kubernetes: "Kubernetes", standalone: "Host", github: "CI/CD" };

const n = (v: number | null) => (v === null ? "—" : v.toLocaleString("en"));

interface Props {
  blocks: Promise<BlockFigures>;
  agents: Promise<AgentFigures>;
  rules: Promise<RuleFalsePositiveRow[]>;
  windows: DashboardWindows;
}

export async function ResponseSection({ blocks, agents, rules, windows }: Props) {
  const [b, a, r] = await Promise.all([settle(blocks), settle(agents), settle(rules)]);
  if (!b.ok) return <SectionError title="Blocks and agents" id="response" error={b.error} />;
  if (!a.ok) return <SectionError title="Blocks and agents" id="response" error={a.error} />;
  const f = b.value;
  const ag = a.value;
  const w = windows.current;
  const step = bucketMs(windows.bucket);
  const per = windows.bucket === "1d" ? "day" : "hour";

  const seriesTable: TableData = {
    columns: [
      { key: "t", label: "From", kind: "time" },
      { key: "count", label: "Blocks created", kind: "count" },
    ],
    rows: f.series.map((p) => ({ cells: { t: p.t, count: p.count }, href: issuesLink({ flags: ["blocked"] }, bucketWindow(p.t, step, w)) })),
  };
  const destinations = f.top.map((d) => ({
    label: d.value,
    count: d.events.current ?? 0,
    previous: d.events.previous,
    href: eventsLink(w, [{ field: "destination", value: d.value }]),
    detail: `Blocked since ${d.firstBlockedAt.slice(0, 16).replace("T", " ")} UTC in ${d.rules} ${d.rules === 1 ? "scope" : "scopes"} (${d.scopes.join(", ")})`,
  }));
  const destinationTable: TableData = {
    columns: [
      { key: "value", label: "Destination", kind: "mono" },
      { key: "events", label: "Events", kind: "count" },
      { key: "previous", label: "Previous", kind: "count" },
      { key: "rules", label: "Rules", kind: "count" },
      { key: "scopes", label: "Scopes", kind: "text" },
      { key: "since", label: "Blocked since", kind: "time" },
    ],
    rows: f.top.map((d, i) => ({
      cells: { value: d.value, events: d.events.current, previous: d.events.previous, rules: d.rules, scopes: d.scopes.join(" "), since: d.firstBlockedAt },
      href: destinations[i].href,
    })),
  };
  const silentTable: TableData = {
    columns: [
      { key: "name", label: "Agent", kind: "text" },
      { key: "kind", label: "Kind", kind: "text" },
      { key: "lastSeenAt", label: "Last event", kind: "time" },
    ],
    rows: ag.silentAgents.map((s) => ({ cells: { name: s.name, kind: KIND_LABEL[s.kind] ?? s.kind, lastSeenAt: s.lastSeenAt }, href: lastEventsLink(s.name, s.lastSeenAt) })),
  };
  const quietHours = SILENCE_MS / 3600_000;
  // The rule list is one card: if it cannot be read, the card says so and the rest still shows.
  const ruleRows = r.ok
    ? r.value.map((x) => ({ ...x, key: x.ruleId, detail: `rule set ${x.rulesetId}`, href: `/rules/${x.ruleSetId}/${x.ruleId}` }))
    : [];
  const rulesTable: TableData = {
    columns: [
      { key: "value", label: "Rule", kind: "mono" },
      { key: "set", label: "Rule set", kind: "mono" },
      { key: "total", label: "Issues", kind: "count" },
      { key: "triaged", label: "Triaged", kind: "count" },
      { key: "fp", label: "False pos.", kind: "count" },
      { key: "rate", label: "Rate", kind: "percent" },
      { key: "previousRate", label: "Previous", kind: "percent" },
    ],
    rows: ruleRows.map((x) => ({
      cells: { value: x.value, set: x.rulesetId, total: x.total, triaged: x.triaged, fp: x.falsePositives, rate: x.rate, previousRate: x.previousRate },
      href: x.href,
    })),
  };
  return (
    <Section title="Blocks and agents" id="response">
      <Tiles>
        <FigureTile
          label="Blocks created" testId="fig-blocks" figure={f.created} value={n(f.created.current)} previousValue={n(f.created.previous)} better="neither"
          hint="Deny rules made with Block from an event or issue" href={issuesLink({ flags: ["blocked"] }, w)}
        />
        <FigureTile
          label={windows.live ? "Silent agents now" : "Silent agents at end"} testId="fig-silent" figure={{ current: ag.silent, previous: null }} value={n(ag.silent)}
          previousValue="—" better="down" hint={`Host and Kubernetes agents that sent events in the range but none in the last ${quietHours} h before its end`} href="/agents"
          note={`of ${n(ag.known)} known`}
        />
        <FigureTile
          label="Known agents" testId="fig-known-agents" figure={{ current: ag.known, previous: null }} value={n(ag.known)} previousValue="—" better="neither"
          hint="Every agent that ever sent events to this tenant" href="/agents" note="ever seen"
        />
      </Tiles>
      <Cards cols={2}>
        <ChartCard
          title={`Blocks created per ${per}`} name="blocks" window={w} table={seriesTable} hint="Deny rules made with Block · a bar opens the blocked issues seen then"
          empty={f.created.current ? null : "No destination was blocked in this range."}
        >
          <TimeBars
            data={f.series} series={[{ key: "count", label: "blocks", color: BLOCK_COLOR }]} step={step} window={w}
            ariaLabel={`Blocks created per ${per}`} drill={{ to: "issues", filters: { flags: ["blocked"] } }} height={170}
          />
        </ChartCard>
        <ChartCard
          title="Top blocked destinations" name="blocked-destinations" window={w} table={destinationTable}
          hint="By the events that went to them in the range · a row opens those events"
          empty={destinations.length ? null : "Nothing blocked yet: analysts block a destination from an event or issue."}
        >
          <RankedList items={destinations} mono color={BLOCK_COLOR} unit="events" />
        </ChartCard>
        <ChartCard
          title={`Silent for more than ${quietHours} h`} name="silent-agents" window={w} table={silentTable}
          hint={`Agents that reported in the range, quiet since · CI/CD agents live for one run and are left out`}
          empty={ag.silent ? null : ag.known ? "Every host and Kubernetes agent reported in the last hour." : "No agent has sent events yet."}
        >
          <SilentList agents={ag.silentAgents} total={ag.silent} end={windows.end} />
        </ChartCard>
        <ChartCard
          title="False positives by detection rule" name="false-positives-by-rule" window={w} table={rulesTable}
          hint="CEL rules, over the triaged issues their detections joined in the range · a row opens the rule"
          empty={
            !r.ok
              ? "These rates could not be loaded; reload the page to try again."
              : ruleRows.length ? null : "No issue that a detection rule raised was triaged in this range."
          }
        >
          <RateList rows={ruleRows} mono />
        </ChartCard>
      </Cards>
    </Section>
  );
}

/** An agent's events in the day before its last one. */
function lastEventsLink(name: string, lastSeenAt: string): string {
  const last = Date.parse(lastSeenAt);
  return eventsLink({ from: new Date(last - 86_400_000).toISOString(), to: new Date(last + 1).toISOString() }, [{ field: "agent", value: name }]);
}

function SilentList({ agents, total, end }: { agents: AgentFigures["silentAgents"]; total: number; end: string }) {
  return (
    <div>
      <ol className="dash-ranked space-y-1 text-xs" data-testid="silent-agents">
        {agents.map((s, i) => (
          <li key={s.id} className={i >= 5 ? "print:hidden" : undefined}>
            <Link prefetch={false}
              href={lastEventsLink(s.name, s.lastSeenAt)} title={`${s.name}\nLast event ${s.lastSeenAt.slice(0, 19).replace("T", " ")} UTC`}
              className="group flex items-center gap-2 rounded px-1.5 py-1 hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-emerald-500 dark:hover:bg-zinc-800/60"
            >
              <span className="h-1.5 w-1.5 shrink-0 rounded-full bg-amber-500" aria-hidden />
              <span className="min-w-0 flex-1 truncate font-mono text-zinc-800 group-hover:underline dark:text-zinc-100">{s.name}</span>
              <span className="text-zinc-500 print:hidden dark:text-zinc-400">{KIND_LABEL[s.kind] ?? s.kind}</span>
              <span className="w-16 text-right tabular-nums text-zinc-700 dark:text-zinc-200">{silenceOf(s.lastSeenAt, end)}</span>
            </Link>
          </li>
        ))}
      </ol>
      {total > agents.length && <p className="mt-1 px-1.5 text-xs text-zinc-500 dark:text-zinc-400">and {(total - agents.length).toLocaleString("en")} more on the Agents page</p>}
    </div>
  );
}

/** "3 h", "2 d": how long before the end the agent went quiet. */
function silenceOf(lastSeenAt: string, end: string): string {
  const ms = Date.parse(end) - Date.parse(lastSeenAt);
  const h = ms / 3600_000;
  return h < 48 ? `${Math.floor(h)} h` : `${Math.floor(h / 24)} d`;
}
