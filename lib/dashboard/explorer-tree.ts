// The group-by explorer's tree as the page draws it: rows of a nested table (buckets, then an
// "other" row where a level was cut), the same tree for the treemap, and a flat table for CSV.
// Each row drills into the Events search that counts it. Pure.
import { fieldByName } from "@/lib/events/fields";
import type { FilterTerm } from "@/lib/events/search-params";
import { ratio } from "./metrics";
import { eventsLink } from "./links";
import { explorerFieldLabel } from "./explorer-params";
import type { ExplorerNode, ExplorerResult } from "./types";

type Window = { from: string; to: string };

export interface ExplorerRow {
  /** Unique in the tree: the path of keys. */
  id: string;
  parentId: string | null;
  /** 0 for the first level. */
  depth: number;
  field: string;
  kind: "bucket" | "other";
  /** The bucket's value (null: no value, and for "other"). */
  key: string | null;
  label: string;
  /** Labels from the first level down to this row. */
  path: string[];
  count: number;
  /** Of the parent bucket's events (of all events at the first level). */
  share: number | null;
  shareOfTotal: number | null;
  /** The Events search that counts this row; null where none can ("other" of a list field, whose events count once per value). */
  href: string | null;
  /** Rows nested under it. */
  hasChildren: boolean;
  /** An "other" row: how many buckets it stands for. */
  buckets?: number;
}

/** What a row's Events search filters by: terms to include and exclude, and query terms for "has no value". */
interface Scope {
  include: FilterTerm[];
  exclude: FilterTerm[];
  q: string[];
}

const ROOT_SCOPE: Scope = { include: [], exclude: [], q: [] };
const SEP = "\u001f";

function keyId(key: string | null): string {
  return key === null ? "∅" : `=${key}`;
}

function bucketScope(scope: Scope, field: string, node: ExplorerNode): Scope {
  if (node.filter === null) return { ...scope, q: [...scope.q, `-${field}:*`] };
  return { ...scope, include: [...scope.include, { field, value: node.filter }] };
}

/** The parent's events outside the kept buckets: exact for one-valued fields only. */
function otherScope(scope: Scope, field: string, kept: ExplorerNode[]): Scope | null {
  if (fieldByName(field)?.type === "array") return null;
  const values = kept.flatMap((n) => (n.filter === null ? [] : [{ field, value: n.filter }]));
  const hasNull = kept.some((n) => n.filter === null);
  return { ...scope, exclude: [...scope.exclude, ...values], q: hasNull ? [...scope.q, `${field}:*`] : scope.q };
}

function hrefOf(window: Window, scope: Scope | null): string | null {
  return scope ? eventsLink(window, scope.include, scope.q.join(" "), scope.exclude) : null;
}

export function otherLabel(buckets: number): string {
  return `Other (${buckets.toLocaleString("en")} ${buckets === 1 ? "value" : "values"})`;
}

/** Every row of the tree, depth first: a bucket, its subtree, and after its siblings the level's "other" row. */
export function explorerRows(result: ExplorerResult, window: Window): ExplorerRow[] {
  const out: ExplorerRow[] = [];
  const walk = (nodes: ExplorerNode[], other: number, otherBuckets: number, depth: number, parent: { id: string | null; count: number; path: string[]; scope: Scope }) => {
    const field = result.by[depth];
    if (!field) return;
    for (const n of nodes) {
      const id = parent.id === null ? keyId(n.key) : `${parent.id}${SEP}${keyId(n.key)}`;
      const scope = bucketScope(parent.scope, field, n);
      const path = [...parent.path, n.label];
      const hasChildren = depth + 1 < result.by.length && (n.children.length > 0 || n.other > 0);
      out.push({
        id, parentId: parent.id, depth, field, kind: "bucket", key: n.key, label: n.label, path, count: n.count,
        share: ratio(n.count, parent.count), shareOfTotal: ratio(n.count, result.count), href: hrefOf(window, scope), hasChildren,
      });
      walk(n.children, n.other, n.otherBuckets, depth + 1, { id, count: n.count, path, scope });
    }
    if (other > 0) {
      const label = otherLabel(otherBuckets);
      out.push({
        id: `${parent.id ?? ""}${SEP}other`, parentId: parent.id, depth, field, kind: "other", key: null, label, path: [...parent.path, label], count: other,
        share: ratio(other, parent.count), shareOfTotal: ratio(other, result.count), href: hrefOf(window, otherScope(parent.scope, field, nodes)), hasChildren: false,
        buckets: otherBuckets,
      });
    }
  };
  walk(result.buckets, result.other, result.otherBuckets, 0, { id: null, count: result.count, path: [], scope: ROOT_SCOPE });
  return out;
}

