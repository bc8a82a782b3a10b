"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { ProcessTree } from "@/lib/events/build-process-tree";
import {
  expandableKeys,
  initialState,
  rowWindow,
  showMore,
  toggle,
  TREE_ROW_HEIGHT,
  visibleRows,
  type TreeRow,
  type TreeViewState,
} from "@/lib/events/process-tree-rows";
import { ProcessTreeRow } from "./process-tree-row";

// A WAI-ARIA treeview over the rows lib/events/process-tree-rows.ts derives from the expansion
// state. Only expanded nodes become rows, only the rows in view are rendered (one-line rows of
// fixed height), rows are memoised, and focus moves with a roving tabindex (Up/Down/Left/Right/
// Home/End; Enter or Space toggles). Escape belongs to the page: back to search.

interface Props {
  tree: ProcessTree;
  back: string | null;
}

function nextFocus(rows: TreeRow[], index: Map<string, number>, current: number, key: string, state: TreeViewState): { focus?: number; state?: TreeViewState } {
  const row = rows[current];
  switch (key) {
    case "ArrowDown":
      return { focus: Math.min(rows.length - 1, current + 1) };
    case "ArrowUp":
      return { focus: Math.max(0, current - 1) };
    case "Home":
      return { focus: 0 };
    case "End":
      return { focus: rows.length - 1 };
    case "ArrowRight":
      if (row.kind !== "node" || row.node.children.length === 0) return {};
      if (!row.expanded) return { state: toggle(state, row.key, true) };
      return { focus: current + 1 };
    case "ArrowLeft":
      if (row.kind === "node" && row.expanded) return { state: toggle(state, row.key, false) };
      return row.parentKey !== null ? { focus: index.get(row.parentKey) } : {};
    case "Enter":
    case " ":
      if (row.kind === "more") return { state: showMore(state, row.parentKey) };
      return row.node.children.length > 0 ? { state: toggle(state, row.key) } : {};
    default:
      return {};
  }
}

function parentKeys(tree: ProcessTree): Map<string, string> {
  const out = new Map<string, string>();
  const stack = tree.root ? [tree.root] : [];
  while (stack.length > 0) {
    const n = stack.pop()!;
    for (const c of n.children) {
      out.set(c.key, n.key);
      stack.push(c);
    }
    out.set(`${n.key}/more`, n.key);
  }
  return out;
}

/** 18 px per level, less for deep trees (down to 8), so about 260 px of indentation at most. */
function indentFor(rows: TreeRow[]): number {
  const deepest = rows.reduce((m, r) => Math.max(m, r.level), 1);
  return Math.max(8, Math.min(18, Math.floor(260 / deepest)));
}

const HANDLED = new Set(["ArrowDown", "ArrowUp", "Home", "End", "ArrowRight", "ArrowLeft", "Enter", " "]);

const ROW_HEIGHT = TREE_ROW_HEIGHT;
const OVERSCAN = 10;
/** Until the scroller is measured (server render), assume this many rows fit. */
const ASSUMED_VISIBLE_ROWS = 24;

