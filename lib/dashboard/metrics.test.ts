import { describe, expect, it } from "vitest";
import { ageBucket, AGE_THRESHOLDS_MS, compactNumber, delta, duration, mean, niceTicks, percent, ratio, relativeChange } from "./metrics";

describe("means and rates", () => {
  it("are null where nothing was measured", () => {
    expect(mean(10_800 + 3_600 + 21_600, 3)).toBe(12_000);
    expect(mean(0, 0)).toBeNull();
    expect(ratio(2, 3)).toBeCloseTo(0.6667, 4);
    expect(ratio(0, 0)).toBeNull();
  });

  it("change relative to the previous period, unknown from zero", () => {
    expect(relativeChange({ current: 150, previous: 100 })).toBe(0.5);
    expect(relativeChange({ current: 5, previous: 0 })).toBeNull();
    expect(relativeChange({ current: null, previous: 3 })).toBeNull();
  });
});

describe("delta", () => {
  it("says which way a count moved and whether that is good news", () => {
    expect(delta({ current: 120, previous: 100 }, "up")).toEqual({ trend: "up", text: "+20%", tone: "good" });
    expect(delta({ current: 120, previous: 100 }, "down")).toEqual({ trend: "up", text: "+20%", tone: "bad" });
    expect(delta({ current: 95, previous: 100 }, "neither")).toEqual({ trend: "down", text: "−5%", tone: "neutral" });
    expect(delta({ current: 7, previous: 7 }, "up")).toEqual({ trend: "flat", text: "±0", tone: "neutral" });
    expect(delta({ current: 7, previous: 0 }, "neither")).toEqual({ trend: "new", text: "+7", tone: "neutral" });
    expect(delta({ current: 7, previous: null }, "up").trend).toBe("none");
    expect(delta({ current: 1.234, previous: 1 }, "neither").text).toBe("+23%");
    expect(delta({ current: 1.05, previous: 1 }, "neither").text).toBe("+5%");
    expect(delta({ current: 1.055, previous: 1 }, "neither").text).toBe("+5.5%");
    expect(delta({ current: 999_574, previous: 426 }, "neither").text).toBe("×2,346");
    expect(delta({ current: 950, previous: 100 }, "neither").text).toBe("+850%");
  });

  it("moves rates in percentage points", () => {
    expect(delta({ current: 0.25, previous: 0.4 }, "down", "rate")).toEqual({ trend: "down", text: "−15 pts", tone: "good" });
    expect(delta({ current: 0.5, previous: 0 }, "down", "rate")).toEqual({ trend: "up", text: "+50 pts", tone: "bad" });
    expect(delta({ current: 0.2321, previous: 0.2318 }, "down", "rate")).toEqual({ trend: "flat", text: "±0", tone: "neutral" });
  });

  it("says new for a duration with nothing before", () => {
    expect(delta({ current: 3600, previous: 0 }, "down", "duration").text).toBe("new");
    expect(delta({ current: 1800, previous: 3600 }, "down", "duration")).toEqual({ trend: "down", text: "−50%", tone: "good" });
  });
});

describe("formats", () => {
  it("durations in the unit that reads best", () => {
    expect(duration(null)).toBe("—");
    expect(duration(42)).toBe("42 s");
    expect(duration(18 * 60)).toBe("18 min");
    expect(duration(3.5 * 3600)).toBe("3.5 h");
    expect(duration(3 * 3600)).toBe("3 h");
    expect(duration(30 * 3600)).toBe("30 h");
    expect(duration(2.1 * 86_400)).toBe("2.1 d");
  });

  it("percent and compact numbers", () => {
    expect(percent(2 / 3)).toBe("66.7%");
    expect(percent(0.5)).toBe("50%");
    expect(percent(null)).toBe("—");
    expect(compactNumber(9_999)).toBe("9,999");
    expect(compactNumber(1_234_567)).toBe("1.2M");
  });
});

describe("ageBucket", () => {
  it("puts an age in its bucket, each boundary in the older one", () => {
    const [day, week, month] = AGE_THRESHOLDS_MS;
    expect([0, day - 1, day, week - 1, week, month - 1, month, 10 * month].map(ageBucket)).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
  });
});

describe("niceTicks", () => {
  it("gives round steps from zero past the largest value", () => {
    expect(niceTicks(260)).toEqual([0, 100, 200, 300]);
    expect(niceTicks(80)).toEqual([0, 20, 40, 60, 80]);
    expect(niceTicks(4)).toEqual([0, 1, 2, 3, 4]);
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(1)).toEqual([0, 1]);
    expect(niceTicks(9)).toEqual([0, 3, 6, 9]);
  });
});
