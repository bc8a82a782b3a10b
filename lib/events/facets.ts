import "server-only";
import { readQuery } from "@/lib/db/replica";
import { filterSql, Params } from "./compile";
import { SEVERITY_ORDER, type FieldDef } from "./fields";
import { eventSourceSql, finestLevel, type EventScope } from "./rollups";
import { searchQuery } from "./statement";
import { bucketStarts, INTERVAL_MS, type TimeRange } from "./time-range";
import type { FacetValue, HistogramBucket, HistogramInterval, Severity } from "./types";

// Search's aggregates: facet counts (each over the filters minus its own), the severity
// histogram and the total, in one statement over the rollups where they can answer
// (lib/events/rollups.ts) and over raw events for the rest.

export interface Aggregates {
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

export async function readAggregates(
  s: EventScope & { range: TimeRange },
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
  const finest = finestLevel(s, facets, interval ? INTERVAL_MS[interval] : Infinity);
  const source = eventSourceSql(s, { ranges: [s.range], columns, params, finest, relaxFilters: relax });
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
  s: EventScope & { range: TimeRange },
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
  const res = await readQuery<{ id: string; name: string }>(
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
