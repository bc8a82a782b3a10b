// The queue's URL is its state (lib/issues/search-params.ts parses and writes it); these helpers
// derive what the page needs from it: links, cache keys, the bulk search and the tabs. Pure.
import type { IssueSearchInput } from "@/lib/issues/schemas";
import { issueSearchToParams } from "@/lib/issues/search-params";
import { ISSUE_STATUSES, type IssueSort, type IssueStatus } from "@/lib/issues/types";

/** The filters and sort of the queue: the URL without paging. */
export type QueueState = Omit<IssueSearchInput, "limit" | "cursor">;

export const DEFAULT_SORT: IssueSort = "-lastSeen";
export const QUEUE_PAGE_SIZE = 50;

export function withoutPaging(state: IssueSearchInput): QueueState {
  const rest = { ...state };
  delete rest.limit;
  delete rest.cursor;
  return rest;
}

/** The canonical query string of the queue (no "?"): the cache key, the `back` of issue links. */
export function queueQuery(state: IssueSearchInput): string {
  return issueSearchToParams(withoutPaging(state)).toString();
}

export function issuesHref(state: IssueSearchInput): string {
  const qs = queueQuery(state);
  return qs ? `/issues?${qs}` : "/issues";
}

/** An issue's page, carrying the queue it was opened from. */
export function issueHref(id: string, back: string | null): string {
  const path = `/issues/${encodeURIComponent(id)}`;
  return back ? `${path}?back=${encodeURIComponent(back)}` : path;
}

export function queueHref(back: string | null): string {
  return back ? `/issues?${back}` : "/issues";
}

/** One page of the API: the state plus paging. */
export function pageParams(state: QueueState, cursor: string | null): URLSearchParams {
  const p = issueSearchToParams({ ...state, limit: QUEUE_PAGE_SIZE, ...(cursor ? { cursor } : {}) });
  if (!p.has("limit")) p.set("limit", String(QUEUE_PAGE_SIZE));
  if (cursor && !p.has("cursor")) p.set("cursor", cursor);
  return p;
}

const LIST_KEYS = ["severity", "type", "assignee", "flags", "priority", "agent", "cluster", "repository", "closeReason"] as const;
export type ListFilterKey = (typeof LIST_KEYS)[number];

/** Any filter beyond the status tab. */
export function hasFilters(state: QueueState): boolean {
  return LIST_KEYS.some((k) => (state[k]?.length ?? 0) > 0) || Boolean(state.q?.trim()) || [state.from, state.to, state.openedFrom, state.openedTo].some(Boolean);
}

export function withoutFilters(state: QueueState): QueueState {
  return { ...(state.status ? { status: state.status } : {}), ...(state.sort ? { sort: state.sort } : {}) };
}

/** The search bulk assessment runs over: the queue's filters without sort. */
export function bulkSearchOf(state: QueueState): Omit<IssueSearchInput, "limit" | "cursor" | "sort"> {
  const rest = { ...state };
  delete rest.sort;
  return rest;
}

export function setList<K extends ListFilterKey>(state: QueueState, key: K, values: NonNullable<QueueState[K]>): QueueState {
  const next = { ...state };
  if (values.length === 0) delete next[key];
  else next[key] = values;
  return next;
}

export interface StatusTab {
  id: string;
  label: string;
  statuses: readonly IssueStatus[];
}

/** The queue opens on unresolved issues; "All" names every status, so a URL always says which. */
export const DEFAULT_STATUSES: readonly IssueStatus[] = ["open", "in_progress"];

export const STATUS_TABS: readonly StatusTab[] = [
  { id: "unresolved", label: "Unresolved", statuses: ["open", "in_progress"] },
  { id: "open", label: "Open", statuses: ["open"] },
  { id: "in_progress", label: "In progress", statuses: ["in_progress"] },
  { id: "resolved", label: "Resolved", statuses: ["resolved"] },
  { id: "closed", label: "Closed", statuses: ["closed"] },
  { id: "all", label: "All", statuses: ISSUE_STATUSES },
];

export function activeTab(state: QueueState): StatusTab | null {
  const wanted = [...(state.status ?? [])].sort().join(",");
  return STATUS_TABS.find((t) => [...t.statuses].sort().join(",") === wanted) ?? null;
}

export function tabCount(tab: StatusTab, counts: Record<IssueStatus, number>): number {
  return tab.statuses.reduce((sum, s) => sum + (counts[s] ?? 0), 0);
}
