import "server-only";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { pool } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError, ForbiddenError, ValidationError } from "@/lib/errors";
import { filterSql, Params, querySql, resolveFilters, rollupEligible, type ResolvedFilter } from "./compile";
import { decodeCursor, encodeCursor } from "./cursor";
import { fieldByName, SEVERITY_ORDER, type FieldDef, type Sort } from "./fields";
import { parseQuery, type QueryNode } from "./parse-query";
import { fieldValuesSchema, parseOrThrow, searchRequestSchema } from "./schemas";
import type { z } from "zod";
import { bucketStarts, chooseInterval, HOUR_MS, INTERVAL_MS, resolveRange, type TimeRange } from "./time-range";
import { LIST_COLUMNS, toListItem, type ListRow } from "./list-item";
import type { FacetValue, HistogramBucket, HistogramInterval, SearchRequest, SearchResponse, Severity } from "./types";

// The one search engine behind the Events page, the API and exports. Every statement is scoped
// to ctx.tenantId as its first parameter. The page reads events by keyset; facets, the histogram
// and the total come from one aggregate statement over the hourly rollup where it can answer
// (whole hours, rollup dimensions only) and over raw events for the rest.

type FieldValuesInput = z.input<typeof fieldValuesSchema>;

/**
 * One search statement, without JIT, cancelled by PostgreSQL when it runs past
 * VIGIL_SEARCH_TIMEOUT_MS, or when `signal` aborts (the browser moved on to another search).
 */
async function searchQuery<R extends object>(sql: string, values: unknown[], signal?: AbortSignal): Promise<R[]> {
  if (signal?.aborted) throw cancelledError();
  const client = await pool().connect();
  let cancelled = false;
  const cancel = () => {
    cancelled = true;
    const pid = (client as unknown as { processID: number | null }).processID;
    if (pid) pool().query("SELECT pg_cancel_backend($1)", [pid]).catch(() => undefined);
  };
  signal?.addEventListener("abort", cancel, { once: true });
  try {
    // JIT compiling the wide facet statement costs more than it saves on these row counts
    // (measured: +50 to +400 ms once the planner's estimates cross jit_above_cost).
    await client.query(`SET statement_timeout = ${env().VIGIL_SEARCH_TIMEOUT_MS}; SET jit = off`);
    return (await client.query<R>(sql, values)).rows;
  } catch (err) {
    if (cancelled) throw cancelledError();
    if ((err as { code?: string }).code === "57014") {
      throw new AppError(
        "The search took too long and was stopped: narrow the time range, or search fields instead of free text",
        503,
        "Search Timeout",
      );
    }
    throw err;
  } finally {
    signal?.removeEventListener("abort", cancel);
    // A connection that cannot reset its timeout is closed rather than returned to the pool,
    // and so is one a cancel was sent to: it might otherwise land on the next user's statement.
    const resetFailed = cancelled
      ? true
      : await client.query("RESET statement_timeout; RESET jit").then(() => undefined, (e: Error) => e);
    client.release(resetFailed);
  }
}

function cancelledError(): AppError {
  return new AppError("The search was cancelled: its request was aborted", 499, "Client Closed Request");
}

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
// Facets, histogram and total

interface Aggregates {
  total: number;
  facets: Record<string, FacetValue[]>;
  histogram: HistogramBucket[];
}

interface AggregateRow {
  facet: string;
  value: string | null;
  t: Date | null;
  count: string;
}

type Level = "daily" | "hourly" | "raw";

interface Segment {
  level: Level;
  from: Date;
  to: Date;
}

/** Splits [from, to) into whole days (daily rollup), whole hours (hourly rollup) and raw edges. */
export function segmentRange(from: Date, to: Date, finest: Level): Segment[] {
  const split = (a: Date, b: Date, level: Level): Segment[] => {
    if (a.getTime() >= b.getTime()) return [];
    if (level === "raw") return [{ level, from: a, to: b }];
    const unit = level === "daily" ? 24 * HOUR_MS : HOUR_MS;
    const next: Level = level === "daily" ? "hourly" : "raw";
    const start = new Date(Math.ceil(a.getTime() / unit) * unit);
    const end = new Date(Math.floor(b.getTime() / unit) * unit);
    if (start.getTime() >= end.getTime()) return split(a, b, next);
    return [...split(a, start, next), { level, from: start, to: end }, ...split(end, b, next)];
  };
  return split(from, to, finest);
}

