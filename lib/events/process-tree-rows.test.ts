import { describe, expect, it } from "vitest";
import { wideTreeInput } from "../../test-support/wide-tree";
import { buildProcessTree, EMPTY_PROCESS, type ProcessRecord, type ProcessTree } from "./build-process-tree";
import { expandableKeys, initialState, rowWindow, showMore, toggle, visibleRows, type TreeViewState } from "./process-tree-rows";

const WINDOW = { from: "2026-11-20T09:00:00.000Z", to: "2026-11-20T11:00:00.000Z" };

function proc(pid: number, ppid: number, exe: string): ProcessRecord {
  return { ...EMPTY_PROCESS, pid, ppid, exe };
}

/** init → make → 300 compilers, the event being compiler #250; and 25 levels below it. */
function wideAndDeep(): ProcessTree {
  const siblings = Array.from({ length: 300 }, (_, i) => proc(10_000 + i, 2, `/usr/bin/cc-${i}`));
  const below = Array.from({ length: 25 }, (_, i) => proc(20_000 + i, i === 0 ? 10_250 : 20_000 + i - 1, `/bin/deep-${i}`));
  return buildProcessTree({
    event: { id: "e", occurredAt: "2026-11-20T10:00:00.000Z", type: "t", severity: "low", title: null, process: siblings[250], ancestors: [proc(2, 1, "/usr/bin/make"), proc(1, 0, "/sbin/init")] },
    lineage: [],
    processes: [...siblings, ...below],
    events: [],
    window: WINDOW,
  });
}

const keysOf = (rows: ReturnType<typeof visibleRows>) => rows.map((r) => (r.kind === "node" ? r.node.exe : `+${r.hidden}`));

describe("visibleRows", () => {
  it("opens the path to the event and pages wide levels into +N more, keeping the event's own process", () => {
    const tree = wideAndDeep();
    const rows = visibleRows(tree, initialState(tree));
    expect(keysOf(rows).slice(0, 3)).toEqual(["/sbin/init", "/usr/bin/make", "/usr/bin/cc-0"]);
    const self = rows.find((r) => r.kind === "node" && r.key === tree.selfKey)!;
    expect(self).toMatchObject({ level: 3, posInSet: 251, setSize: 300, onPath: true, expanded: true });
    const more = rows.find((r) => r.kind === "more")!;
    expect(more).toMatchObject({ hidden: 279, level: 3 });
    // The event's process is expanded: its child shows, collapsed.
    const child = rows[rows.indexOf(self) + 1];
    expect(child).toMatchObject({ kind: "node", level: 4, expanded: false });
    expect(rows).toHaveLength(2 + 20 + 1 + 1 + 1);
  });

  it("collapses and expands a node, and shows more children on request", () => {
    const tree = wideAndDeep();
    let state: TreeViewState = initialState(tree);
    const make = tree.path[1];
    state = toggle(state, make, false);
    expect(visibleRows(tree, state)).toHaveLength(2);
    state = toggle(state, make, true);
    state = showMore(state, make);
    const rows = visibleRows(tree, state);
    expect(rows.find((r) => r.kind === "more")).toMatchObject({ hidden: 300 - 120 - 1 });
  });

  it("expands every level of a deep chain", () => {
    const tree = wideAndDeep();
    const state: TreeViewState = { expanded: new Set(expandableKeys(tree)), shown: new Map() };
    const rows = visibleRows(tree, state);
    const deepest = rows.filter((r) => r.kind === "node").reduce((m, r) => Math.max(m, r.level), 0);
    expect(deepest).toBe(3 + 25);
  });

  it("lists every row of a 1,000-node tree fully expanded (its time is measured by npm run bench -- process-tree)", () => {
    const tree = buildProcessTree(wideTreeInput());
    const state: TreeViewState = { expanded: new Set(expandableKeys(tree)), shown: new Map() };
    expect(visibleRows(tree, state, 1000)).toHaveLength(1001);
  });
});

describe("rowWindow", () => {
  it("covers the viewport plus overscan, clamped to the rows", () => {
    expect(rowWindow(1000, 0, 280, 28, 5)).toEqual({ start: 0, end: 15 });
    expect(rowWindow(1000, 2800, 280, 28, 5)).toEqual({ start: 95, end: 115 });
    expect(rowWindow(1000, 27_990, 280, 28, 5)).toEqual({ start: 994, end: 1000 });
    expect(rowWindow(3, 0, 600, 28, 5)).toEqual({ start: 0, end: 3 });
  });
});
