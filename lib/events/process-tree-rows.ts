import type { ProcessTree, ProcessTreeNode } from "./build-process-tree";

// The rows a process tree shows for a given expansion state. Only expanded nodes produce rows,
// and wide levels show a page of children followed by a "+N more" row, so a 1,000-node tree
// renders a few dozen rows until the analyst opens more. Pure, for the treeview component.

export const CHILDREN_PAGE = 20;
/** Row height in px: rows are one line, so a scroll offset maps to a row index. */
export const TREE_ROW_HEIGHT = 28;

export type TreeRow =
  | {
      kind: "node";
      key: string;
      node: ProcessTreeNode;
      /** 1 for the root, as aria-level. */
      level: number;
      parentKey: string | null;
      posInSet: number;
      setSize: number;
      expanded: boolean;
      onPath: boolean;
    }
  | { kind: "more"; key: string; parentKey: string; level: number; hidden: number };

export interface TreeViewState {
  expanded: ReadonlySet<string>;
  /** Children shown per node beyond the first page. */
  shown: ReadonlyMap<string, number>;
}

/** The root-to-event path expanded (the event's own process too), everything else collapsed. */
export function initialState(tree: ProcessTree): TreeViewState {
  return { expanded: new Set(tree.path), shown: new Map() };
}

export function visibleRows(tree: ProcessTree, state: TreeViewState, page = CHILDREN_PAGE): TreeRow[] {
  const rows: TreeRow[] = [];
  if (!tree.root) return rows;
  const onPath = new Set(tree.path);
  const visit = (node: ProcessTreeNode, level: number, parentKey: string | null, posInSet: number, setSize: number) => {
    const expanded = node.children.length > 0 && state.expanded.has(node.key);
    rows.push({ kind: "node", key: node.key, node, level, parentKey, posInSet, setSize, expanded, onPath: onPath.has(node.key) });
    if (!expanded) return;
    const limit = state.shown.get(node.key) ?? page;
    const kids = node.children;
    // A child on the path to the event always shows, even past the first page.
    let hidden = 0;
    kids.forEach((c, i) => {
      if (i < limit || onPath.has(c.key)) visit(c, level + 1, node.key, i + 1, kids.length);
      else hidden += 1;
    });
    if (hidden > 0) rows.push({ kind: "more", key: `${node.key}/more`, parentKey: node.key, level: level + 1, hidden });
  };
  visit(tree.root, 1, null, 1, 1);
  return rows;
}

/** Every node key in the tree with children, for "expand all". */
export function expandableKeys(tree: ProcessTree): string[] {
  const out: string[] = [];
  const stack = tree.root ? [tree.root] : [];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.children.length > 0) out.push(n.key);
    stack.push(...n.children);
  }
  return out;
}

export function toggle(state: TreeViewState, key: string, open?: boolean): TreeViewState {
  const isOpen = state.expanded.has(key);
  const want = open ?? !isOpen;
  if (want === isOpen) return state;
  const expanded = new Set(state.expanded);
  if (want) expanded.add(key);
  else expanded.delete(key);
  return { ...state, expanded };
}

export function showMore(state: TreeViewState, key: string, page = CHILDREN_PAGE): TreeViewState {
  const shown = new Map(state.shown);
  shown.set(key, (state.shown.get(key) ?? page) + page * 5);
  return { ...state, shown };
}

/** The slice of rows a scroll position shows, with `overscan` rows either side. */
export function rowWindow(count: number, scrollTop: number, height: number, rowHeight: number, overscan: number): { start: number; end: number } {
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const last = Math.ceil((Math.max(0, scrollTop) + Math.max(0, height)) / rowHeight);
  return { start: Math.max(0, first - overscan), end: Math.min(count, last + overscan) };
}
