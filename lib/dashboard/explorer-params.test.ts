import { describe, expect, it } from "vitest";
import { DEFAULT_EXPLORER, EXPLORER_FIELDS, explorerParams, parseExplorerParams, setLevel, withExplorerParams } from "./explorer-params";

describe("the explorer's URL state", () => {
  it("reads up to three known facet fields and a limit, else the defaults", () => {
    expect(parseExplorerParams({})).toEqual(DEFAULT_EXPLORER);
    expect(parseExplorerParams({ by: "cluster,type,agent", top: "5" })).toEqual({ by: ["cluster", "type", "agent"], limit: 5 });
    expect(parseExplorerParams(new URLSearchParams("by=ns,exe&top=20"))).toEqual({ by: ["namespace", "processExe"], limit: 20 });
    // Unknown fields, non-facets (pod), repeats and a fourth level are dropped; an odd limit is the default.
    expect(parseExplorerParams({ by: "nope,pod,type,type,agent,cluster,kind", top: "7" })).toEqual({ by: ["type", "agent", "cluster"], limit: 10 });
    expect(parseExplorerParams({ by: ",,", top: "-1" })).toEqual(DEFAULT_EXPLORER);
  });

  it("writes only what differs from the default, keeping the range", () => {
    expect(explorerParams(DEFAULT_EXPLORER)).toEqual([]);
    expect(explorerParams({ by: ["agent"], limit: 20 })).toEqual([["by", "agent"], ["top", "20"]]);
    expect(withExplorerParams("range=24h&by=agent&top=5", DEFAULT_EXPLORER)).toBe("range=24h");
    expect(withExplorerParams("range=24h", { by: ["cluster", "type"], limit: 5 })).toBe("range=24h&by=cluster%2Ctype&top=5");
    const round = parseExplorerParams(new URLSearchParams(withExplorerParams("", { by: ["flags", "severity", "destination"], limit: 20 })));
    expect(round).toEqual({ by: ["flags", "severity", "destination"], limit: 20 });
  });

  it("offers the statistics API's allow-list with labels", () => {
    expect(EXPLORER_FIELDS.map((f) => f.name)).toContain("destination");
    expect(EXPLORER_FIELDS.map((f) => f.name)).not.toContain("pod");
    expect(EXPLORER_FIELDS.find((f) => f.name === "processExe")?.label).toBe("Process executable");
  });

  it("sets, adds and drops levels, a field once", () => {
    expect(setLevel(["severity", "type"], 2, "agent")).toEqual(["severity", "type", "agent"]);
    expect(setLevel(["severity", "type"], 5, "agent")).toEqual(["severity", "type", "agent"]);
    expect(setLevel(["severity", "type", "agent"], 1, "cluster")).toEqual(["severity", "cluster", "agent"]);
    expect(setLevel(["severity", "type", "agent"], 1, null)).toEqual(["severity"]);
    expect(setLevel(["severity", "type"], 0, null)).toEqual(["severity", "type"]);
    // A field another level has: the two levels swap.
    expect(setLevel(["severity", "type", "agent"], 0, "agent")).toEqual(["agent", "type", "severity"]);
    expect(setLevel(["severity", "type"], 0, "type")).toEqual(["type", "severity"]);
    expect(setLevel(["severity", "type"], 2, "severity")).toEqual(["type", "severity"]);
  });
});
