import { AGE_LABELS, duration, percent } from "@/lib/dashboard/metrics";
import { bucketMs, bucketWindow } from "@/lib/dashboard/range";
import { backlogLink, eventsLink, issuesLink, openedLink } from "@/lib/dashboard/links";
import { RESOLVED, UNRESOLVED } from "@/lib/dashboard/triage-rules";
import type { DashboardWindows, FalsePositiveRow, Figure, TriageFigures } from "@/lib/dashboard/types";
import { ChartCard } from "./chart-card";
import { FigureTile } from "./figure-tile";
import { HorizontalBars } from "./horizontal-bars";
import { RateList } from "./rate-list";
import { Cards, Section, SectionError, settle, Tiles } from "./section";
import type { TableData } from "./table-data";
import { TimeBars } from "./time-bars";
import { TrendLines } from "./trend-lines";

const OPENED = "#0ea5e9"; // sky-500
const RESOLVED_COLOR = "#10b981"; // emerald-500
const MTTA = "#8b5cf6"; // violet-500
const MTTR = "#0ea5e9";
const AGE_COLORS = ["#a7f3d0", "#34d399", "#f59e0b", "#dc2626"] as const; // newest to oldest: calm to alarming
const WORKLOAD_SERIES = [
  { key: "openAssigned", label: "open, assigned now", color: "#f59e0b" },
  { key: "assigned", label: "assigned in range", color: "#0ea5e9" },
  { key: "resolved", label: "resolved in range", color: "#10b981" },
] as const;

const n = (v: number | null) => (v === null ? "—" : v.toLocaleString("en"));
/** A note for a figure measured in neither period. */
const nothing = (f: Figure, text: string) => (f.current === null && f.previous === null ? text : undefined);

