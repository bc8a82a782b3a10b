import { describe, expect, it } from "vitest";
import { Params } from "@/lib/events/compile";
import { groupCountSql, shapeGroupCounts, type GroupCountRow, type GroupCountSpec } from "./group-sql";

const spec: GroupCountSpec = {
  source: "SELECT 1",
  main: "true",
  windows: ["s.t > now()"],
  groupings: [[
    { column: "cluster", array: false, limit: 2, missing: false },
    { column: "type", array: false, limit: 1, missing: true },
  ]],
  series: [],
};

const row = (r: Partial<GroupCountRow>): GroupCountRow => ({
  part: "group", g: 0, lvl: 1, k1: null, k2: null, k3: null, t: null, c: "0", w: ["0"], sibs: null, sib_total: null, ...r,
});

describe("group-by trees from the statement's rows", () => {
  it("nest levels, order by count, and count what each cut left out", () => {
    const rows = [
      row({ part: "total", lvl: 0, c: "100", w: ["7"] }),
      row({ lvl: 2, k1: "=prod", k2: "=dns", c: "30", w: ["2"], sibs: "3", sib_total: "60" }),
      row({ lvl: 1, k1: "=prod", c: "60", w: ["3"], sibs: "3", sib_total: "90" }),
      row({ lvl: 1, k1: "=dev", c: "25", w: ["4"], sibs: "3", sib_total: "90" }),
      row({ lvl: 2, k1: "=dev", k2: "-", c: "25", w: ["4"], sibs: "1", sib_total: "25" }),
    ];
    const out = shapeGroupCounts(rows, spec);
    expect(out.count).toBe(100);
    expect(out.windows).toEqual([7]);
    const tree = out.groupings[0];
    expect(tree.buckets.map((b) => [b.key, b.count])).toEqual([["prod", 60], ["dev", 25]]);
    // 90 events in 3 clusters, 85 of them in the 2 kept: 5 in 1 left out (the rest have no cluster).
    expect([tree.other, tree.otherBuckets]).toEqual([5, 1]);
    const [prod, dev] = tree.buckets;
    expect(prod.children.map((c) => [c.key, c.count, c.windows])).toEqual([["dns", 30, [2]]]);
    expect([prod.other, prod.otherBuckets]).toEqual([30, 2]);
    // The bucket of events without a type: key null.
    expect(dev.children.map((c) => c.key)).toEqual([null]);
    expect([dev.other, dev.otherBuckets]).toEqual([0, 0]);
  });

  it("drop rows whose parent was cut, and give empty trees their zeros", () => {
    const out = shapeGroupCounts([row({ lvl: 2, k1: "=gone", k2: "=x", c: "3", sibs: "1", sib_total: "3" })], spec);
    expect(out.groupings[0]).toEqual({ buckets: [], other: 0, otherBuckets: 0 });
    expect(out.count).toBe(0);
  });
});

describe("the statement", () => {
  it("counts every level and series in one GROUPING SETS pass, unnesting lists, and sums each row once where a set does not group by the list", () => {
    const params = new Params();
    const sql = groupCountSql(
      {
        ...spec,
        groupings: [[{ column: "flags", array: true, limit: 5, missing: false }, { column: "cluster", array: false, limit: 5, missing: false }], ...spec.groupings],
        series: [{ bucket: "date_bin('1 day', s.t, TIMESTAMPTZ '2000-01-01 00:00:00+00')", by: { column: "severity", array: false } }],
      },
      params,
    );
    expect(sql.match(/GROUP BY GROUPING SETS/g)).toHaveLength(1);
    expect(sql).toContain("LEFT JOIN LATERAL unnest(s.flags) WITH ORDINALITY AS u_flags(v, i) ON true");
    // Two variants of the sums: sets grouping by flags count every copy, the others the first.
    expect(sql).toContain("(u_flags.i IS NULL OR u_flags.i = 1)");
    expect(sql.match(/AS c\d/g)).toEqual(["AS c0", "AS c1"]);
    expect(sql).toContain("src AS NOT MATERIALIZED");
    expect(params.values).toEqual([5, 5, 2, 1]);
  });

  it("counts a grouping over a window when asked, in the same pass: a level of values the window alone has", () => {
    const cluster = { column: "cluster", array: false, limit: 5, missing: false };
    const sql = groupCountSql({ ...spec, groupings: [[cluster], [{ ...cluster, over: 0 }]] }, new Params());
    expect(sql.match(/GROUP BY GROUPING SETS \(\(\), \(s\.cluster\)\)/g)).toHaveLength(1);
    expect(sql).toContain("g0l1 AS (SELECT coalesce('=' || (x0)::text, '-') AS k1, c, w FROM");
    expect(sql).toContain("g1l1 AS (SELECT coalesce('=' || (x0)::text, '-') AS k1, coalesce(w[1], 0) AS c, w FROM");
  });

  it("collapses the source to the columns it reads before unnesting a list, and only then", () => {
    const flags = { column: "flags", array: true, limit: 5, missing: false };
    expect(groupCountSql({ ...spec, groupings: [[flags]], collapse: ["t", "flags"] }, new Params()))
      .toContain("FROM (SELECT t, flags, sum(n)::bigint AS n FROM src GROUP BY t, flags) s LEFT JOIN LATERAL unnest(s.flags)");
    expect(groupCountSql({ ...spec, collapse: ["t", "cluster", "type"] }, new Params())).toContain("FROM src s GROUP BY GROUPING SETS");
  });
});
