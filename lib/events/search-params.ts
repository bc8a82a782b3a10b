// The Events page's URL is its state: this one parser is shared by the server page and the
// browser, so a copied link reproduces the view. Pure: safe in client components.
//
//   q=<query text>  range=15m|1h|24h|7d|30d (default 24h) or from=<ISO>&to=<ISO>
//   f=<field>:<value> (repeated, include)  x=<field>:<value> (repeated, exclude)
//   sort=-time|time|-severity|severity  cols=<column>,<column>,…
import { fieldByName, SORTS, type Sort } from "./fields";
import type { FieldFilter, HistogramInterval, SearchRequest } from "./types";
import { INTERVAL_MS } from "./time-range";

export const RANGE_PRESETS = ["15m", "1h", "24h", "7d", "30d"] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];
export const DEFAULT_RANGE: RangePreset = "24h";

const MINUTE = 60_000;
export const PRESET_MS: Record<RangePreset, number> = {
  "15m": 15 * MINUTE,
  "1h": 60 * MINUTE,
  "24h": 24 * 60 * MINUTE,
  "7d": 7 * 24 * 60 * MINUTE,
  "30d": 30 * 24 * 60 * MINUTE,
};

/** Columns of the results table; `cols` in the URL lists the visible ones. */
export const EVENT_COLUMNS = [
  "time", "severity", "type", "agent", "process", "destination", "summary",
  "kind", "sourceFormat", "cluster", "namespace", "pod", "container", "image", "repository", "workflow",
  "parentExe", "processPid", "processUid", "filePath", "action", "outcome", "policyName", "flags", "id",
] as const;
export type EventColumn = (typeof EVENT_COLUMNS)[number];
export const DEFAULT_COLUMNS: readonly EventColumn[] = ["time", "severity", "type", "agent", "process", "destination", "summary"];

export const DEFAULT_SORT: Sort = "-time";

/** A relative range ends now; an absolute one has at least one bound (the other is the API's default). */
export type TimeRangeState =
  | { kind: "preset"; preset: RangePreset }
  | { kind: "absolute"; from: string | null; to: string | null };

export interface FilterTerm {
  /** The field's API name (aliases are resolved when parsing). */
  field: string;
  value: string;
}

export type FilterMode = "include" | "exclude";

export interface EventsSearchState {
  q: string;
  range: TimeRangeState;
  include: FilterTerm[];
  exclude: FilterTerm[];
  sort: Sort;
  cols: EventColumn[];
}

export const DEFAULT_STATE: EventsSearchState = {
  q: "",
  range: { kind: "preset", preset: DEFAULT_RANGE },
  include: [],
  exclude: [],
  sort: DEFAULT_SORT,
  cols: [...DEFAULT_COLUMNS],
};

/** What Next passes a page as `searchParams`, or a URLSearchParams from the browser. */
export type RawSearchParams = URLSearchParams | Record<string, string | string[] | undefined>;

const MAX_QUERY_LENGTH = 4000;
const MAX_FILTERS = 50;

export function parseSearchParams(raw: RawSearchParams): EventsSearchState {
  const all = (key: string): string[] => {
    if (raw instanceof URLSearchParams) return raw.getAll(key);
    const v = raw[key];
    return v === undefined ? [] : Array.isArray(v) ? v : [v];
  };
  const first = (key: string): string | undefined => all(key)[0];

  const include = parseTerms(all("f"));
  const exclude = parseTerms(all("x")).filter((t) => !include.some((i) => sameTerm(i, t)));
  return {
    q: (first("q") ?? "").slice(0, MAX_QUERY_LENGTH).trim(),
    range: parseRange(first("range"), first("from"), first("to")),
    include,
    exclude,
    sort: SORTS.includes(first("sort") as Sort) ? (first("sort") as Sort) : DEFAULT_SORT,
    cols: parseColumns(first("cols")),
  };
}

function parseRange(range: string | undefined, from: string | undefined, to: string | undefined): TimeRangeState {
  let start = parseInstant(from);
  let end = parseInstant(to);
  if (start && end && start > end) [start, end] = [end, start];
  if (start && end && start === end) end = null;
  if (start || end) return { kind: "absolute", from: start, to: end };
  const preset = RANGE_PRESETS.find((p) => p === range);
  return { kind: "preset", preset: preset ?? DEFAULT_RANGE };
}

