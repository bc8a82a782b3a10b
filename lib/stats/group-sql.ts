// The SQL of a statistics count over any row source (events from their rollups, issues): a total,
// named windows counted alongside, group-by trees of up to three levels cut to a limit per level
// (with what the cut left out), and time series. Pure: builds SQL and shapes its rows; run the
// statement with STATS_STATEMENT's settings.
import type { Params } from "@/lib/events/compile";

/** One level of a group-by tree, over a column of the source (`s.<column>`). */
export interface GroupDim {
  column: string;
  /** The column is an array: a row counts once for each of its values. */
  array: boolean;
  limit: number;
  /** Count rows without a value as a bucket of their own (key null); otherwise leave them out. */
  missing: boolean;
  /**
   * Count (and rank and cut) the level over this window of the spec instead of `main`: the
   * previous period's distinct values, in the same pass. Every level of a grouping names the same.
   */
  over?: number;
}

export interface SeriesSpec {
  /** SQL of a row's bucket start over `s`, e.g. date_bin(…, s.t, …). */
  bucket: string;
  by?: { column: string; array: boolean };
}

export interface GroupCountSpec {
  /** SQL of the source's rows; its columns are read as `s.<name>`, counts as `s.n`. */
  source: string;
  /** Predicate over `s` of the rows `count` counts. */
  main: string;
  /** Predicates over `s` of the windows counted alongside. */
  windows: string[];
  groupings: GroupDim[][];
  series: SeriesSpec[];
  /**
   * The source's columns that the predicates and dimensions read: where lists are unnested, the
   * source is first collapsed to them (rollup rows that differ in other dimensions summed), so
   * that fewer rows are copied per list value (flags › severity › type over 30 days of 1M
   * events: 250 → 100 ms). Without lists it costs more than it saves, and is skipped.
   */
  collapse?: string[];
}

export interface GroupCountRow {
  part: "total" | "group" | "series";
  /** The grouping or series index. */
  g: number;
  lvl: number;
  k1: string | null;
  k2: string | null;
  k3: string | null;
  t: Date | null;
  c: string;
  w: string[] | null;
  /** How many buckets, and how many rows in them, the level had under this parent before the cut. */
  sibs: string | null;
  sib_total: string | null;
}

// Keys travel encoded so that NULL is a key like any other and joins stay hashable: "=value",
// or "-" for no value.
const MISSING = "-";

/**
 * How to run the statement: its GROUPING SETS pass hashes every row once per set, which spilled
 * to disk at the default work_mem (twice the time on 1M events); and the planner's parallel sorted
 * plan for many segments was slower than one process hashing them on this 2-core machine.
 */
export const STATS_STATEMENT = { workMem: "64MB", parallel: false } as const;

const encode = (sql: string) => `coalesce('=' || (${sql})::text, '${MISSING}')`;

/**
 * The one GROUPING SETS pass over the source: every list column any level reads is unnested
 * (with its ordinality), and each set's rows are told apart by GROUPING()'s bitmask. A set that
 * does not group by a list counts each source row once, through the list's first element (or its
 * absence): its counts come from the sums of its variant, which filter the other copies out.
 */
class Pass {
  readonly exprs: string[] = [];
  readonly sets: { ids: number[]; variant: number }[] = [{ ids: [], variant: 0 }];
  /** Per variant, the lists its sets group by. */
  readonly variants: string[][] = [[]];

  constructor(readonly arrays: string[]) {}

  private expr(sql: string): number {
    return this.exprs.includes(sql) ? this.exprs.indexOf(sql) : this.exprs.push(sql) - 1;
  }

  /** The expression of a dimension: a column, or the unnested value of a list. */
  dim(d: { column: string; array: boolean }): number {
    return this.expr(d.array ? `u_${d.column}.v` : `s.${d.column}`);
  }

  bucket(sql: string): number {
    return this.expr(sql);
  }

  /** Registers the set of these expressions; `lists` are the list columns among them. */
  set(ids: number[], lists: string[]): number {
    const key = (x: number[]) => [...x].sort((p, q) => p - q).join(",");
    const variantKey = [...new Set(lists)].sort().join(",");
    let variant = this.variants.findIndex((v) => v.join(",") === variantKey);
    if (variant < 0) variant = this.variants.push(variantKey ? variantKey.split(",") : []) - 1;
    const found = this.sets.findIndex((x) => key(x.ids) === key(ids) && x.variant === variant);
    return found >= 0 ? found : this.sets.push({ ids, variant }) - 1;
  }

  /** A set's rows: `x<i>` for its expressions, `c` and `w` its counts. */
  rows(set: number): string {
    const { variant } = this.sets[set];
    // GROUPING(x0, x1, …) sets a bit, the first expression's the highest, for each expression a set leaves out.
    const mask = this.exprs.reduce((m, _, i) => m | (this.sets[set].ids.includes(i) ? 0 : 1 << (this.exprs.length - 1 - i)), 0);
    return `SELECT *, c${variant} AS c, w${variant} AS w FROM agg WHERE gm = ${mask}`;
  }

