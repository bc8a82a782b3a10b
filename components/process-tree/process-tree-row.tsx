"use client";

import { memo } from "react";
import type { ProcessTreeNode, TreeEventRef } from "@/lib/events/build-process-tree";
import { TREE_ROW_HEIGHT, type TreeRow } from "@/lib/events/process-tree-rows";
import { severityDot } from "@/components/event-detail/severity-badge";
import { eventHref } from "@/components/event-detail/links";

/** Badges shown inline; the rest are counted, so a row stays one line. */
const INLINE_BADGES = 4;

export interface RowHandlers {
  onToggle: (key: string) => void;
  onMore: (parentKey: string) => void;
  onFocusRow: (key: string) => void;
  register: (key: string, el: HTMLElement | null) => void;
  /** Client-side navigation to another event; badges are plain links, lighter than next/link by the hundred. */
  onOpen: (href: string) => void;
}

interface Props extends RowHandlers {
  row: TreeRow;
  /** Offset in the scroller, px: rows are positioned, so only those in view need rendering. */
  top: number;
  /** px per level; deep trees get less so the leaves keep room. */
  indent: number;
  focused: boolean;
  eventId: string;
  back: string | null;
}

function basename(path: string): string {
  const i = path.lastIndexOf("/");
  return i >= 0 && i < path.length - 1 ? path.slice(i + 1) : path;
}

/** The arguments after argv[0] when argv[0] only repeats the executable; the full line is on hover. */
function argumentsOf(args: string, exe: string | null, name: string): string {
  const first = args.split(" ", 1)[0];
  return first === name || first === exe ? args.slice(first.length).trimStart() : args;
}

function clock(iso: string): string {
  return iso.slice(11, 19);
}

/** Placement in the scroller, and vertical guides, one per level, so deep trees stay readable. */
function rowStyle(level: number, top: number, indent: number): React.CSSProperties {
  const width = (level - 1) * indent;
  return {
    position: "absolute",
    top,
    left: 0,
    right: 0,
    height: TREE_ROW_HEIGHT,
    paddingLeft: width + 4,
    backgroundImage: `repeating-linear-gradient(to right, transparent 0 ${indent / 2 - 1}px, var(--tree-guide) ${indent / 2 - 1}px ${indent / 2}px, transparent ${indent / 2}px ${indent}px)`,
    backgroundSize: `${width}px 100%`,
    backgroundRepeat: "no-repeat",
  };
}

const RELATION_STYLE: Record<ProcessTreeNode["relation"], string> = {
  self: "bg-emerald-50 ring-1 ring-inset ring-emerald-400 dark:bg-emerald-900/30 dark:ring-emerald-600",
  ancestor: "",
  sibling: "",
  descendant: "",
  relative: "",
};

function Badge({ event, current, back, tabbable, onOpen }: { event: TreeEventRef; current: boolean; back: string | null; tabbable: boolean; onOpen: (href: string) => void }) {
  const body = (
    <>
      <span className="h-1.5 w-1.5 shrink-0 rounded-full" style={{ background: severityDot(event.severity) }} aria-hidden />
      <span className="max-w-[9rem] truncate">{current ? "this event" : event.type}</span>
    </>
  );
  const base = "inline-flex items-center gap-1 rounded border px-1.5 py-px text-[11px] leading-4";
  const title = `${event.type} · ${event.severity} · ${event.occurredAt}${event.title ? ` · ${event.title}` : ""}`;
  const href = eventHref(event.id, back);
  if (current) {
    return (
      <span className={`${base} border-emerald-400 font-medium text-emerald-800 dark:border-emerald-600 dark:text-emerald-200`} title={title} aria-current="page">
        {body}
      </span>
    );
  }
  return (
    <a
      href={href}
      title={title}
      tabIndex={tabbable ? 0 : -1}
      onClick={(e) => {
        e.stopPropagation();
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        onOpen(href);
      }}
      className={`${base} border-zinc-300 text-zinc-700 hover:border-emerald-500 hover:text-emerald-700 dark:border-zinc-600 dark:text-zinc-200 dark:hover:text-emerald-300`}
      data-testid="process-event-badge"
    >
      {body}
    </a>
  );
}

