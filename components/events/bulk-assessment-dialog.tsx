"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { eventKeys } from "@/lib/events/query-keys";
import type { EventsSearchState } from "@/lib/events/search-params";
import { issueKeys } from "@/lib/issues/query-keys";
import type { AssessmentInput } from "@/lib/issues/schemas";
import { FLAG_LABELS, type AnalystFlag } from "@/lib/issues/types";
import { BulkRunDialog } from "@/components/issues/bulk-run-dialog";
import { describeError, fetchIssue, type BulkEventSearch } from "@/components/issues/issues-api";
import { Dialog } from "@/components/ui/dialog";
import { PRIMARY_BUTTON, TOOLBAR_BUTTON } from "@/components/ui/popover";
import { assessmentOf, bulkSearchOf, EMPTY_DRAFT, type AssessmentDraft } from "./bulk-assessment";
import { AssessmentFields, SearchScope } from "./bulk-assessment-form";

const TITLE = "Assess all matching events";
const WIDTH = "w-[34rem]";

interface ButtonProps {
  tenantId: string;
  state: EventsSearchState;
  /** The window the results on screen were searched in; null while they load or when there are none. */
  range: { from: string; to: string } | null;
  /** "12,345" or "~12,345", when the total is known. */
  totalText: string | null;
}

/** "Assess all N matching…": the search is taken as it is on screen when the dialog opens. */
export function AssessAllButton({ tenantId, state, range, totalText }: ButtonProps) {
  const client = useQueryClient();
  const [search, setSearch] = useState<BulkEventSearch | null>(null);
  return (
    <>
      <button type="button" className={TOOLBAR_BUTTON} disabled={range === null} onClick={() => range && setSearch(bulkSearchOf(state, range))}>
        {totalText ? `Assess all ${totalText} matching…` : "Assess all matching…"}
      </button>
      {search && (
        <BulkAssessmentDialog
          tenantId={tenantId}
          search={search}
          onDone={() => {
            void client.invalidateQueries({ queryKey: eventKeys.all(tenantId) });
            void client.invalidateQueries({ queryKey: issueKeys.lists(tenantId) });
          }}
          onClose={() => setSearch(null)}
        />
      )}
    </>
  );
}

interface DialogProps {
  tenantId: string;
  search: BulkEventSearch;
  onDone: () => void;
  onClose: () => void;
}

/** Choose the assessment, then review it with the dry run's count, then run it (BulkRunDialog). */
function BulkAssessmentDialog({ tenantId, search, onDone, onClose }: DialogProps) {
  const [draft, setDraft] = useState<AssessmentDraft>(EMPTY_DRAFT);
  const [review, setReview] = useState<AssessmentInput | null>(null);
  const issueId = review?.associateIssue ?? null;
  const issue = useQuery({
    queryKey: issueKeys.detail(tenantId, issueId ?? ""),
    queryFn: ({ signal }) => fetchIssue(issueId!, signal),
    enabled: issueId !== null,
    retry: false,
  });

  if (review) {
    return (
      <BulkRunDialog
        tenantId={tenantId}
        title={TITLE}
        target={{ kind: "events", search }}
        assessment={review}
        canApply={issueId === null || issue.isSuccess}
        onBack={() => setReview(null)}
        onDone={onDone}
        onClose={onClose}
        widthClassName={WIDTH}
      >
        <SearchScope search={search} />
        <Changes
          assessment={review}
          issue={issueId === null ? null : issue.isSuccess ? { title: issue.data.title } : issue.isError ? { error: describeError(issue.error) } : "loading"}
        />
      </BulkRunDialog>
    );
  }

  const assessment = assessmentOf(draft);
  return (
    <Dialog
      title={TITLE}
      onClose={onClose}
      testId="bulk-dialog"
      widthClassName={WIDTH}
      footer={
        <>
          {!assessment && <span className="mr-auto text-xs text-zinc-500 dark:text-zinc-400">Choose at least one change.</span>}
          <button type="button" className={TOOLBAR_BUTTON} onClick={onClose}>
            Cancel
          </button>
          <button type="button" className={PRIMARY_BUTTON} disabled={!assessment} onClick={() => setReview(assessment)}>
            Review…
          </button>
        </>
      }
    >
      <SearchScope search={search} />
      <AssessmentFields draft={draft} onChange={setDraft} />
    </Dialog>
  );
}

type IssueLookup = null | "loading" | { title: string } | { error: string };

/** The assessment about to be applied, in words. */
function Changes({ assessment: a, issue }: { assessment: AssessmentInput; issue: IssueLookup }) {
  const flags = (list: string[] | undefined) => (list ?? []).map((f) => FLAG_LABELS[f as AnalystFlag] ?? f).join(", ");
  const rows: [string, ReactNode][] = [];
  if (a.enableFlags?.length) rows.push(["Set", flags(a.enableFlags)]);
  if (a.disableFlags?.length) rows.push(["Clear", flags(a.disableFlags)]);
  if (a.newSeverity !== undefined) rows.push(["Severity", a.newSeverity === null ? "back to each event's own" : a.newSeverity]);
  if (a.handledByAnalyst) rows.push(["Handled", "by analyst"]);
  if (a.associateIssue) {
    rows.push([
      "Move to",
      <span key="issue">
        <span className="font-mono">#{a.associateIssue}</span>
        {issue !== null && issue !== "loading" && "title" in issue && <span className="text-zinc-600 dark:text-zinc-300"> · {issue.title}</span>}
        {issue !== null && issue !== "loading" && "error" in issue && (
          <span role="alert" className="block text-red-700 dark:text-red-400">
            {issue.error}
          </span>
        )}
      </span>,
    ]);
  }
  if (a.comment) rows.push(["Comment", <span key="comment" className="line-clamp-3 whitespace-pre-wrap">{a.comment}</span>]);
  return (
    <dl className="mb-3 grid grid-cols-[5rem_1fr] gap-x-3 gap-y-1 text-sm" data-testid="bulk-changes">
      {rows.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-xs leading-5 text-zinc-500 dark:text-zinc-400">{k}</dt>
          <dd className="min-w-0 break-words">{v}</dd>
        </div>
      ))}
    </dl>
  );
}
