// Drill-downs: the Events search or issue queue a figure summarises, with its filters and the
// exact window it counted (absolute bounds, so the page behind a link counts the same). Pure.
import { DEFAULT_STATE, eventsHref, type FilterTerm } from "@/lib/events/search-params";
import type { IssueSearchInput } from "@/lib/issues/schemas";
import { issueSearchToParams } from "@/lib/issues/search-params";
import { ISSUE_STATUSES } from "@/lib/issues/types";
import { UNRESOLVED } from "./triage-rules";

type Window = { from: string; to: string };

export function eventsLink(window: Window, include: FilterTerm[] = [], q = "", exclude: FilterTerm[] = []): string {
  return eventsHref({ ...DEFAULT_STATE, q, include, exclude, range: { kind: "absolute", from: window.from, to: window.to } });
}

type QueueFilters = Omit<IssueSearchInput, "limit" | "cursor" | "sort" | "from" | "to">;

/**
 * The issue queue with these filters; with a window, the issues seen in it (the queue's time
 * filter: last seen at or after `from`, first seen before `to`). Every status unless named.
 */
export function issuesLink(filters: QueueFilters, window?: Window): string {
  const input: IssueSearchInput = { status: [...ISSUE_STATUSES], ...filters, ...(window && { from: window.from, to: window.to }) };
  return `/issues?${issueSearchToParams(input)}`;
}

/** The issues Vigil opened in the window (the queue's "opened" filter): what the Opened figures count. */
export function openedLink(window: Window, filters: Omit<QueueFilters, "openedFrom" | "openedTo"> = {}): string {
  return issuesLink({ ...filters, openedFrom: window.from, openedTo: window.to });
}

/** The unresolved issues now: the queue's default tabs. */
export function backlogLink(filters: QueueFilters = {}): string {
  return issuesLink({ ...filters, status: [...UNRESOLVED] });
}
