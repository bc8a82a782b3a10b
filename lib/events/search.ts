import "server-only";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { filterSql, Params, querySql, resolveFilters, type ResolvedFilter } from "./compile";
import { decodeCursor, encodeCursor } from "./cursor";
import { readAggregates } from "./facets";
import { fieldByName, type FieldDef, type Sort } from "./fields";
import { parseQuery, type QueryNode } from "./parse-query";
import { fieldValuesSchema, parseOrThrow, searchRequestSchema } from "./schemas";
import type { z } from "zod";
import { searchQuery } from "./statement";
import { chooseInterval, resolveRange, type TimeRange } from "./time-range";
import { LIST_COLUMNS, toListItem, type ListRow } from "./list-item";
import type { FacetValue, SearchRequest, SearchResponse } from "./types";

// The one search engine behind the Events page, the API and exports. Every statement is scoped
// to ctx.tenantId as its first parameter. The page reads events by keyset; facets, the histogram
// and the total come from one aggregate statement (./facets.ts) over the rollups where they can
// answer (whole hours and days, rollup dimensions only) and over raw events for the rest.

type FieldValuesInput = z.input<typeof fieldValuesSchema>;

const DEFAULT_LIMIT = 50;
const DEFAULT_FACET_LIMIT = 10;

export interface CompiledSearch {
  tenantId: string;
  query: QueryNode | null;
  filters: ResolvedFilter[];
  range: TimeRange;
  sort: Sort;
}

/** Validates and parses a search; throws ValidationError naming the field (and query position). */
export function compileSearch(tenantId: string, input: SearchRequest): CompiledSearch {
  const data = parseOrThrow(searchRequestSchema, input);
  const q = parseQuery(data.query ?? "");
  if (!q.ok) {
    throw new ValidationError(`query: ${q.error.message} (at position ${q.error.position})`, {
      field: "query",
      position: q.error.position,
      length: q.error.length,
    });
  }
  return {
    tenantId,
    query: q.query,
    filters: resolveFilters(data.filters),
    range: resolveRange(data.from, data.to),
    sort: (data.sort ?? "-time") as Sort,
  };
}

/** WHERE conditions shared by every statement, except the time bounds and the filters left out. */
function baseConditions(s: CompiledSearch, params: Params, without?: string): string[] {
  const conds: string[] = [];
  if (s.query) conds.push(querySql(s.query, params, "$1"));
  for (const f of s.filters) if (f.field.name !== without) conds.push(filterSql(f, params, "$1"));
  return conds;
}

export async function searchEvents({
  ctx,
  input,
  signal,
}: {
  ctx: CallerContext;
  input: SearchRequest;
  /** Aborting it cancels the search's statements. */
  signal?: AbortSignal;
}): Promise<SearchResponse> {
  if (!roleCan(ctx.role, "read")) throw new ForbiddenError();
  const search = compileSearch(ctx.tenantId, input);
  const facets = resolveFacets(input.facets);
  const interval = input.histogram ? chooseInterval(search.range, input.histogram.interval) : null;
  const limit = input.limit ?? DEFAULT_LIMIT;
  const wantAggregates = input.total !== false || facets.length > 0 || interval !== null;

  const [page, aggregates] = await Promise.all([
    readPage(search, limit, input.cursor, signal),
    wantAggregates ? readAggregates(search, facets, input.facetLimit ?? DEFAULT_FACET_LIMIT, interval, signal) : null,
  ]);
  return {
    data: page.rows,
    nextCursor: page.nextCursor,
    total: aggregates?.total ?? page.rows.length,
    totalIsExact: aggregates !== null,
    facets: aggregates?.facets ?? {},
    histogram: aggregates?.histogram ?? [],
    from: search.range.from.toISOString(),
    to: search.range.to.toISOString(),
    interval,
  };
}