/** Rows shown when the given rows are expanded: a row shows when every ancestor is expanded. */
export function visibleRows(rows: readonly ExplorerRow[], expanded: ReadonlySet<string>): ExplorerRow[] {
  const shown = new Set<string | null>([null]);
  return rows.filter((r) => {
    if (!shown.has(r.parentId) || (r.parentId !== null && !expanded.has(r.parentId))) return false;
    shown.add(r.id);
    return true;
  });
}

/**
 * What opens first: first-level buckets, in order, while the table stays short (about `budget`
 * rows); at least the first one, so the nesting shows.
 */
export function initiallyExpanded(rows: readonly ExplorerRow[], budget = 30): Set<string> {
  const top = rows.filter((r) => r.depth === 0);
  const childrenOf = (id: string) => rows.filter((r) => r.parentId === id).length;
  const out = new Set<string>();
  let shown = top.length;
  for (const r of top) {
    if (!r.hasChildren) continue;
    const n = childrenOf(r.id);
    if (out.size > 0 && shown + n > budget) break;
    out.add(r.id);
    shown += n;
  }
  return out;
}

/** Every row that has rows under it. */
export function expandableIds(rows: readonly ExplorerRow[]): Set<string> {
  return new Set(rows.filter((r) => r.hasChildren).map((r) => r.id));
}

export interface TreemapNode {
  id: string;
  key: string | null;
  name: string;
  /** Leaves only: Recharts sums a parent's children. */
  value?: number;
  count: number;
  depth: number;
  /** The first-level bucket it belongs to (its colour). */
  top: number;
  other: boolean;
  path: string[];
  shareOfTotal: number | null;
  href: string | null;
  children?: TreemapNode[];
}

/** The rows as nested nodes for the treemap: a bucket's area is its events (its children's, where it has some). */
export function treemapNodes(rows: readonly ExplorerRow[]): TreemapNode[] {
  const byParent = new Map<string | null, ExplorerRow[]>();
  for (const r of rows) byParent.set(r.parentId, [...(byParent.get(r.parentId) ?? []), r]);
  const build = (parentId: string | null, top: number | null): TreemapNode[] =>
    (byParent.get(parentId) ?? []).map((r, i) => {
      const t = top ?? i;
      const children = build(r.id, t);
      return {
        id: r.id, key: r.key, name: r.label, count: r.count, depth: r.depth, top: t, other: r.kind === "other", path: r.path, shareOfTotal: r.shareOfTotal, href: r.href,
        ...(children.length ? { children } : { value: r.count }),
      };
    });
  return build(null, null);
}

/** The tree as a flat table for CSV: a column per level (each row names its ancestors), events and shares. */
export function explorerCsvTable(result: ExplorerResult, rows: readonly ExplorerRow[]) {
  return {
    columns: [
      ...result.by.map((f, i) => ({ key: `l${i}`, label: explorerFieldLabel(f), kind: "text" as const })),
      { key: "count", label: "Events", kind: "count" as const },
      { key: "share", label: "Share of parent", kind: "percent" as const },
      { key: "shareOfTotal", label: "Share of all", kind: "percent" as const },
    ],
    rows: rows.map((r) => ({
      cells: { ...Object.fromEntries(result.by.map((_, i) => [`l${i}`, r.path[i] ?? null])), count: r.count, share: r.share, shareOfTotal: r.shareOfTotal },
      href: r.href ?? undefined,
    })),
  };
}
