// Browser calls to the issues, assessment and comments APIs. Errors arrive as RFC 9457
// problem+json and surface as ApiProblem; a 409 also carries the issue as it is now.
import type { AssessmentInput, IssueSearchInput, UpdateIssueInput } from "@/lib/issues/schemas";
import type {
  BulkDryRunResponse,
  BulkResultResponse,
  CommentItem,
  EventAssessmentView,
  IssueDetail,
  IssueListResponse,
} from "@/lib/issues/types";
import type { EventListItem, SearchRequest } from "@/lib/events/types";
import { ApiProblem } from "@/components/events/events-api";

/** Someone else changed it first; `current` is what it is now (an issue or an event's assessment), when the server sent it. */
export class ConflictProblem extends ApiProblem {
  constructor(
    detail: string,
    readonly current: unknown,
  ) {
    super(409, "Conflict", detail);
  }
}

async function problemOf(res: Response): Promise<ApiProblem> {
  const body = (await res.json().catch(() => null)) as { title?: string; detail?: string; current?: unknown; errors?: { field: string }[] } | null;
  const detail = body?.detail ?? `The server answered ${res.status}`;
  if (res.status === 409) return new ConflictProblem(detail, body?.current ?? null);
  return new ApiProblem(res.status, body?.title ?? (res.statusText || "Request failed"), detail, body?.errors?.[0]?.field);
}

async function call<T>(url: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(url, {
    ...init,
    headers: init.body ? { "content-type": "application/json", ...init.headers } : init.headers,
  });
  if (!res.ok) throw await problemOf(res);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

const enc = encodeURIComponent;

export function fetchIssues(params: URLSearchParams, signal?: AbortSignal): Promise<IssueListResponse> {
  return call(`/api/v1/issues?${params}`, { signal });
}

export function fetchIssue(id: string, signal?: AbortSignal): Promise<IssueDetail> {
  return call(`/api/v1/issues/${enc(id)}`, { signal });
}

export function updateIssue(id: string, body: UpdateIssueInput): Promise<IssueDetail> {
  return call(`/api/v1/issues/${enc(id)}`, { method: "PATCH", body: JSON.stringify(body) });
}

export function assessIssue(id: string, body: AssessmentInput & { version?: number }): Promise<IssueDetail> {
  return call(`/api/v1/issues/${enc(id)}/assessment`, { method: "POST", body: JSON.stringify(body) });
}

export function assessEvent(id: string, body: AssessmentInput & { version?: number }): Promise<EventAssessmentView> {
  return call(`/api/v1/events/${enc(id)}/assessment`, { method: "POST", body: JSON.stringify(body) });
}

export function fetchEventAssessment(id: string, signal?: AbortSignal): Promise<EventAssessmentView> {
  return call(`/api/v1/events/${enc(id)}/assessment`, { signal });
}

/** The queue's filters, as bulk assessment takes them (no paging or sort). */
export type BulkIssueSearch = Omit<IssueSearchInput, "limit" | "cursor" | "sort">;

/** An events search as bulk assessment takes it: the results' query, filters and absolute window. */
export type BulkEventSearch = Pick<SearchRequest, "query" | "filters" | "from" | "to">;

/** What a bulk assessment applies to: every issue the queue's filters match, or every event a search matches. */
export type BulkTarget = { kind: "issues"; search: BulkIssueSearch } | { kind: "events"; search: BulkEventSearch };

const BULK_URL: Record<BulkTarget["kind"], string> = {
  issues: "/api/v1/issues/assessment/bulk",
  events: "/api/v1/events/assessment/bulk",
};

export function bulkAssess<D extends boolean>(
  target: BulkTarget,
  body: { assessment: AssessmentInput; dryRun: D },
  signal?: AbortSignal,
): Promise<D extends true ? BulkDryRunResponse : BulkResultResponse> {
  return call(BULK_URL[target.kind], { method: "POST", body: JSON.stringify({ search: target.search, ...body }), signal });
}

export interface IssueEventsPage {
  data: EventListItem[];
  nextCursor: string | null;
  total: number;
}

export function fetchIssueEvents(id: string, q: { q: string; sort: string; cursor: string | null }, signal?: AbortSignal): Promise<IssueEventsPage> {
  const p = new URLSearchParams({ limit: "25", sort: q.sort });
  if (q.q) p.set("q", q.q);
  if (q.cursor) p.set("cursor", q.cursor);
  return call(`/api/v1/issues/${enc(id)}/events?${p}`, { signal });
}

export type CommentSubject = { type: "issue" | "event"; id: string };

const commentsUrl = (s: CommentSubject) => `/api/v1/${s.type === "issue" ? "issues" : "events"}/${enc(s.id)}/comments`;

export async function fetchComments(s: CommentSubject, signal?: AbortSignal): Promise<CommentItem[]> {
  const out = await call<CommentItem[] | { data: CommentItem[] }>(commentsUrl(s), { signal });
  return Array.isArray(out) ? out : out.data;
}

export function createComment(s: CommentSubject, body: string): Promise<CommentItem> {
  return call(commentsUrl(s), { method: "POST", body: JSON.stringify({ body }) });
}

export function editComment(id: string, body: string, version: number): Promise<CommentItem> {
  return call(`/api/v1/comments/${enc(id)}`, { method: "PATCH", body: JSON.stringify({ body, version }) });
}

export function deleteComment(id: string): Promise<void> {
  return call(`/api/v1/comments/${enc(id)}`, { method: "DELETE" });
}

/** A one-line account of a failed request for the status line. */
export function describeError(err: unknown): string {
  if (err instanceof ConflictProblem) return "Someone else changed it first; it has been refreshed.";
  if (err instanceof ApiProblem) return err.detail || err.title;
  return err instanceof Error ? err.message : "The request failed";
}