export async function TriageSection({ figures, windows }: { figures: Promise<TriageFigures>; windows: DashboardWindows }) {
  const result = await settle(figures);
  if (!result.ok) return <SectionError title="Issues and response" id="triage" error={result.error} />;
  const f = result.value;
  const w = windows.current;
  const step = bucketMs(windows.bucket);
  const per = windows.bucket === "1d" ? "day" : "hour";
  const anyIssues = (f.backlog.current ?? 0) + (f.backlog.previous ?? 0) + (f.opened.current ?? 0) + (f.resolved.current ?? 0) > 0;

  const flowTable: TableData = {
    columns: [
      { key: "t", label: "From", kind: "time" },
      { key: "opened", label: "Opened", kind: "count" },
      { key: "acknowledged", label: "Acknowledged", kind: "count" },
      { key: "mtta", label: "Mean to acknowledge", kind: "duration" },
      { key: "resolved", label: "Resolved", kind: "count" },
      { key: "mttr", label: "Mean to resolve", kind: "duration" },
    ],
    rows: f.flow.map((p) => ({
      cells: { t: p.t, opened: p.opened, acknowledged: p.acknowledged, mtta: p.mttaSeconds, resolved: p.resolved, mttr: p.mttrSeconds },
      href: openedLink(bucketWindow(p.t, step, w)),
    })),
  };
  const backlogData = f.backlogBySeverity.map((r) => ({
    label: r.severity,
    href: backlogLink({ severity: [r.severity] }),
    a0: r.ages[0], a1: r.ages[1], a2: r.ages[2], a3: r.ages[3],
  }));
  const backlogTable: TableData = {
    columns: [
      { key: "severity", label: "Severity", kind: "text" },
      ...AGE_LABELS.map((l, i) => ({ key: `a${i}`, label: l, kind: "count" as const })),
      { key: "total", label: "At end", kind: "count" },
      { key: "atStart", label: "At start", kind: "count" },
    ],
    rows: f.backlogBySeverity.map((r) => ({
      cells: { severity: r.severity, a0: r.ages[0], a1: r.ages[1], a2: r.ages[2], a3: r.ages[3], total: r.total, atStart: r.atStart },
      href: backlogLink({ severity: [r.severity] }),
    })),
  };
  const fpTable = (rows: FalsePositiveRow[], label: string): TableData => ({
    columns: [
      { key: "value", label, kind: "mono" },
      { key: "total", label: "Seen", kind: "count" },
      { key: "triaged", label: "Triaged", kind: "count" },
      { key: "fp", label: "False pos.", kind: "count" },
      { key: "rate", label: "Rate", kind: "percent" },
      { key: "previousRate", label: "Previous", kind: "percent" },
    ],
    rows: rows.map((r) => ({ cells: { value: r.value, total: r.total, triaged: r.triaged, fp: r.falsePositives, rate: r.rate, previousRate: r.previousRate } })),
  });
  const byType = f.falsePositivesByType.map((r) => ({ ...r, href: issuesLink({ type: [r.value], flags: ["falsePositive"] }, w) }));
  const byPolicy = f.falsePositivesByPolicy.map((r) => ({ ...r, href: eventsLink(w, [{ field: "policyName", value: r.value }], "assessment:falsePositive") }));
  const typeTable = fpTable(f.falsePositivesByType, "Event type");
  typeTable.rows.forEach((row, i) => (row.href = byType[i].href));
  const policyTable = fpTable(f.falsePositivesByPolicy, "Policy");
  policyTable.rows.forEach((row, i) => (row.href = byPolicy[i].href));
  policyTable.columns = policyTable.columns.filter((c) => c.key !== "total");

  const workloadData = f.workload.map((r) => ({
    label: r.name,
    href: r.userId ? issuesLink({ assignee: [r.userId], status: [...UNRESOLVED] }) : backlogLink(),
    openAssigned: r.openAssigned,
    assigned: r.assigned.current ?? 0,
    resolved: r.resolved.current ?? 0,
  }));
  const workloadTable: TableData = {
    columns: [
      { key: "name", label: "Analyst", kind: "text" },
      { key: "openAssigned", label: "Open, assigned now", kind: "count" },
      { key: "assigned", label: "Assigned in range", kind: "count" },
      { key: "assignedPrev", label: "Assigned before", kind: "count" },
      { key: "resolved", label: "Resolved in range", kind: "count" },
      { key: "resolvedPrev", label: "Resolved before", kind: "count" },
    ],
    rows: f.workload.map((r, i) => ({
      cells: { name: r.name, openAssigned: r.openAssigned, assigned: r.assigned.current, assignedPrev: r.assigned.previous, resolved: r.resolved.current, resolvedPrev: r.resolved.previous },
      href: workloadData[i].href,
    })),
  };
  const dur = (fig: Figure, k: "current" | "previous") => duration(fig[k]);
  const noIssues = anyIssues ? null : "No issues in this range.";

  return (
    <Section title="Issues and response" id="triage">
      <Tiles>
        <FigureTile
          label={windows.live ? "Unresolved now" : "Unresolved at end"} testId="fig-backlog" figure={f.backlog} value={n(f.backlog.current)} previousValue={`${n(f.backlog.previous)} at start`}
          better="down" hint={`Open or in-progress issues at the end of the range (${f.inProgress.toLocaleString("en")} in progress), against the start`} href={backlogLink()}
        />
        <FigureTile
          label="Opened" testId="fig-opened" figure={f.opened} value={n(f.opened.current)} previousValue={n(f.opened.previous)} better="neither"
          hint="Issues Vigil opened in the range" href={openedLink(w)}
        />
        <FigureTile
          label="Resolved" testId="fig-resolved" figure={f.resolved} value={n(f.resolved.current)} previousValue={n(f.resolved.previous)} better="up"
          hint="Issues resolved or closed for the first time in the range" href={issuesLink({ status: [...RESOLVED] }, w)}
        />
        <FigureTile
          label="Time to acknowledge" testId="fig-mtta" figure={f.mttaSeconds} value={dur(f.mttaSeconds, "current")} previousValue={dur(f.mttaSeconds, "previous")}
          better="down" kind="duration" note={nothing(f.mttaSeconds, "no issue acknowledged")} hint={`Mean time from an issue's opening to its first acknowledgement (flagged acknowledged, started, resolved or closed), over the ${n(f.acknowledged.current)} issues acknowledged in the range`}
        />
        <FigureTile
          label="Time to resolve" testId="fig-mttr" figure={f.mttrSeconds} value={dur(f.mttrSeconds, "current")} previousValue={dur(f.mttrSeconds, "previous")}
          better="down" kind="duration" note={nothing(f.mttrSeconds, "no issue resolved")} hint={`Mean time from an issue's opening to its first resolution, over the ${n(f.resolved.current)} issues resolved in the range`}
        />
        <FigureTile
          label="False-positive rate" testId="fig-fp-rate" figure={f.falsePositiveRate} value={percent(f.falsePositiveRate.current)} previousValue={percent(f.falsePositiveRate.previous)}
          better="down" kind="rate" note={nothing(f.falsePositiveRate, "nothing triaged")} hint="Of the issues seen in the range that were triaged (resolved, closed or given a verdict), those marked false positive or closed as one"
          href={issuesLink({ flags: ["falsePositive"] }, w)}
        />
      </Tiles>
      <Cards>
        <ChartCard
          className="md:col-span-2" title={`Issues opened and resolved per ${per}`} name="issues-flow" window={w} table={flowTable}
          hint="Opened by Vigil, resolved or closed the first time · a bar opens the issues opened, or resolved and seen, then" empty={noIssues}
        >
          <TimeBars
            data={f.flow.map((p) => ({ t: p.t, opened: p.opened, resolved: p.resolved }))}
            series={[{ key: "opened", label: "opened", color: OPENED }, { key: "resolved", label: "resolved", color: RESOLVED_COLOR }]}
            grouped step={step} window={w} ariaLabel={`Issues opened and resolved per ${per}`} height={170}
            drill={{ to: "issues" }} seriesDrill={{ opened: { to: "issues", by: "opened" }, resolved: { to: "issues", filters: { status: [...RESOLVED] } } }}
          />
        </ChartCard>
        <ChartCard
          title="Unresolved by severity and age" name="backlog" window={w} table={backlogTable}
          hint={`Open or in progress at the end of the range, by age · a bar opens the queue`} empty={f.backlog.current ? null : "Nothing unresolved: the queue is empty."}
        >
          <HorizontalBars
            data={backlogData} stacked labelWidth={60} ariaLabel="Unresolved issues by severity and age"
            series={AGE_LABELS.map((l, i) => ({ key: `a${i}`, label: l, color: AGE_COLORS[i] }))}
          />
        </ChartCard>
      </Cards>
      <Cards>
        <ChartCard
          title="Time to acknowledge and resolve" name="response-times" window={w} table={flowTable}
          hint={`Means per ${per} of the issues acknowledged or resolved then`}
          empty={(f.acknowledged.current ?? 0) + (f.resolved.current ?? 0) > 0 ? null : "No issue was acknowledged or resolved in this range."}
        >
          <TrendLines
            data={f.flow.map((p) => ({ t: p.t, mtta: p.mttaSeconds, mttr: p.mttrSeconds }))}
            series={[{ key: "mtta", label: "to acknowledge", color: MTTA }, { key: "mttr", label: "to resolve", color: MTTR }]}
            step={step} window={w} ariaLabel="Mean time to acknowledge and to resolve" drill={{ to: "issues" }}
          />
        </ChartCard>
        <ChartCard
          title="False positives by event type" name="false-positives-by-type" window={w} table={typeTable}
          hint="False positives of the triaged issues seen in the range · a row opens them"
          empty={byType.length ? null : "No issue seen in this range was triaged yet."}
        >
          <RateList rows={byType} mono />
        </ChartCard>
        <ChartCard
          title="False positives by agent policy" name="false-positives-by-policy" window={w} table={policyTable}
          hint="By the rule or policy the agent named · a row opens its events marked false positive"
          empty={byPolicy.length ? null : "No triaged issue came from an event that names a policy."}
        >
          <RateList rows={byPolicy} mono />
        </ChartCard>
      </Cards>
      <Cards cols={2}>
        <ChartCard
          className="md:col-span-2" title="Analyst workload" name="workload" window={w} table={workloadTable}
          hint="Per analyst · a bar opens their open issues" empty={f.workload.length ? null : "No analysts in this tenant yet."}
        >
          <HorizontalBars data={workloadData} series={WORKLOAD_SERIES} labelWidth={130} rowHeight={22} ariaLabel="Issues per analyst" />
        </ChartCard>
      </Cards>
    </Section>
  );
}
