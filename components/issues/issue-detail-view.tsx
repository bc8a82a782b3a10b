"use client";

import { useState } from "react";
import type { CommentItem, IssueDetail } from "@/lib/issues/types";
import type { LineagePage } from "@/lib/lineage/format-entry";
import { BlockDialog } from "@/components/block/block-dialog";
import { blockableDestination } from "@/components/block/block-form";
import { BackToSearch } from "@/components/event-detail/back-to-search";
import { Section } from "@/components/event-detail/section";
import { LineageTimeline } from "@/components/lineage/lineage-timeline";
import { StatusLine, useStatusMessage } from "@/components/ui/status-line";
import { AssessmentPanel } from "./assessment-panel";
import { Comments } from "./comments";
import { IssueControls } from "./issue-controls";
import { IssueEvents } from "./issue-events";
import { IssueHeader } from "./issue-header";
import { assessIssue, ConflictProblem } from "./issues-api";
import { LatestEvent, type LatestEventView } from "./latest-event";
import type { Member } from "./queue-toolbar";
import { queueHref } from "./queue-url";
import { ResolveDialog, type CloseStatus } from "./resolve-dialog";
import { useIssue } from "./use-issue";
import { useShortcuts } from "./use-shortcuts";
import { useIssueCache, useTriage } from "./use-triage";

interface Props {
  tenantId: string;
  initial: IssueDetail;
  comments: CommentItem[];
  lineage: LineagePage;
  members: Member[];
  me: { id: string; name: string };
  canWrite: boolean;
  back: string | null;
  latest: LatestEventView | null;
}

/** One issue: header and controls, its events, its latest event's process and destination, assessment, comments, lineage. */
export function IssueDetailView({ tenantId, initial, comments, lineage, members, me, canWrite, back, latest }: Props) {
  const issue = useIssue(tenantId, initial);
  const status = useStatusMessage();
  const triage = useTriage(tenantId, me, status.show);
  const cache = useIssueCache(tenantId);
  const [closing, setClosing] = useState<CloseStatus | null>(null);
  const isOpen = issue.status === "open" || issue.status === "in_progress";
  const [blocking, setBlocking] = useState(false);
  const destination = blockableDestination(issue.destination);

  useShortcuts(
    {
      a: () => void triage.run({ kind: "flag", flag: "acknowledged" }, [issue]),
      f: () => void triage.run({ kind: "flag", flag: "falsePositive" }, [issue]),
      e: () => void triage.run({ kind: "assignMe" }, [issue]),
      r: () => (isOpen ? setClosing("resolved") : false),
      b: () => (destination ? setBlocking(true) : status.show("This issue has no network destination: there is nothing to block.", "info")),
    },
    canWrite && !triage.running,
  );

  async function assess(input: Parameters<typeof assessIssue>[1]) {
    try {
      cache.store(await assessIssue(issue.id, { ...input, version: issue.version }));
      status.show("Assessment saved.");
    } catch (err) {
      if (err instanceof ConflictProblem && err.current) cache.store(err.current as IssueDetail);
      throw err;
    } finally {
      cache.refresh([issue.id]);
    }
  }

  return (
    <div className="mx-auto max-w-[1600px] space-y-4">
      <nav aria-label="Breadcrumb" className="-ml-2">
        <BackToSearch href={queueHref(back)} label="Back to queue" />
      </nav>
      <IssueHeader
        issue={issue}
        controls={
          canWrite ? (
            <IssueControls issue={issue} me={me} members={members} busy={triage.running} onAction={(a) => void triage.run(a, [issue])} onClose={setClosing} onBlock={destination ? () => setBlocking(true) : undefined} />
          ) : (
            <p className="border-t border-zinc-200 px-4 py-2 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400" data-testid="read-only-note">
              Read only: your role can view this issue but not triage it.
            </p>
          )
        }
      />
      <div className="grid gap-4 xl:grid-cols-[minmax(0,1fr)_26rem]">
        <div className="min-w-0 space-y-4">
          <Section title="Events" id="issue-events" flush>
            <IssueEvents tenantId={tenantId} issue={issue} />
          </Section>
          {latest && <LatestEvent latest={latest} />}
        </div>
        <div className="min-w-0 space-y-4">
          <Section title="Assessment" id="assessment">
            <AssessmentPanel
              flags={issue.flags}
              severityOverride={issue.severityAdjusted ? issue.severity : null}
              severity={issue.severity}
              canWrite={canWrite}
              onSubmit={assess}
            />
          </Section>
          <Section title="Comments" id="comments">
            <Comments tenantId={tenantId} subject={{ type: "issue", id: issue.id }} initial={comments} canWrite={canWrite} />
          </Section>
          <Section title="Lineage" id="lineage">
            <LineageTimeline tenantId={tenantId} subjectType="issue" subjectId={issue.id} endpoint={`/api/v1/issues/${encodeURIComponent(issue.id)}/lineage`} initial={lineage} />
          </Section>
        </div>
      </div>
      {closing && (
        <ResolveDialog
          count={1}
          initialStatus={closing}
          onClose={() => setClosing(null)}
          onConfirm={(st, reason) => {
            setClosing(null);
            void triage.run({ kind: "close", status: st, reason }, [issue]);
          }}
        />
      )}
      {blocking && <BlockDialog tenantId={tenantId} subject={{ kind: "issue", id: issue.id }} destination={destination} onClose={() => setBlocking(false)} />}
      <StatusLine message={status.message} onDismiss={status.dismiss} />
    </div>
  );
}