export function ProcessTreeView({ tree, back }: Props) {
  const [state, setState] = useState<TreeViewState>(() => initialState(tree));
  const [focusKey, setFocusKey] = useState<string | null>(tree.selfKey);
  const rows = useMemo(() => visibleRows(tree, state), [tree, state]);
  const index = useMemo(() => new Map(rows.map((r, i) => [r.key, i])), [rows]);
  const indent = useMemo(() => indentFor(rows), [rows]);
  const elements = useRef(new Map<string, HTMLElement>());
  const scroller = useRef<HTMLDivElement>(null);
  // Bumped by every keyboard move, so focus follows even when the active row stays the same.
  const [focusTick, setFocusTick] = useState(0);
  const moveFocus = useRef(false);
  // Open with the event's own process in view, a few rows below the top.
  const [viewport, setViewport] = useState(() => ({
    top: Math.max(0, ((tree.selfKey ? index.get(tree.selfKey) : 0) ?? 0) - 4) * ROW_HEIGHT,
    height: ASSUMED_VISIBLE_ROWS * ROW_HEIGHT,
  }));

  const parents = useMemo(() => parentKeys(tree), [tree]);
  // The focused row may vanish when an ancestor collapses: its nearest visible ancestor takes over.
  let activeKey = focusKey;
  while (activeKey !== null && !index.has(activeKey)) activeKey = parents.get(activeKey) ?? null;
  activeKey ??= rows[0]?.key ?? null;
  const activeIndex = activeKey !== null ? (index.get(activeKey) ?? -1) : -1;

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    el.scrollTop = viewport.top;
    const measure = () => setViewport({ top: el.scrollTop, height: el.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
    // Runs once: later scroll positions come from the scroller itself.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (!moveFocus.current || activeKey === null) return;
    moveFocus.current = false;
    elements.current.get(activeKey)?.focus({ preventScroll: true });
  }, [activeKey, rows, focusTick]);

  const register = useCallback((key: string, el: HTMLElement | null) => {
    if (el) elements.current.set(key, el);
    else elements.current.delete(key);
  }, []);
  const onToggle = useCallback((key: string) => setState((s) => toggle(s, key)), []);
  const onMore = useCallback((parentKey: string) => setState((s) => showMore(s, parentKey)), []);
  const onFocusRow = useCallback((key: string) => setFocusKey(key), []);
  const router = useRouter();
  const onOpen = useCallback((href: string) => router.push(href), [router]);

  /** Scrolls row `i` into view and renders that slice in the same update. */
  const reveal = (i: number) => {
    const el = scroller.current;
    if (!el) return;
    const top = i * ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
    setViewport({ top: el.scrollTop, height: el.clientHeight });
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (!HANDLED.has(e.key) || e.altKey || e.ctrlKey || e.metaKey || activeKey === null) return;
    if ((e.target as HTMLElement).closest("a")) return;
    e.preventDefault();
    const result = nextFocus(rows, index, Math.max(0, activeIndex), e.key, state);
    if (result.state) setState(result.state);
    if (result.focus !== undefined) {
      moveFocus.current = true;
      reveal(result.focus);
      setFocusKey(rows[result.focus].key);
      setFocusTick((t) => t + 1);
    }
  };

  if (!tree.root) {
    return <p className="text-zinc-500 dark:text-zinc-400">This event names no process.</p>;
  }
  // Only the rows in view are in the DOM (plus the focused one, so Tab always lands in the tree).
  const { start, end } = rowWindow(rows.length, viewport.top, viewport.height, ROW_HEIGHT, OVERSCAN);
  const shown = activeIndex >= 0 && (activeIndex < start || activeIndex >= end) ? [activeIndex] : [];
  for (let i = start; i < end; i++) shown.push(i);
  return (
    <div>
      <div className="mb-2 flex flex-wrap items-center gap-2 text-xs text-zinc-500 dark:text-zinc-400">
        <span data-testid="process-tree-summary">
          {tree.nodeCount.toLocaleString("en")} {tree.nodeCount === 1 ? "process" : "processes"} · {tree.depth} {tree.depth === 1 ? "level" : "levels"} to this event · window{" "}
          <time dateTime={tree.window.from}>{tree.window.from.slice(11, 16)}</time>–<time dateTime={tree.window.to}>{tree.window.to.slice(11, 16)}</time> UTC
        </span>
        {tree.truncated && <span className="text-amber-700 dark:text-amber-400">· some processes or events were left out</span>}
        <span className="ml-auto flex gap-1">
          <button
            type="button"
            aria-label="Expand all processes"
            className="rounded px-2 py-0.5 hover:bg-zinc-100 dark:hover:bg-zinc-800"
            onClick={() => setState((s) => ({ ...s, expanded: new Set(expandableKeys(tree)) }))}
          >
            Expand all
          </button>
          <button
            type="button"
            aria-label="Collapse to the path of this event"
            className="rounded px-2 py-0.5 hover:bg-zinc-100 dark:hover:bg-zinc-800"
            onClick={() => setState(initialState(tree))}
          >
            Reset
          </button>
        </span>
      </div>
      <div
        ref={scroller}
        role="tree"
        aria-label="Process tree"
        onKeyDown={onKeyDown}
        onScroll={(e) => setViewport({ top: e.currentTarget.scrollTop, height: e.currentTarget.clientHeight })}
        className="max-h-[70vh] overflow-auto rounded border border-zinc-200 [--tree-guide:var(--color-zinc-200)] dark:border-zinc-800 dark:[--tree-guide:var(--color-zinc-700)]"
        data-testid="process-tree"
        data-rows={rows.length}
      >
        <div role="none" className="relative" style={{ height: rows.length * ROW_HEIGHT }}>
          {shown.map((i) => (
            <ProcessTreeRow
              key={rows[i].key}
              row={rows[i]}
              top={i * ROW_HEIGHT}
              indent={indent}
              focused={i === activeIndex}
              eventId={tree.eventId}
              back={back}
              onToggle={onToggle}
              onMore={onMore}
              onFocusRow={onFocusRow}
              register={register}
              onOpen={onOpen}
            />
          ))}
        </div>
      </div>
    </div>
  );
}