function resolveFacets(names: string[] | undefined): FieldDef[] {
  const out: FieldDef[] = [];
  for (const [i, name] of (names ?? []).entries()) {
    const field = fieldByName(name);
    if (!field || !field.facet) {
      throw new ValidationError(`facets: "${name}" is not a facet field`, { field: `facets.${i}` });
    }
    if (!out.includes(field)) out.push(field);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The page

const ORDER: Record<Sort, { order: string; keyset: string; comparator: "<" | ">" }> = {
  "-time": { order: "occurred_at DESC, id DESC", keyset: "(occurred_at, id)", comparator: "<" },
  time: { order: "occurred_at ASC, id ASC", keyset: "(occurred_at, id)", comparator: ">" },
  "-severity": { order: "severity_rank(severity) DESC, occurred_at DESC, id DESC", keyset: "(severity_rank(severity), occurred_at, id)", comparator: "<" },
  severity: { order: "severity_rank(severity) ASC, occurred_at ASC, id ASC", keyset: "(severity_rank(severity), occurred_at, id)", comparator: ">" },
};

/**
 * SQL selecting the ids of every event the search matches (aliased `id`), over its whole time
 * range: for operations on a search's events, such as bulk assessment. `params` must hold the
 * tenant as $1.
 */
export function matchingEventsSql(s: CompiledSearch, params: Params): string {
  const conds = [
    "tenant_id = $1",
    `occurred_at >= ${params.add(s.range.from)}`,
    `occurred_at < ${params.add(s.range.to)}`,
    ...baseConditions(s, params),
  ];
  return `SELECT id FROM events WHERE ${conds.join(" AND ")}`;
}

async function readPage(s: CompiledSearch, limit: number, cursor: string | undefined, signal?: AbortSignal) {
  const params = new Params();
  params.add(s.tenantId);
  const conds = [
    "tenant_id = $1",
    `occurred_at >= ${params.add(s.range.from)}`,
    `occurred_at < ${params.add(s.range.to)}`,
    ...baseConditions(s, params),
  ];
  const order = ORDER[s.sort];
  if (cursor) {
    const key = decodeCursor(cursor, s.sort);
    const parts = order.keyset.startsWith("(severity_rank")
      ? [params.add(key.rank ?? 1), `${params.add(key.occurredAt)}::timestamptz`, `${params.add(key.id)}::bigint`]
      : [`${params.add(key.occurredAt)}::timestamptz`, `${params.add(key.id)}::bigint`];
    conds.push(`${order.keyset} ${order.comparator} (${parts.join(", ")})`);
  }
  const sql = `SELECT p.*, a.name AS agent_name
    FROM (SELECT ${LIST_COLUMNS}, severity_rank(severity) AS rank FROM events
           WHERE ${conds.join(" AND ")} ORDER BY ${order.order} LIMIT ${params.add(limit + 1)}) p
    LEFT JOIN agents a ON a.id = p.agent_id AND a.tenant_id = $1
    ORDER BY ${order.order.replaceAll("severity_rank(severity)", "p.rank")}`;
  const found = await searchQuery<ListRow & { rank: number }>(sql, params.values, signal);
  const rows = found.slice(0, limit);
  const last = rows[rows.length - 1];
  const nextCursor =
    found.length > limit && last
      ? encodeCursor({ sort: s.sort, rank: s.sort.endsWith("severity") ? last.rank : null, occurredAt: last.occurred_at.toISOString(), id: String(last.id) })
      : null;
  return { rows: rows.map(toListItem), nextCursor };
}

// ---------------------------------------------------------------------------------------------
// Autocomplete

/** Autocomplete: the most frequent values of one facet field in a time range, optionally by prefix. */
export async function facetValues({ ctx, input }: { ctx: CallerContext; input: FieldValuesInput }): Promise<{ field: string; values: FacetValue[] }> {
  if (!roleCan(ctx.role, "read")) throw new ForbiddenError();
  const data = parseOrThrow(fieldValuesSchema, input);
  const field = fieldByName(data.field);
  if (!field || !field.facet) throw new ValidationError(`field: "${data.field}" is not a facet field`, { field: "field" });
  const search: CompiledSearch = {
    tenantId: ctx.tenantId,
    query: data.prefix ? { type: "term", field: field.name, op: "prefix", value: data.prefix, position: 0 } : null,
    filters: [],
    range: resolveRange(data.from, data.to),
    sort: "-time",
  };
  const out = await readAggregates(search, [field], data.limit ?? 10, null);
  return { field: field.name, values: out.facets[field.name] ?? [] };
}