  sql(spec: GroupCountSpec): string {
    const from = this.arrays.length && spec.collapse?.length
      ? `(SELECT ${spec.collapse.join(", ")}, sum(n)::bigint AS n FROM src GROUP BY ${spec.collapse.join(", ")}) s`
      : "src s";
    const lateral = this.arrays.map((c) => ` LEFT JOIN LATERAL unnest(s.${c}) WITH ORDINALITY AS u_${c}(v, i) ON true`).join("");
    const sums = this.variants.map((lists, v) => {
      const once = this.arrays.filter((c) => !lists.includes(c)).map((c) => ` AND (u_${c}.i IS NULL OR u_${c}.i = 1)`).join("");
      const sum = (p: string) => `coalesce(sum(s.n) FILTER (WHERE (${p})${once}), 0)`;
      return `${sum(spec.main)}::bigint AS c${v}, ARRAY[${spec.windows.map(sum).join(", ")}]::bigint[] AS w${v}`;
    });
    const grouping = this.exprs.length ? `GROUPING(${this.exprs.join(", ")})` : "0";
    const sets = this.sets.map((x) => `(${x.ids.map((i) => this.exprs[i]).join(", ")})`);
    return `agg AS (SELECT ${grouping} AS gm${this.exprs.map((e, i) => `, ${e} AS x${i}`).join("")}, ${sums.join(", ")}
              FROM ${from}${lateral} GROUP BY GROUPING SETS (${[...new Set(sets)].join(", ")}))`;
  }
}

/**
 * One statement answering the whole spec; `params` receives the limits. The total, every level
 * and the series come from one GROUPING SETS pass over the source (./Pass); each level is then
 * ranked under the parents the level above kept.
 */
export function groupCountSql(spec: GroupCountSpec, params: Params): string {
  const lists = [...spec.groupings.flat(), ...spec.series.flatMap((x) => (x.by ? [x.by] : []))].filter((d) => d.array).map((d) => d.column);
  const pass = new Pass([...new Set(lists)].sort());
  const listsOf = (dims: { column: string; array: boolean }[]) => dims.filter((d) => d.array).map((d) => d.column);
  // SQL is written once the pass knows all its expressions: a set's GROUPING() mask depends on them.
  const ctes: (() => string)[] = [];
  const outputs: string[] = [];

  spec.groupings.forEach((dims, g) => {
    dims.forEach((dim, i) => {
      const lvl = i + 1;
      const upTo = dims.slice(0, lvl);
      const keyNames = upTo.map((_, j) => `k${j + 1}`);
      const ids = upTo.map((d) => pass.dim(d));
      const set = pass.set(ids, listsOf(upTo));
      // Arrays are 1-based: window i is w[i + 1].
      const count = dim.over === undefined ? "c" : `coalesce(w[${Number(dim.over) + 1}], 0) AS c`;
      ctes.push(() => `g${g}l${lvl} AS (SELECT ${ids.map((id, j) => `${encode(`x${id}`)} AS k${j + 1}`).join(", ")}, ${count}, w FROM (${pass.rows(set)}) r)`);
      const parents = keyNames.slice(0, -1);
      const partition = parents.length ? `PARTITION BY ${parents.map((k) => `l.${k}`).join(", ")}` : "";
      const own = `l.k${lvl}`;
      // Only the buckets under parents the level above kept are ranked.
      const join = parents.length ? ` JOIN g${g}k${lvl - 1} p ON ${parents.map((k) => `p.${k} = l.${k}`).join(" AND ")}` : "";
      ctes.push(() => `g${g}r${lvl} AS (
        SELECT l.*, row_number() OVER (${partition} ORDER BY l.c DESC, ${own}) AS rn,
               count(*) OVER (${partition}) AS sibs, sum(l.c) OVER (${partition})::bigint AS sib_total
          FROM g${g}l${lvl} l${join} WHERE l.c > 0${dim.missing ? "" : ` AND ${own} <> '${MISSING}'`})`);
      const limit = params.add(dim.limit);
      ctes.push(() => `g${g}k${lvl} AS (SELECT ${keyNames.join(", ")} FROM g${g}r${lvl} WHERE rn <= ${limit})`);
      const cols = [1, 2, 3].map((j) => (j <= lvl ? `k${j}` : "NULL::text"));
      outputs.push(`SELECT 'group', ${g}, ${lvl}, ${cols.join(", ")}, NULL::timestamptz, c, w, sibs, sib_total FROM g${g}r${lvl} WHERE rn <= ${limit}`);
    });
  });

  spec.series.forEach((series, g) => {
    const b = pass.bucket(series.bucket);
    const totals = pass.set([b], []);
    ctes.push(() => `s${g}t AS (SELECT x${b} AS t, c FROM (${pass.rows(totals)}) r WHERE c > 0)`);
    outputs.push(`SELECT 'series', ${g}, 0, NULL::text, NULL::text, NULL::text, t, c, NULL::bigint[], NULL::bigint, NULL::bigint FROM s${g}t`);
    if (!series.by) return;
    const by = pass.dim(series.by);
    const split = pass.set([b, by], listsOf([series.by]));
    ctes.push(() => `s${g}b AS (SELECT x${b} AS t, ${encode(`x${by}`)} AS k, c FROM (${pass.rows(split)}) r WHERE c > 0)`);
    outputs.push(`SELECT 'series', ${g}, 1, k, NULL::text, NULL::text, t, c, NULL::bigint[], NULL::bigint, NULL::bigint FROM s${g}b`);
  });

  const total = () => `SELECT 'total' AS part, 0 AS g, 0 AS lvl, NULL::text AS k1, NULL::text AS k2, NULL::text AS k3,
                        NULL::timestamptz AS t, c, w, NULL::bigint AS sibs, NULL::bigint AS sib_total FROM (${pass.rows(0)}) r`;
  // The source is read once, by the pass: it streams into it.
  const all = [`src AS NOT MATERIALIZED (${spec.source})`, pass.sql(spec), ...ctes.map((c) => c())];
  return `WITH ${all.join(",\n")}\n${[total(), ...outputs].join("\nUNION ALL\n")}`;
}