/** A normalized ISO instant, or null for anything Date cannot read. */
function parseInstant(text: string | undefined): string | null {
  if (!text) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function parseTerms(values: string[]): FilterTerm[] {
  const out: FilterTerm[] = [];
  for (const text of values) {
    const term = parseTerm(text);
    if (term && !out.some((t) => sameTerm(t, term)) && out.length < MAX_FILTERS) out.push(term);
  }
  return out;
}

/** `field:value`, split at the first colon so values may hold colons (IPv6, URLs). */
export function parseTerm(text: string): FilterTerm | null {
  const colon = text.indexOf(":");
  if (colon <= 0) return null;
  const field = fieldByName(text.slice(0, colon));
  const value = text.slice(colon + 1);
  if (!field || value === "") return null;
  return { field: field.name, value };
}

export function formatTerm(term: FilterTerm): string {
  return `${term.field}:${term.value}`;
}

export function sameTerm(a: FilterTerm, b: FilterTerm): boolean {
  return a.field === b.field && a.value === b.value;
}

function parseColumns(text: string | undefined): EventColumn[] {
  if (text === undefined) return [...DEFAULT_COLUMNS];
  const wanted = text.split(",").map((c) => c.trim());
  const cols = EVENT_COLUMNS.filter((c) => wanted.includes(c));
  return cols.length > 0 ? cols : [...DEFAULT_COLUMNS];
}

/** The canonical query string (no "?"), leaving out defaults so links stay short. */
export function serializeSearchState(state: EventsSearchState): string {
  const p = new URLSearchParams();
  if (state.q) p.set("q", state.q);
  if (state.range.kind === "preset") {
    if (state.range.preset !== DEFAULT_RANGE) p.set("range", state.range.preset);
  } else {
    if (state.range.from) p.set("from", state.range.from);
    if (state.range.to) p.set("to", state.range.to);
  }
  for (const t of state.include) p.append("f", formatTerm(t));
  for (const t of state.exclude) p.append("x", formatTerm(t));
  if (state.sort !== DEFAULT_SORT) p.set("sort", state.sort);
  if (!sameColumns(state.cols, DEFAULT_COLUMNS)) p.set("cols", orderedColumns(state.cols).join(","));
  return p.toString();
}

/** The part of the state that decides the results: a stable cache key (columns do not matter). */
export function searchKey(state: EventsSearchState): string {
  return serializeSearchState({ ...state, cols: [...DEFAULT_COLUMNS] });
}

function orderedColumns(cols: readonly EventColumn[]): EventColumn[] {
  return EVENT_COLUMNS.filter((c) => cols.includes(c));
}

function sameColumns(a: readonly EventColumn[], b: readonly EventColumn[]): boolean {
  const x = orderedColumns(a);
  const y = orderedColumns(b);
  return x.length === y.length && x.every((c, i) => c === y[i]);
}

/** Absolute bounds for the range; presets end at `now`. */
export function resolveTimeRange(range: TimeRangeState, now: Date = new Date()): { from?: string; to?: string } {
  if (range.kind === "preset") {
    return { from: new Date(now.getTime() - PRESET_MS[range.preset]).toISOString(), to: now.toISOString() };
  }
  return { from: range.from ?? undefined, to: range.to ?? undefined };
}

/** Include terms become one FieldFilter per field (values OR-ed); exclude terms likewise, negated. */
export function toFieldFilters(state: Pick<EventsSearchState, "include" | "exclude">): FieldFilter[] {
  const group = (terms: FilterTerm[], exclude: boolean): FieldFilter[] => {
    const byField = new Map<string, string[]>();
    for (const t of terms) byField.set(t.field, [...(byField.get(t.field) ?? []), t.value]);
    return [...byField].map(([field, values]) => (exclude ? { field, values, exclude: true } : { field, values }));
  };
  return [...group(state.include, false), ...group(state.exclude, true)];
}

/** The search the state describes (no paging, facets or histogram: callers add those). */
export function toSearchRequest(state: EventsSearchState, now: Date = new Date()): SearchRequest {
  const filters = toFieldFilters(state);
  return {
    ...(state.q ? { query: state.q } : {}),
    ...(filters.length > 0 ? { filters } : {}),
    ...resolveTimeRange(state.range, now),
    sort: state.sort,
  };
}

/** Rows per page of the results table. */
export const EVENTS_PAGE_SIZE = 100;
/** Values shown per facet before "more"; one extra is asked for to know whether there are more. */
export const FACET_TOP = 10;
export const FACET_EXPANDED = 50;

/** What the sidebar, the histogram and the total ask for. */
function aggregateFields(facets: readonly string[]): Pick<SearchRequest, "facets" | "facetLimit" | "histogram"> {
  return { facets: [...facets], facetLimit: FACET_TOP + 1, histogram: { interval: "auto" } };
}

/** The first page's rows alone: the browser asks for them apart from aggregatesRequest, so rows never wait for facets. */
export function rowsPageRequest(state: EventsSearchState, now: Date = new Date()): SearchRequest {
  return { ...toSearchRequest(state, now), limit: EVENTS_PAGE_SIZE, total: false };
}

/** Total, facets and histogram over the first page's effective range. */
export function aggregatesRequest(state: EventsSearchState, range: { from: string; to: string }, facets: readonly string[]): SearchRequest {
  return { ...toSearchRequest(state), from: range.from, to: range.to, limit: 1, ...aggregateFields(facets) };
}

/** A following page: the first page's effective range keeps every page on the same window. */
export function nextPageRequest(state: EventsSearchState, range: { from: string; to: string }, cursor: string): SearchRequest {
  return { ...toSearchRequest(state), from: range.from, to: range.to, cursor, limit: EVENTS_PAGE_SIZE, total: false };
}

/** One facet's values beyond the top ones, over the results' range. */
export function facetRequest(state: EventsSearchState, range: { from: string; to: string }, field: string): SearchRequest {
  return { ...toSearchRequest(state), from: range.from, to: range.to, limit: 1, total: false, facets: [field], facetLimit: FACET_EXPANDED };
}

export function hasFilters(state: EventsSearchState): boolean {
  return state.q !== "" || state.include.length > 0 || state.exclude.length > 0;
}

/** Adds a filter; the same term in the other mode is replaced, so a value is never both. */
export function withFilter(state: EventsSearchState, term: FilterTerm, mode: FilterMode): EventsSearchState {
  const include = state.include.filter((t) => !sameTerm(t, term));
  const exclude = state.exclude.filter((t) => !sameTerm(t, term));
  return mode === "include" ? { ...state, include: [...include, term], exclude } : { ...state, include, exclude: [...exclude, term] };
}

export function withoutFilter(state: EventsSearchState, term: FilterTerm): EventsSearchState {
  return {
    ...state,
    include: state.include.filter((t) => !sameTerm(t, term)),
    exclude: state.exclude.filter((t) => !sameTerm(t, term)),
  };
}

export function filterModeOf(state: EventsSearchState, term: FilterTerm): FilterMode | null {
  if (state.include.some((t) => sameTerm(t, term))) return "include";
  if (state.exclude.some((t) => sameTerm(t, term))) return "exclude";
  return null;
}

export function withoutAnyFilter(state: EventsSearchState): EventsSearchState {
  return { ...state, q: "", include: [], exclude: [] };
}

/**
 * The absolute range covering histogram buckets `first`..`last` (bucket starts, any order):
 * from the earlier start to the end of the later bucket.
 */
export function zoomRange(first: string, last: string, interval: HistogramInterval): TimeRangeState {
  const a = Date.parse(first);
  const b = Date.parse(last);
  return {
    kind: "absolute",
    from: new Date(Math.min(a, b)).toISOString(),
    to: new Date(Math.max(a, b) + INTERVAL_MS[interval]).toISOString(),
  };
}

/** The event detail link, carrying the current search so the detail page can lead back. */
export function eventHref(id: string, state: EventsSearchState): string {
  const back = serializeSearchState(state);
  return `/events/${encodeURIComponent(id)}${back ? `?back=${encodeURIComponent(back)}` : ""}`;
}

export function eventsHref(state: EventsSearchState): string {
  const qs = serializeSearchState(state);
  return qs ? `/events?${qs}` : "/events";
}
