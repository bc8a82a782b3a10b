"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import type { Severity } from "@/lib/events/types";
import { issueKeys } from "@/lib/issues/query-keys";
import type { AssessmentInput } from "@/lib/issues/schemas";
import type { EventAssessmentView } from "@/lib/issues/types";
import { lineageKeys } from "@/lib/lineage/query-keys";
import { AssessmentPanel } from "@/components/issues/assessment-panel";
import { FlagChips, StatusLabel } from "@/components/issues/issue-badges";
import { assessEvent, ConflictProblem, fetchEventAssessment } from "@/components/issues/issues-api";
import { SeverityBadge } from "./severity-badge";
import { Section } from "./section";

interface Props {
  tenantId: string;
  eventId: string;
  /** What the agent sent; an analyst's severity replaces it. */
  eventSeverity: Severity;
  initial: EventAssessmentView;
  canWrite: boolean;
}

/** The event's issue and its assessment: its own flags and those its issue's assessment applies. */
export function EventTriage({ tenantId, eventId, eventSeverity, initial, canWrite }: Props) {
  const client = useQueryClient();
  const key = issueKeys.eventAssessment(tenantId, eventId);
  const { data: view } = useQuery({ queryKey: key, queryFn: ({ signal }) => fetchEventAssessment(eventId, signal), initialData: initial });

  async function assess(input: AssessmentInput) {
    try {
      client.setQueryData(key, await assessEvent(eventId, view.version > 0 ? { ...input, version: view.version } : input));
    } catch (err) {
      if (err instanceof ConflictProblem && err.current) client.setQueryData(key, err.current as EventAssessmentView);
      throw err;
    } finally {
      void client.invalidateQueries({ queryKey: lineageKeys.subject(tenantId, "event", eventId) });
    }
  }

  return (
    <>
      <Section title="Issue" id="event-issue">
        {view.issue ? (
          <div className="space-y-1.5" data-testid="event-issue">
            <Link href={`/issues/${encodeURIComponent(view.issue.id)}`} className="block truncate font-medium text-emerald-700 hover:underline dark:text-emerald-400" title={view.issue.title}>
              {view.issue.title}
            </Link>
            <div className="flex flex-wrap items-center gap-2">
              <SeverityBadge severity={view.issue.severity} size="sm" />
              <StatusLabel status={view.issue.status} closeReason={null} />
              <span className="font-mono text-xs text-zinc-500 dark:text-zinc-400">#{view.issue.id}</span>
            </div>
            <FlagChips flags={view.issue.flags} />
          </div>
        ) : (
          <p className="text-zinc-500 dark:text-zinc-400">Not part of an issue: only detections and events of medium severity or higher open one.</p>
        )}
      </Section>
      <Section title="Assessment" id="event-assessment">
        {view.severity && (
          <p className="mb-3 flex items-center gap-2 text-xs text-zinc-500 dark:text-zinc-400">
            Severity set by an analyst: <SeverityBadge severity={view.severity} size="sm" /> (the agent said {eventSeverity})
          </p>
        )}
        <AssessmentPanel
          flags={view.flags}
          inheritedFlags={view.inheritedFlags}
          severityOverride={view.severity}
          severity={view.severity ?? eventSeverity}
          canWrite={canWrite}
          onSubmit={assess}
        />
      </Section>
    </>
  );
}
