import { describe, expect, it } from "vitest";
import { parseSearchParams, resolveTimeRange, toFieldFilters } from "@/lib/events/search-params";
import { explorerCsvTable, explorerRows, initiallyExpanded, treemapNodes, visibleRows } from "./explorer-tree";
import type { ExplorerNode, ExplorerResult } from "./types";

const w = { from: "2026-11-13T00:00:00.000Z", to: "2026-11-20T00:00:00.000Z" };

const leaf = (key: string | null, count: number, label = key ?? "No value"): ExplorerNode => ({
  key, label, count, filter: key, children: [], other: 0, otherBuckets: 0,
});

// cluster › type, two kept clusters of three (plus events without one), two types kept under "prod".
const RESULT: ExplorerResult = {
  from: w.from, to: w.to, by: ["cluster", "type"], limit: 2, count: 100,
  buckets: [
    { ...leaf("prod", 60), children: [leaf("process_exec", 30), leaf("flow", 20)], other: 10, otherBuckets: 3 },
    { ...leaf(null, 25, "No cluster"), children: [leaf("flow", 25)] },
  ],
  other: 15,
  otherBuckets: 2,
};

function linkOf(href: string) {
  const state = parseSearchParams(new URL(href, "http://vigil.test").searchParams);
  return { q: state.q, filters: toFieldFilters(state), range: resolveTimeRange(state.range) };
}

describe("the explorer's rows", () => {
  const rows = explorerRows(RESULT, w);

  it("list buckets depth first, each level's other row after its buckets, with shares of parent and of all", () => {
    expect(rows.map((r) => [r.depth, r.kind, r.label, r.count, r.share, r.shareOfTotal])).toEqual([
      [0, "bucket", "prod", 60, 0.6, 0.6],
      [1, "bucket", "process_exec", 30, 0.5, 0.3],
      [1, "bucket", "flow", 20, 20 / 60, 0.2],
      [1, "other", "Other (3 values)", 10, 10 / 60, 0.1],
      [0, "bucket", "No cluster", 25, 0.25, 0.25],
      [1, "bucket", "flow", 25, 1, 0.25],
      [0, "other", "Other (2 values)", 15, 0.15, 0.15],
    ]);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(rows[1].parentId).toBe(rows[0].id);
    expect(rows[0].hasChildren).toBe(true);
    expect(rows[1].hasChildren).toBe(false);
    expect(rows[1].path).toEqual(["prod", "process_exec"]);
  });

  it("drill into the Events search of exactly their events, over the window", () => {
    expect(linkOf(rows[1].href!)).toEqual({ q: "", range: w, filters: [{ field: "cluster", values: ["prod"] }, { field: "type", values: ["process_exec"] }] });
    // Under prod, the types other than the kept ones.
    expect(linkOf(rows[3].href!)).toEqual({
      q: "", range: w,
      filters: [{ field: "cluster", values: ["prod"] }, { field: "type", values: ["process_exec", "flow"], exclude: true }],
    });
    // Events without a cluster: a query term, since a filter needs a value.
    expect(linkOf(rows[5].href!)).toEqual({ q: "-cluster:*", range: w, filters: [{ field: "type", values: ["flow"] }] });
    // The clusters left out: neither prod nor none.
    expect(linkOf(rows[6].href!)).toEqual({ q: "cluster:*", range: w, filters: [{ field: "cluster", values: ["prod"], exclude: true }] });
  });

  it("filter a bucket by its drill value (an agent's name) and give a list field's other row no link", () => {
    const agents: ExplorerResult = {
      ...RESULT, by: ["flags", "agent"],
      buckets: [{ ...leaf("network", 5), children: [{ ...leaf("5b0c3c1e-0000-4000-8000-000000000001", 5, "edge-1"), filter: "edge-1" }] }],
      other: 3, otherBuckets: 1,
    };
    const r = explorerRows(agents, w);
    expect(linkOf(r[1].href!).filters).toEqual([{ field: "flags", values: ["network"] }, { field: "agent", values: ["edge-1"] }]);
    expect(r[2]).toMatchObject({ kind: "other", href: null });
  });

  it("open first-level rows while the table stays short, at least the first", () => {
    expect([...initiallyExpanded(rows)]).toEqual([rows[0].id, rows[4].id]);
    expect([...initiallyExpanded(rows, 4)]).toEqual([rows[0].id]);
    expect(visibleRows(rows, new Set()).map((r) => r.label)).toEqual(["prod", "No cluster", "Other (2 values)"]);
    expect(visibleRows(rows, new Set([rows[4].id])).map((r) => r.label)).toEqual(["prod", "No cluster", "flow", "Other (2 values)"]);
  });

  it("nest the same rows for the treemap, leaves carrying their count", () => {
    const nodes = treemapNodes(rows);
    expect(nodes.map((n) => [n.name, n.value, n.top, n.other])).toEqual([
      ["prod", undefined, 0, false],
      ["No cluster", undefined, 1, false],
      ["Other (2 values)", 15, 2, true],
    ]);
    expect(nodes[0].children!.map((c) => [c.name, c.value, c.top])).toEqual([["process_exec", 30, 0], ["flow", 20, 0], ["Other (3 values)", 10, 0]]);
    // A parent's leaves add up to its count when the level below holds one value per event.
    expect(nodes[0].children!.reduce((s, c) => s + (c.value ?? 0), 0)).toBe(60);
  });

  it("flatten into a CSV table naming every row's ancestors", () => {
    const t = explorerCsvTable(RESULT, rows);
    expect(t.columns.map((c) => c.label)).toEqual(["Cluster", "Type", "Events", "Share of parent", "Share of all"]);
    expect(t.rows[1].cells).toEqual({ l0: "prod", l1: "process_exec", count: 30, share: 0.5, shareOfTotal: 0.3 });
    expect(t.rows[6].cells).toMatchObject({ l0: "Other (2 values)", l1: null, count: 15 });
  });
});
