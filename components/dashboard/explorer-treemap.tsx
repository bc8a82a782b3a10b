"use client";

import { useRouter } from "next/navigation";
import { useId, useMemo } from "react";
import { ResponsiveContainer, Tooltip, Treemap, type TooltipContentProps } from "recharts";
import { SEVERITY_COLORS } from "@/components/charts/severity-colors";
import { explorerFieldLabel } from "@/lib/dashboard/explorer-params";
import { treemapNodes, type ExplorerRow, type TreemapNode } from "@/lib/dashboard/explorer-tree";
import { percent } from "@/lib/dashboard/metrics";
import type { ExplorerResult } from "@/lib/dashboard/types";
import { TooltipBox } from "./chart-parts";

// One hue per first-level bucket; darker tones, so white labels read on every one.
const PALETTE = ["#4f46e5", "#059669", "#d97706", "#0284c7", "#db2777", "#7c3aed", "#0d9488", "#ea580c", "#4d7c0f", "#0891b2"];
const OTHER = "#a1a1aa"; // zinc-400
const HEIGHT = 340;

// Recharts' treemap data is an open record.
type Cell = Omit<TreemapNode, "children"> & { color: string; children?: Cell[]; [field: string]: unknown };

/** The tree as a treemap: a cell's area is its events; colour follows the first level. A cell opens its events. */
export function ExplorerTreemap({ result, rows }: { result: ExplorerResult; rows: ExplorerRow[] }) {
  const router = useRouter();
  const hatch = `explorer-other-${useId().replace(/[^A-Za-z0-9_-]/g, "")}`;
  const data = useMemo(() => colour(treemapNodes(rows), result.by[0]), [rows, result.by]);
  const legend = data.filter((d) => !d.other);
  return (
    <div>
      <div
        className="dash-chart overflow-hidden rounded text-zinc-500 dark:text-zinc-400"
        style={{ height: HEIGHT }}
        role="group"
        aria-label={`Treemap of events by ${result.by.map(explorerFieldLabel).join(", then ")}; the table lists the same buckets`}
        data-testid="explorer-treemap"
      >
        <ResponsiveContainer width="100%" height="100%">
          <Treemap
            data={data}
            dataKey="value"
            nameKey="name"
            aspectRatio={4 / 3}
            isAnimationActive={false}
            content={<TreemapCell hatch={hatch} />}
            onClick={(node) => {
              const href = (node as unknown as Cell).href;
              if (href) router.push(href);
            }}
            style={{ cursor: "pointer" }}
          >
            <Tooltip isAnimationActive={false} content={(p: TooltipContentProps) => <CellTooltip {...p} levels={result.by} />} />
          </Treemap>
        </ResponsiveContainer>
      </div>
      <ul className="mt-2 flex flex-wrap gap-x-3 gap-y-1 text-xs text-zinc-500 dark:text-zinc-400" aria-label="Colours: first level">
        {legend.map((d) => (
          <li key={d.id} className="inline-flex max-w-48 items-center gap-1">
            <span className="inline-block h-2 w-2 shrink-0 rounded-sm" style={{ background: d.color }} aria-hidden />
            <span className="truncate">{d.name}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function colour(nodes: TreemapNode[], field: string): Cell[] {
  const top = (n: TreemapNode): string => {
    if (n.other) return OTHER;
    if (field === "severity" && n.key && n.key in SEVERITY_COLORS) return SEVERITY_COLORS[n.key as keyof typeof SEVERITY_COLORS];
    return PALETTE[n.top % PALETTE.length];
  };
  const walk = (list: TreemapNode[], parent: string | null): Cell[] =>
    list.map((n) => {
      const color = n.other ? OTHER : parent ?? top(n);
      return { ...n, color, children: n.children ? walk(n.children, color) : undefined };
    });
  return walk(nodes, null);
}

interface CellProps {
  /** The id of the stripes that mark "other" cells. */
  hatch: string;
  root?: { x: number; y: number; width: number; height: number; depth: number; children?: unknown[] };
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  depth?: number;
  index?: number;
  name?: string;
  count?: number;
  color?: string;
  children?: unknown[];
  other?: boolean;
}

/**
 * A cell. The root draws the stripes of "other" cells; leaves are drawn (a parent is the sum of
 * its leaves), shaded by their place among siblings and labelled where they fit; the last leaf of
 * a group outlines the group, so the first level reads as blocks.
 */
function TreemapCell({ hatch, root, x = 0, y = 0, width = 0, height = 0, depth = 0, index = 0, name = "", count = 0, color = OTHER, children, other }: CellProps) {
  if (depth === 0) {
    return (
      <defs>
        <pattern id={hatch} width={6} height={6} patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width={6} height={6} fill={OTHER} fillOpacity={0.35} />
          <line x1={0} y1={0} x2={0} y2={6} stroke={OTHER} strokeWidth={3} />
        </pattern>
      </defs>
    );
  }
  if (children && children.length > 0) return null;
  const opacity = depth === 1 ? 0.95 : 0.95 - (index % 4) * 0.1;
  const fits = width > 46 && height > 30;
  const chars = Math.max(1, Math.floor((width - 10) / 6.4));
  const text = name.length > chars ? `${name.slice(0, Math.max(1, chars - 1))}…` : name;
  const lastOfGroup = depth > 1 && root && root.depth >= 1 && index === (root.children?.length ?? 0) - 1;
  return (
    <g>
      <rect
        data-cell={name} x={x} y={y} width={width} height={height} fill={other ? `url(#${hatch})` : color} fillOpacity={other ? 1 : opacity}
        stroke="#fff" strokeWidth={1} strokeOpacity={0.9}
      />
      {lastOfGroup && <rect x={root.x} y={root.y} width={root.width} height={root.height} fill="none" stroke="#fff" strokeWidth={3} pointerEvents="none" />}
      {fits && (
        <text x={x + 5} y={y + 14} fill={other ? undefined : "#fff"} className={other ? "fill-zinc-700 dark:fill-zinc-200" : undefined} fontSize={11} fontWeight={500} fontStyle={other ? "italic" : undefined} style={{ pointerEvents: "none" }}>
          {text}
          <tspan x={x + 5} dy={13} fillOpacity={0.85}>
            {count.toLocaleString("en")}
          </tspan>
        </text>
      )}
    </g>
  );
}

function CellTooltip({ active, payload, levels }: TooltipContentProps & { levels: string[] }) {
  const cell = payload?.[0]?.payload as Cell | undefined;
  if (!active || !cell || cell.path === undefined) return null;
  return (
    <TooltipBox title={cell.path[cell.path.length - 1]} hint={cell.href ? "Click to open its events" : "A list field: no single search counts this cell"}>
      <dl className="space-y-0.5">
        {cell.path.slice(0, -1).map((p, i) => (
          <div key={i} className="flex gap-2">
            <dt className="text-zinc-500 dark:text-zinc-400">{explorerFieldLabel(levels[i])}</dt>
            <dd className="ml-auto truncate pl-3">{p}</dd>
          </div>
        ))}
        <div className="flex gap-2 tabular-nums">
          <dt className="text-zinc-500 dark:text-zinc-400">Events</dt>
          <dd className="ml-auto pl-3">
            {cell.count.toLocaleString("en")} ({percent(cell.shareOfTotal)} of all)
          </dd>
        </div>
      </dl>
    </TooltipBox>
  );
}
