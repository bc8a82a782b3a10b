import { describe, expect, it } from "vitest";
import { bucketFor, bucketWindow, dashboardQuery, parseDashboardRange, perLabel, resolveWindows, spanLabel, windowBuckets } from "./range";

const NOW = new Date("2026-11-20T12:34:56.000Z");

describe("parseDashboardRange", () => {
  it("opens on the last 7 days and reads the Events page's range parameters", () => {
    expect(parseDashboardRange({})).toEqual({ kind: "preset", preset: "7d" });
    expect(parseDashboardRange({ range: "30d" })).toEqual({ kind: "preset", preset: "30d" });
    expect(parseDashboardRange(new URLSearchParams("range=24h"))).toEqual({ kind: "preset", preset: "24h" });
    expect(parseDashboardRange({ from: "2026-11-01T00:00:00Z", to: "2026-11-08T00:00:00Z" })).toEqual({
      kind: "absolute", from: "2026-11-01T00:00:00.000Z", to: "2026-11-08T00:00:00.000Z",
    });
    // A range it cannot read, or bounds it cannot read, are the default.
    expect(parseDashboardRange({ range: "1y" })).toEqual({ kind: "preset", preset: "7d" });
    expect(parseDashboardRange({ from: "yesterday" })).toEqual({ kind: "preset", preset: "7d" });
  });

  it("writes the range back into a query string", () => {
    expect(dashboardQuery({ kind: "preset", preset: "7d" })).toBe("range=7d");
    expect(dashboardQuery({ kind: "absolute", from: "2026-11-01T00:00:00.000Z", to: null })).toBe("from=2026-11-01T00%3A00%3A00.000Z");
  });
});

describe("resolveWindows", () => {
  it("compares a preset with the period of the same length before it", () => {
    const w = resolveWindows({ kind: "preset", preset: "7d" }, NOW);
    expect(w.current).toEqual({ from: "2026-11-13T12:34:56.000Z", to: "2026-11-20T12:34:56.000Z" });
    expect(w.previous).toEqual({ from: "2026-11-06T12:34:56.000Z", to: "2026-11-13T12:34:56.000Z" });
    expect(w.bucket).toBe("1d");
    expect(w.end).toBe(w.current.to);
    expect(w.live).toBe(true);
  });

  it("measures the end of a past range at its end, and buckets short ranges by the hour", () => {
    const w = resolveWindows({ kind: "absolute", from: "2026-11-10T00:00:00.000Z", to: "2026-11-11T00:00:00.000Z" }, NOW);
    expect(w.previous).toEqual({ from: "2026-11-09T00:00:00.000Z", to: "2026-11-10T00:00:00.000Z" });
    expect(w.bucket).toBe("1h");
    expect(w.end).toBe("2026-11-11T00:00:00.000Z");
    expect(w.live).toBe(false);
  });

  it("ends an open-ended range now, and refuses what the search refuses", () => {
    const w = resolveWindows({ kind: "absolute", from: "2026-11-19T00:00:00.000Z", to: null }, NOW);
    expect(w.current.to).toBe(NOW.toISOString());
    expect(() => resolveWindows({ kind: "absolute", from: "2020-01-01T00:00:00.000Z", to: null }, NOW)).toThrow(/800 days/);
  });

  it("buckets by the day beyond two days", () => {
    expect(bucketFor(2 * 86_400_000)).toBe("1h");
    expect(bucketFor(2 * 86_400_000 + 1)).toBe("1d");
  });
});

describe("buckets", () => {
  it("start at UTC midnights and hours covering the window", () => {
    const w = { from: "2026-11-13T12:34:56.000Z", to: "2026-11-15T01:00:00.000Z" };
    expect(windowBuckets(w, "1d")).toEqual(["2026-11-13T00:00:00.000Z", "2026-11-14T00:00:00.000Z", "2026-11-15T00:00:00.000Z"]);
    expect(windowBuckets({ from: "2026-11-13T10:30:00Z", to: "2026-11-13T12:00:00Z" }, "1h")).toEqual(["2026-11-13T10:00:00.000Z", "2026-11-13T11:00:00.000Z"]);
  });

  it("are clipped to the window, so a drill-down counts what the bucket counted", () => {
    const w = { from: "2026-11-13T12:34:56.000Z", to: "2026-11-15T01:00:00.000Z" };
    expect(bucketWindow("2026-11-13T00:00:00.000Z", 86_400_000, w)).toEqual({ from: w.from, to: "2026-11-14T00:00:00.000Z" });
    expect(bucketWindow("2026-11-14T00:00:00.000Z", 86_400_000, w)).toEqual({ from: "2026-11-14T00:00:00.000Z", to: "2026-11-15T00:00:00.000Z" });
    expect(bucketWindow("2026-11-15T00:00:00.000Z", 86_400_000, w)).toEqual({ from: "2026-11-15T00:00:00.000Z", to: w.to });
  });
});

describe("labels", () => {
  it("name spans and intervals", () => {
    expect(spanLabel({ from: "2026-11-13T00:00:00Z", to: "2026-11-20T00:00:00Z" })).toBe("7 d");
    expect(spanLabel({ from: "2026-11-13T00:00:00Z", to: "2026-11-14T00:00:00Z" })).toBe("24 h");
    expect(spanLabel({ from: "2026-11-13T00:00:00Z", to: "2026-11-13T06:00:00Z" })).toBe("6 h");
    expect(spanLabel({ from: "2026-11-13T00:00:00Z", to: "2026-11-13T00:15:00Z" })).toBe("15 min");
    expect(perLabel("1d")).toBe("day");
    expect(perLabel("3h")).toBe("3 hours");
    expect(perLabel("15m")).toBe("15 minutes");
    expect(perLabel(null)).toBe("bucket");
  });
});
