"use client";

import type { ReactNode } from "react";
import { CopyButton } from "@/components/data-table/copy-button";
import { Sparkline } from "@/components/charts/sparkline";
import { SeverityBadge } from "@/components/event-detail/severity-badge";
import { RelativeTime } from "@/components/ui/relative-time";
import type { IssueDetail } from "@/lib/issues/types";
import { FlagChips, PriorityLabel, StatusLabel } from "./issue-badges";
import { whereText } from "./where";

const KIND_LABEL: Record<string, string> = { flows: "Flow", detections: "Detection", infos: "Info", netpolicy: "Network policy" };
const DESTINATION_LABEL = { domain: "Domain", ip: "IP", file: "File", exe: "Executable" } as const;

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <span className="inline-flex min-w-0 items-baseline gap-1.5">
      <span className="text-zinc-500 dark:text-zinc-400">{label}</span>
      {children}
    </span>
  );
}

function bucketLabel(iso: string): string {
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}

/** Title, severity, status, counts, place and destination of the issue, and its events over time. */
export function IssueHeader({ issue, controls }: { issue: IssueDetail; controls: ReactNode }) {
  const where = whereText(issue.where);
  return (
    <header className="rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900" data-testid="issue-header">
      <div className="flex gap-6 p-4 pb-3">
        <div className="min-w-0 flex-1">
          <div className="flex min-w-0 items-center gap-2">
            <SeverityBadge severity={issue.severity} />
            {issue.severityAdjusted && (
              <span className="text-xs text-zinc-500 dark:text-zinc-400" title={`Its events say ${issue.eventSeverity}`}>
                set by analyst (events: {issue.eventSeverity})
              </span>
            )}
            <span className="ml-auto font-mono text-xs text-zinc-500 dark:text-zinc-400">#{issue.id}</span>
          </div>
          <h1 className="mt-1.5 truncate text-lg font-semibold" title={issue.title}>
            {issue.title}
          </h1>
          <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
            <StatusLabel status={issue.status} closeReason={issue.closeReason} showReason />
            <PriorityLabel priority={issue.priority} />
            <span className="font-mono text-xs text-zinc-600 dark:text-zinc-300">{issue.type}</span>
            <span className="text-xs text-zinc-500 dark:text-zinc-400">{KIND_LABEL[issue.kind] ?? issue.kind}</span>
            {!issue.acceptsEvents && (
              <span className="text-xs text-zinc-500 dark:text-zinc-400" title="New events of this kind open a new issue">
                no longer takes new events
              </span>
            )}
            <FlagChips flags={issue.flags} />
          </div>
          <div className="mt-2.5 flex flex-wrap items-baseline gap-x-5 gap-y-1 text-sm">
            <Fact label="First seen">
              <RelativeTime iso={issue.firstSeenAt} />
            </Fact>
            <Fact label="Last seen">
              <RelativeTime iso={issue.lastSeenAt} />
            </Fact>
            <Fact label="Events">
              <span className="font-medium tabular-nums" data-testid="issue-event-count">
                {issue.eventCount.toLocaleString("en")}
              </span>
            </Fact>
            <Fact label="Agents">
              <span className="font-medium tabular-nums">{issue.agentCount.toLocaleString("en")}</span>
            </Fact>
            {where && (
              <Fact label={issue.where.kind === "cicd" ? "CI/CD" : issue.where.kind === "workload" ? "Workload" : "Agent"}>
                <span className="truncate font-mono text-xs" title={where.full}>
                  {where.short}
                </span>
              </Fact>
            )}
            {issue.destination && (
              <Fact label={DESTINATION_LABEL[issue.destination.kind]}>
                <span className="group/dest inline-flex min-w-0 items-center gap-1">
                  <span className="truncate font-mono text-xs" title={issue.destination.value}>
                    {issue.destination.value}
                  </span>
                  <CopyButton value={issue.destination.value} label="Copy destination" className="invisible group-hover/dest:visible focus:visible" />
                </span>
              </Fact>
            )}
          </div>
        </div>
        <div className="hidden w-64 shrink-0 md:block">
          <p className="text-xs text-zinc-500 dark:text-zinc-400">Events over time</p>
          <Sparkline data={issue.sparkline} height={56} formatLabel={bucketLabel} ariaLabel={`${issue.eventCount} events from ${issue.firstSeenAt} to ${issue.lastSeenAt}`} />
          <div className="flex justify-between font-mono text-[10px] text-zinc-400 dark:text-zinc-500">
            <span>{issue.firstSeenAt.slice(5, 16).replace("T", " ")}</span>
            <span>{issue.lastSeenAt.slice(5, 16).replace("T", " ")}</span>
          </div>
        </div>
      </div>
      {controls}
    </header>
  );
}
