import { describe, expect, it } from "vitest";
import { Params, resolveFilters } from "./compile";
import { FIELDS, fieldByName } from "./fields";
import { eventSourceSql, finestLevel, repairRollupsSql, ROLLUP_COLUMNS, segmentRange, segmentRanges, wholeDays } from "./rollups";

const d = (iso: string) => new Date(iso);
const show = (segments: { level: string; from: Date; to: Date }[]) => segments.map((s) => `${s.level} ${s.from.toISOString().slice(5, 16)}–${s.to.toISOString().slice(5, 16)}`);

describe("segments of a window", () => {
  it("read whole days from the daily rollup, whole hours from the hourly one, and raw edges", () => {
    expect(show(segmentRange(d("2026-11-17T13:17:00Z"), d("2026-11-20T09:43:30Z"), "daily"))).toEqual([
      "raw 11-17T13:17–11-17T14:00",
      "hourly 11-17T14:00–11-18T00:00",
      "daily 11-18T00:00–11-20T00:00",
      "hourly 11-20T00:00–11-20T09:00",
      "raw 11-20T09:00–11-20T09:43",
    ]);
    expect(show(segmentRange(d("2026-11-17T13:17:00Z"), d("2026-11-17T13:50:00Z"), "daily"))).toEqual(["raw 11-17T13:17–11-17T13:50"]);
    expect(show(segmentRange(d("2026-11-17T00:00:00Z"), d("2026-11-18T00:00:00Z"), "hourly"))).toEqual(["hourly 11-17T00:00–11-18T00:00"]);
  });

  it("cut several windows at every bound, so each rollup row is wholly inside or outside each window, and skip gaps", () => {
    const week = { from: d("2026-11-10T00:00:00Z"), to: d("2026-11-17T00:00:00Z") };
    const lastHours = { from: d("2026-11-16T21:30:00Z"), to: d("2026-11-17T00:00:00Z") };
    const earlier = { from: d("2026-11-01T00:00:00Z"), to: d("2026-11-02T00:00:00Z") };
    const segments = segmentRanges([week, lastHours, earlier], "daily");
    expect(show(segments)).toEqual([
      "daily 11-01T00:00–11-02T00:00",
      "daily 11-10T00:00–11-16T00:00",
      "hourly 11-16T00:00–11-16T21:00",
      "raw 11-16T21:00–11-16T22:00",
      "hourly 11-16T22:00–11-17T00:00",
    ]);
    // A raw row carries its own time; a rollup row stands for its whole hour or day.
    for (const s of segments.filter((x) => x.level !== "raw")) {
      const unit = s.level === "daily" ? 86_400_000 : 3_600_000;
      for (let t = s.from.getTime(); t < s.to.getTime(); t += unit) {
        for (const w of [week, lastHours, earlier]) {
          const inside = t >= w.from.getTime() && t + unit <= w.to.getTime();
          const outside = t + unit <= w.from.getTime() || t >= w.to.getTime();
          expect(inside || outside).toBe(true);
        }
      }
    }
  });

  it("merge adjacent segments of one level and read nothing for no window", () => {
    const a = { from: d("2026-11-10T00:00:00Z"), to: d("2026-11-12T00:00:00Z") };
    const b = { from: d("2026-11-11T00:00:00Z"), to: d("2026-11-13T00:00:00Z") };
    expect(show(segmentRanges([a, b], "daily"))).toEqual(["daily 11-10T00:00–11-13T00:00"]);
    expect(segmentRanges([], "daily")).toEqual([]);
  });

  it("widen a repair window to whole UTC days", () => {
    const w = wholeDays({ from: d("2026-11-17T13:17:00Z"), to: d("2026-11-20T00:00:00Z") });
    expect([w.from.toISOString(), w.to.toISOString()]).toEqual(["2026-11-17T00:00:00.000Z", "2026-11-20T00:00:00.000Z"]);
  });
});

describe("the finest level that can answer", () => {
  const filters = (field: string) => resolveFilters([{ field, values: ["x"] }]);
  it("is raw for free text, non-rollup fields and sub-hour buckets; hourly for hours; daily otherwise", () => {
    const rollupOnly = { query: null, filters: filters("cluster") };
    expect(finestLevel(rollupOnly, [fieldByName("type")!])).toBe("daily");
    expect(finestLevel(rollupOnly, [], 3 * 3600_000)).toBe("hourly");
    expect(finestLevel(rollupOnly, [], 86_400_000)).toBe("daily");
    expect(finestLevel(rollupOnly, [], 900_000)).toBe("raw");
    expect(finestLevel({ query: null, filters: filters("processArgs") }, [])).toBe("raw");
    expect(finestLevel({ query: { type: "text", value: "curl", position: 0 }, filters: [] }, [])).toBe("raw");
    expect(finestLevel(rollupOnly, [fieldByName("pod")!])).toBe("raw");
  });
});

describe("the rollup dimensions", () => {
  it("are the fields marked rollup, every one a facet", () => {
    expect(ROLLUP_COLUMNS).toEqual(FIELDS.filter((f) => f.rollup).map((f) => f.column));
    expect(FIELDS.filter((f) => f.rollup).every((f) => f.facet)).toBe(true);
    expect(ROLLUP_COLUMNS).toContain("destination");
  });

  it("are all rebuilt by the repair statement, keyed as the triggers key them", () => {
    const sql = repairRollupsSql();
    expect(sql).toContain(`md5(ROW(${ROLLUP_COLUMNS.map((c) => `e.${c}`).join(", ")})::text)::uuid`);
    for (const c of ROLLUP_COLUMNS) expect(sql).toContain(c);
  });

  it("name the columns the source reads, scoped to the tenant as $1", () => {
    const params = new Params();
    params.add("tenant");
    const sql = eventSourceSql(
      { tenantId: "tenant", query: null, filters: filters("cluster") },
      { ranges: [{ from: d("2026-11-17T13:17:00Z"), to: d("2026-11-19T00:00:00Z") }], columns: ["type"], params, finest: "daily" },
    );
    expect(sql.match(/FROM (\w+)/g)).toEqual(["FROM events", "FROM event_rollups_hourly", "FROM event_rollups_daily"]);
    expect(sql.match(/tenant_id = \$1/g)).toHaveLength(3);
  });

  function filters(field: string) {
    return resolveFilters([{ field, values: ["x"] }]);
  }
});