function NodeContent({ node, eventId, back, focused, onOpen }: { node: ProcessTreeNode; eventId: string; back: string | null; focused: boolean; onOpen: (href: string) => void }) {
  const name = node.exe ? basename(node.exe) : (node.comm ?? "unknown process");
  const dir = node.exe && node.exe.length > name.length ? node.exe.slice(0, node.exe.length - name.length) : null;
  const user = node.user ?? (node.uid !== null ? `uid ${node.uid}` : null);
  const inline = node.events.slice(0, INLINE_BADGES);
  if (!inline.some((e) => e.id === eventId)) {
    const current = node.events.find((e) => e.id === eventId);
    if (current) inline[inline.length - 1] = current;
  }
  const hidden = node.eventCount - inline.length;
  const hiddenTypes = node.events.filter((e) => !inline.includes(e)).map((e) => e.type);
  return (
    <>
      <span className="flex min-w-0 shrink-0 font-mono text-xs" title={node.exe ?? node.comm ?? undefined}>
        {dir && <span className="max-w-[10rem] truncate text-zinc-500 dark:text-zinc-400">{dir}</span>}
        <span className="font-semibold">{name}</span>
      </span>
      {node.args ? (
        <span className="min-w-0 flex-1 truncate font-mono text-[11px] text-zinc-600 dark:text-zinc-300" title={node.args}>
          {argumentsOf(node.args, node.exe, name)}
        </span>
      ) : (
        <span className="flex-1" />
      )}
      {inline.length > 0 && (
        <span className="flex shrink-0 items-center gap-1 overflow-hidden">
          {inline.map((ev) => (
            <Badge key={ev.id} event={ev} current={ev.id === eventId} back={back} tabbable={focused} onOpen={onOpen} />
          ))}
          {hidden > 0 && (
            <span className="text-[11px] text-zinc-500" title={`${hidden} more events${hiddenTypes.length ? `: ${[...new Set(hiddenTypes)].join(", ")}` : ""}`}>
              +{hidden}
            </span>
          )}
        </span>
      )}
      <span className="shrink-0 font-mono text-[11px] text-zinc-500 tabular-nums dark:text-zinc-400">
        {node.pid !== null ? `pid ${node.pid}` : "pid ?"}
        {user ? ` · ${user}` : ""}
      </span>
      {node.start && (
        <time dateTime={node.start} title={`started ${node.start}`} className="shrink-0 font-mono text-[11px] text-zinc-500 tabular-nums dark:text-zinc-400">
          {clock(node.start)}
        </time>
      )}
    </>
  );
}

function Chevron({ expanded }: { expanded: boolean }) {
  return (
    <svg viewBox="0 0 24 24" className={`h-3.5 w-3.5 transition-transform ${expanded ? "rotate-90" : ""}`} fill="none" stroke="currentColor" strokeWidth={2} aria-hidden>
      <path d="M9 6l6 6-6 6" />
    </svg>
  );
}

function TreeRowView({ row, top, indent, focused, eventId, back, onToggle, onMore, onFocusRow, register, onOpen }: Props) {
  const focusRing = "outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-emerald-500";
  if (row.kind === "more") {
    return (
      <div
        role="treeitem"
        aria-level={row.level}
        aria-selected={false}
        aria-label={`Show ${row.hidden} more processes`}
        tabIndex={focused ? 0 : -1}
        ref={(el) => register(row.key, el)}
        onFocus={() => onFocusRow(row.key)}
        onClick={() => onMore(row.parentKey)}
        className={`flex cursor-pointer items-center text-xs text-emerald-700 hover:bg-zinc-50 dark:text-emerald-400 dark:hover:bg-zinc-800/60 ${focusRing}`}
        style={rowStyle(row.level, top, indent)}
      >
        <span className="ml-5">+{row.hidden} more</span>
      </div>
    );
  }
  const { node } = row;
  const hasChildren = node.children.length > 0;
  return (
    <div
      role="treeitem"
      aria-level={row.level}
      aria-setsize={row.setSize}
      aria-posinset={row.posInSet}
      aria-expanded={hasChildren ? row.expanded : undefined}
      aria-selected={node.relation === "self"}
      tabIndex={focused ? 0 : -1}
      ref={(el) => register(row.key, el)}
      onFocus={(e) => e.target === e.currentTarget && onFocusRow(row.key)}
      data-relation={node.relation}
      data-pid={node.pid ?? undefined}
      className={`flex items-center gap-2 overflow-hidden whitespace-nowrap pr-2 hover:bg-zinc-50 dark:hover:bg-zinc-800/60 ${RELATION_STYLE[node.relation]} ${focusRing}`}
      style={rowStyle(row.level, top, indent)}
    >
      {/* Not a button: a click lands focus on the treeitem itself, where the keys work. */}
      <span
        aria-hidden
        onClick={() => {
          if (hasChildren) onToggle(row.key);
        }}
        className={`flex h-5 w-5 shrink-0 items-center justify-center rounded text-zinc-500 ${hasChildren ? "cursor-pointer hover:bg-zinc-200 dark:hover:bg-zinc-700" : ""}`}
        data-testid="tree-toggle"
      >
        {hasChildren ? <Chevron expanded={row.expanded} /> : <span className="h-1 w-1 rounded-full bg-zinc-400" />}
      </span>
      {hasChildren && !row.expanded && (
        <span className="shrink-0 rounded bg-zinc-100 px-1 text-[10px] text-zinc-600 tabular-nums dark:bg-zinc-800 dark:text-zinc-300" title={`${node.children.length} child processes`}>
          {node.children.length}
        </span>
      )}
      <NodeContent node={node} eventId={eventId} back={back} focused={focused} onOpen={onOpen} />
    </div>
  );
}

export const ProcessTreeRow = memo(
  TreeRowView,
  (a, b) =>
    a.focused === b.focused &&
    a.top === b.top &&
    a.indent === b.indent &&
    a.back === b.back &&
    a.eventId === b.eventId &&
    a.row.key === b.row.key &&
    a.row.level === b.row.level &&
    (a.row.kind === "node" && b.row.kind === "node"
      ? a.row.node === b.row.node && a.row.expanded === b.row.expanded && a.row.posInSet === b.row.posInSet && a.row.setSize === b.row.setSize
      : a.row.kind === "more" && b.row.kind === "more" && a.row.hidden === b.row.hidden) &&
    a.onToggle === b.onToggle &&
    a.onMore === b.onMore &&
    a.onFocusRow === b.onFocusRow &&
    a.register === b.register &&
    a.onOpen === b.onOpen,
);