export interface CountNode {
  /** The value, or null for the bucket of rows without one. */
  key: string | null;
  count: number;
  windows: number[];
  children: CountNode[];
  /** Rows in the buckets of the next level that its limit left out, and how many buckets. */
  other: number;
  otherBuckets: number;
}

export interface GroupTree {
  buckets: CountNode[];
  other: number;
  otherBuckets: number;
}

export interface GroupCountResult {
  count: number;
  windows: number[];
  groupings: GroupTree[];
  /** Per series: each bucket's count and, split by the series' field, its rows; sparse (empty buckets are absent). */
  series: { totals: { t: Date; count: number }[]; split: { t: Date; key: string | null; count: number }[] }[];
}

function decode(key: string | null): string | null {
  return key === null || key === MISSING ? null : key.slice(1);
}

/** Shapes the statement's rows into trees, ordered by count (then key) at every level. */
export function shapeGroupCounts(rows: GroupCountRow[], spec: Pick<GroupCountSpec, "groupings" | "series" | "windows">): GroupCountResult {
  const out: GroupCountResult = {
    count: 0,
    windows: spec.windows.map(() => 0),
    groupings: spec.groupings.map(() => ({ buckets: [], other: 0, otherBuckets: 0 })),
    series: spec.series.map(() => ({ totals: [], split: [] })),
  };
  // Parents by grouping and encoded key path; a level's rows carry their siblings' totals.
  const nodes = new Map<string, CountNode | GroupTree>();
  const cut = new Map<CountNode | GroupTree, { sibs: number; total: number }>();
  spec.groupings.forEach((_, g) => nodes.set(`${g}`, out.groupings[g]));
  const ordered = [...rows].sort((a, b) => a.lvl - b.lvl || Number(b.c) - Number(a.c) || String(a[`k${a.lvl}` as "k1"]).localeCompare(String(b[`k${b.lvl}` as "k1"])));
  for (const r of ordered) {
    if (r.part === "total") {
      out.count = Number(r.c);
      out.windows = (r.w ?? []).map(Number);
    } else if (r.part === "series") {
      if (r.lvl === 0) out.series[r.g].totals.push({ t: r.t!, count: Number(r.c) });
      else out.series[r.g].split.push({ t: r.t!, key: decode(r.k1), count: Number(r.c) });
    } else {
      const path = [r.k1, r.k2, r.k3].slice(0, r.lvl);
      const parent = nodes.get([r.g, ...path.slice(0, -1)].join("\u0000"));
      if (!parent) continue;
      const node: CountNode = { key: decode(path[path.length - 1]), count: Number(r.c), windows: (r.w ?? []).map(Number), children: [], other: 0, otherBuckets: 0 };
      ("buckets" in parent ? parent.buckets : parent.children).push(node);
      cut.set(parent, { sibs: Number(r.sibs), total: Number(r.sib_total) });
      nodes.set([r.g, ...path].join("\u0000"), node);
    }
  }
  for (const [parent, { sibs, total }] of cut) {
    const kept = "buckets" in parent ? parent.buckets : parent.children;
    parent.other = total - kept.reduce((sum, n) => sum + n.count, 0);
    parent.otherBuckets = sibs - kept.length;
  }
  for (const { totals, split } of out.series) {
    totals.sort((a, b) => a.t.getTime() - b.t.getTime());
    split.sort((a, b) => a.t.getTime() - b.t.getTime() || String(a.key).localeCompare(String(b.key)));
  }
  return out;
}