const LEVEL_SOURCE: Record<Level, { table: string; time: string; count: string }> = {
  daily: { table: "event_rollups_daily", time: "day", count: "count" },
  hourly: { table: "event_rollups_hourly", time: "hour", count: "count" },
  raw: { table: "events", time: "occurred_at", count: "1::bigint" },
};

/**
 * The rows aggregation reads: `t` (day, hour or occurred_at), the columns facets and filters
 * need, and `n` (the rollup count, or 1 for an event). Rows failing more than one filter can
 * count for no facet and are dropped here already.
 */
function sourceSql(s: CompiledSearch, columns: string[], params: Params, finest: Level, relaxFilters: boolean): string {
  const conds = s.query ? [querySql(s.query, params, "$1")] : [];
  const filters = s.filters.map((f) => filterSql(f, params, "$1"));
  if (filters.length > 0) {
    conds.push(relaxFilters ? `(${filters.map((f) => `(${f}) IS NOT TRUE`).map((f) => `(${f})::int`).join(" + ")}) <= 1` : filters.join(" AND "));
  }
  const extra = conds.length ? ` AND ${conds.join(" AND ")}` : "";
  return segmentRange(s.range.from, s.range.to, finest)
    .map(({ level, from, to }) => {
      const src = LEVEL_SOURCE[level];
      return `SELECT ${src.time} AS t, ${columns.join(", ")}, ${src.count} AS n FROM ${src.table}
               WHERE tenant_id = $1 AND ${src.time} >= ${params.add(from)} AND ${src.time} < ${params.add(to)}${extra}`;
    })
    .join(" UNION ALL ");
}

function finestLevel(s: CompiledSearch, interval: HistogramInterval | null): Level {
  if (!rollupEligible(s.query, s.filters)) return "raw";
  const ms = interval ? INTERVAL_MS[interval] : Infinity;
  if (ms >= INTERVAL_MS["1d"]) return "daily";
  return ms >= INTERVAL_MS["1h"] ? "hourly" : "raw";
}

