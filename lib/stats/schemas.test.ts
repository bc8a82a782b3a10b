import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { ValidationError } from "@/lib/errors";
import { EventStatsInput, IssueStatsInput, parseStatsRequest } from "./schemas";
import { isTimeSpec, resolveTimeRanges, resolveTimeSpec } from "./time-spec";

function issuesOf(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    if (err instanceof ZodError) return err.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw err;
  }
  return [];
}

describe("statistics requests", () => {
  it("take the search criteria, 1–3 group-by levels and named time ranges", () => {
    const input = {
      query: "kind:detections",
      filters: [{ field: "severity", values: ["high"] }],
      from: "2026-11-16T00:00:00Z",
      groupBy: [{ field: "cluster", limit: 5 }, { field: "type" }, { field: "flags", missing: true }],
      timeRangeMetrics: [{ name: "last24h", from: "-24h" }, { name: "week", from: "2026-11-09T00:00:00Z", to: "2026-11-16T00:00:00Z" }],
    };
    expect(parseStatsRequest(EventStatsInput, input)).toEqual(input);
    expect(parseStatsRequest(IssueStatsInput, { status: ["open"], groupBy: [{ field: "assignee" }, { field: "closeReason" }] }).groupBy).toHaveLength(2);
  });

  it("name every unknown field, a repeated one, and more than 3 levels", () => {
    expect(issuesOf(() => parseStatsRequest(EventStatsInput, { groupBy: [{ field: "nope" }, { field: "type" }, { field: "processArgs" }] }))).toEqual([
      expect.stringMatching(/^groupBy\.0\.field: "nope" is not a field to group by \(one of kind, type, /),
      expect.stringMatching(/^groupBy\.2\.field: "processArgs" is not a field to group by/),
    ]);
    expect(issuesOf(() => parseStatsRequest(EventStatsInput, { groupBy: [{ field: "type" }, { field: "type" }] }))).toEqual([
      'groupBy.1.field: "type" is already grouped by at an upper level',
    ]);
    expect(issuesOf(() => parseStatsRequest(EventStatsInput, { groupBy: ["type", "agent", "cluster", "node"].map((field) => ({ field })) }))).toEqual([
      "groupBy: at most 3 levels: group by 1 to 3 fields",
    ]);
    expect(issuesOf(() => parseStatsRequest(IssueStatsInput, { groupBy: [{ field: "hostname" }] }))).toEqual([
      expect.stringMatching(/^groupBy\.0\.field: "hostname" is not a field to group by \(one of status, severity/),
    ]);
    expect(issuesOf(() => parseStatsRequest(EventStatsInput, { groupBy: [{ field: "type", limit: 0 }], bogus: 1 }))).toHaveLength(2);
  });

  it("check time-range names and times", () => {
    expect(issuesOf(() => parseStatsRequest(EventStatsInput, {
      timeRangeMetrics: [{ name: "a b", from: "-24h" }, { name: "x", from: "yesterday" }, { name: "x", from: "-1d" }],
    }))).toEqual([
      "timeRangeMetrics.0.name: must be 1–64 letters, digits, _ . : or -",
      "timeRangeMetrics.1.from: must be an ISO-8601 time or one relative to now: -30m, -24h, -7d, -2w, now",
      'timeRangeMetrics.2.name: "x" is named twice',
    ]);
  });
});

describe("time specs", () => {
  const now = new Date("2026-11-23T12:00:00Z");
  it("read ISO-8601 times and times relative to now", () => {
    expect(["now", "-30m", "-24h", "-7d", "-2w", "2026-11-20T00:00:00Z", "2026-11-20T00:00:00+02:00"].every(isTimeSpec)).toBe(true);
    expect(["", "24h", "-1y", "+1d", "-1.5h", "2026-11-20"].some(isTimeSpec)).toBe(false);
    expect(resolveTimeSpec("-24h", now).toISOString()).toBe("2026-11-22T12:00:00.000Z");
    expect(resolveTimeSpec("-2w", now).toISOString()).toBe("2026-11-09T12:00:00.000Z");
    expect(resolveTimeSpec("now", now)).toBe(now);
  });

  it("resolve named ranges, `to` defaulting to now, and refuse empty or overlong ones naming them", () => {
    expect(resolveTimeRanges([{ name: "day", from: "-1d" }], now)).toEqual([{ name: "day", from: new Date("2026-11-22T12:00:00Z"), to: now }]);
    expect(() => resolveTimeRanges([{ name: "a", from: "-1d" }, { name: "b", from: "-1d", to: "-2d" }], now)).toThrow(ValidationError);
    expect(() => resolveTimeRanges([{ name: "b", from: "-1d", to: "-2d" }], now)).toThrow(/timeRangeMetrics\.0\.from: must be before to/);
    expect(() => resolveTimeRanges([{ name: "b", from: "-900d" }], now)).toThrow(/at most 800 days/);
  });
});
