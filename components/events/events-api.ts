// Browser calls to the events and saved-search APIs. Errors arrive as RFC 9457 problem+json
// and surface as ApiProblem so views can show the server's detail.
import type { FacetValue, SearchRequest, SearchResponse } from "@/lib/events/types";
import type { SavedSearchItem } from "@/lib/saved-searches/schemas";

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly field?: string,
    readonly position?: number,
  ) {
    super(detail || title);
  }
}

/** Whether trying again may help: a server fault or a lost connection, not a refused request (4xx). */
export function isRetryable(err: Error): boolean {
  return !(err instanceof ApiProblem && err.status < 500);
}

export async function problemFrom(res: Response): Promise<ApiProblem> {
  const body = (await res.json().catch(() => null)) as { title?: string; detail?: string; field?: string; position?: number } | null;
  return new ApiProblem(
    res.status,
    body?.title ?? res.statusText ?? "Request failed",
    body?.detail ?? `The server answered ${res.status}`,
    typeof body?.field === "string" ? body.field : undefined,
    typeof body?.position === "number" ? body.position : undefined,
  );
}

async function call<T>(url: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(url, {
    ...init,
    headers: init.body ? { "content-type": "application/json", ...init.headers } : init.headers,
  });
  if (!res.ok) throw await problemFrom(res);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

export function postSearch(body: SearchRequest, signal?: AbortSignal): Promise<SearchResponse> {
  return call("/api/v1/events/search", { method: "POST", body: JSON.stringify(body), signal });
}

export interface FieldValuesQuery {
  field: string;
  prefix: string;
  from?: string;
  to?: string;
  limit?: number;
}

export async function getFieldValues(q: FieldValuesQuery, signal?: AbortSignal): Promise<FacetValue[]> {
  const p = new URLSearchParams({ field: q.field, prefix: q.prefix, limit: String(q.limit ?? 10) });
  if (q.from) p.set("from", q.from);
  if (q.to) p.set("to", q.to);
  const out = await call<{ field: string; values: FacetValue[] }>(`/api/v1/events/values?${p}`, { signal });
  return out.values;
}

export type SavedSearch = SavedSearchItem;

export async function listSavedSearches(signal?: AbortSignal): Promise<SavedSearch[]> {
  return (await call<{ data: SavedSearch[] }>("/api/v1/saved-searches", { signal })).data;
}

export function createSavedSearch(input: { name: string; query: string; shared: boolean }): Promise<SavedSearch> {
  return call("/api/v1/saved-searches", { method: "POST", body: JSON.stringify(input) });
}

export function updateSavedSearch(id: string, input: { name?: string; shared?: boolean }): Promise<SavedSearch> {
  return call(`/api/v1/saved-searches/${encodeURIComponent(id)}`, { method: "PATCH", body: JSON.stringify(input) });
}

export function deleteSavedSearch(id: string): Promise<void> {
  return call(`/api/v1/saved-searches/${encodeURIComponent(id)}`, { method: "DELETE" });
}