async function readAggregates(
  s: CompiledSearch,
  facets: FieldDef[],
  facetLimit: number,
  interval: HistogramInterval | null,
  signal?: AbortSignal,
): Promise<Aggregates> {
  const params = new Params();
  params.add(s.tenantId);
  const filterFields = new Set(s.filters.map((f) => f.field.name));
  const columns = [...new Set(["severity", ...facets.map((f) => f.column), ...s.filters.map((f) => f.field.column)])];
  const relax = facets.some((f) => filterFields.has(f.name));
  const source = sourceSql(s, columns, params, finestLevel(s, interval), relax);
  const where = (without?: string) => {
    const conds = s.filters.filter((f) => f.field.name !== without).map((f) => filterSql(f, params, "$1"));
    return conds.length ? `WHERE ${conds.join(" AND ")}` : "";
  };
  const limitParam = params.add(facetLimit);

  // Facets whose field has no filter share one pass with the histogram and the total
  // (GROUPING SETS); a filtered facet is counted without its own filter; flags are unnested.
  const shared = facets.filter((f) => !filterFields.has(f.name) && f.type !== "array");
  const sets = shared.map((f) => `(${f.column})`);
  const facetWhens = shared.map((f) => `WHEN GROUPING(${f.column}) = 0 THEN '${f.name}'`);
  const valueWhens = shared.map((f) => `WHEN GROUPING(${f.column}) = 0 THEN ${f.column}::text`);
  let bucket = "NULL::timestamptz";
  if (interval) {
    bucket = `date_bin(${params.add(`${INTERVAL_MS[interval] / 1000} seconds`)}::interval, t, TIMESTAMPTZ '2000-01-01 00:00:00+00')`;
    sets.push(`(${bucket}, severity)`);
  }
  sets.push("()");
  if (interval) {
    // The histogram's set also groups severity: test for it before the severity facet's set.
    facetWhens.unshift(`WHEN GROUPING(${bucket}) = 0 THEN '#histogram'`);
    valueWhens.unshift(`WHEN GROUPING(${bucket}) = 0 THEN severity`);
  }
  const caseOf = (whens: string[], otherwise: string) => (whens.length ? `CASE ${whens.join(" ")} ELSE ${otherwise} END` : otherwise);
  const parts = [
    `SELECT facet, value, t, count FROM (
       SELECT facet, value, t, count,
              row_number() OVER (PARTITION BY facet ORDER BY value IS NULL, count DESC, value) AS rn FROM (
         SELECT ${caseOf(facetWhens, "'#total'")} AS facet,
                ${caseOf(valueWhens, "NULL::text")} AS value,
                ${interval ? `CASE WHEN GROUPING(${bucket}) = 0 THEN ${bucket} END` : "NULL::timestamptz"} AS t,
                sum(n) AS count
           FROM src ${where()}
          GROUP BY GROUPING SETS (${sets.join(", ")})
       ) g
     ) ranked
     WHERE facet LIKE '#%' OR (value IS NOT NULL AND rn <= ${limitParam})`,
  ];
  for (const f of facets.filter((f) => filterFields.has(f.name) && f.type !== "array")) {
    const w = where(f.name);
    parts.push(`(SELECT '${f.name}', ${f.column}::text, NULL::timestamptz, sum(n) FROM src
                 ${w ? `${w} AND` : "WHERE"} ${f.column} IS NOT NULL
                 GROUP BY ${f.column} ORDER BY 4 DESC, 2 LIMIT ${limitParam})`);
  }
  for (const f of facets.filter((f) => f.type === "array")) {
    parts.push(`(SELECT '${f.name}', v, NULL::timestamptz, sum(n) FROM src CROSS JOIN LATERAL unnest(src.${f.column}) AS u(v)
                 ${where(f.name)} GROUP BY v ORDER BY 4 DESC, 2 LIMIT ${limitParam})`);
  }
  const sql = `WITH src AS MATERIALIZED (${source}) ${parts.join(" UNION ALL ")}`;
  return shapeAggregates(s, await searchQuery<AggregateRow>(sql, params.values, signal), facets, interval);
}

async function shapeAggregates(
  s: CompiledSearch,
  rows: AggregateRow[],
  facets: FieldDef[],
  interval: HistogramInterval | null,
): Promise<Aggregates> {
  const out: Aggregates = { total: 0, facets: Object.fromEntries(facets.map((f) => [f.name, []])), histogram: [] };
  const buckets = new Map<number, HistogramBucket>();
  if (interval) {
    for (const t of bucketStarts(s.range, interval)) {
      const b = { t: t.toISOString(), count: 0, bySeverity: { low: 0, medium: 0, high: 0, critical: 0 } };
      buckets.set(t.getTime(), b);
      out.histogram.push(b);
    }
  }
  for (const r of rows) {
    const count = Number(r.count);
    if (r.facet === "#total") out.total = count;
    else if (r.facet === "#histogram") {
      const b = buckets.get(r.t!.getTime());
      if (b && (SEVERITY_ORDER as readonly string[]).includes(r.value ?? "")) {
        b.count += count;
        b.bySeverity[r.value as Severity] += count;
      }
    } else if (r.value !== null && count > 0) out.facets[r.facet]?.push({ value: r.value, count });
  }
  for (const list of Object.values(out.facets)) list.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  if (out.facets.agent?.length) out.facets.agent = await agentFacetByName(s.tenantId, out.facets.agent);
  return out;
}

/** Agent facet values are agent ids in SQL; analysts filter by name, so show (and merge by) names. */
async function agentFacetByName(tenantId: string, values: FacetValue[]): Promise<FacetValue[]> {
  const res = await pool().query<{ id: string; name: string }>(
    "SELECT id, name FROM agents WHERE tenant_id = $1 AND id = ANY($2::uuid[])",
    [tenantId, values.map((v) => v.value)],
  );
  const names = new Map(res.rows.map((r) => [r.id, r.name]));
  const merged = new Map<string, number>();
  for (const v of values) {
    const name = names.get(v.value) ?? v.value;
    merged.set(name, (merged.get(name) ?? 0) + v.count);
  }
  return [...merged].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

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
