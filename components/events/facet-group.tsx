"use client";

import type { MouseEvent } from "react";
import { FACET_TOP, type FilterMode, type FilterTerm } from "@/lib/events/search-params";
import type { FacetValue } from "@/lib/events/types";

interface Props {
  field: string;
  label: string;
  /** Top values (FACET_TOP + 1 when there are more), or the expanded list. */
  values: FacetValue[];
  expanded: boolean;
  expandedLoading: boolean;
  onExpand: (expanded: boolean) => void;
  modeOf: (term: FilterTerm) => FilterMode | null;
  /** Values filtered on but absent from the counts (outside the top values). */
  activeElsewhere: { value: string; mode: FilterMode }[];
  onFilter: (term: FilterTerm, mode: FilterMode) => void;
}

export function FacetGroup({ field, label, values, expanded, expandedLoading, onExpand, modeOf, activeElsewhere, onFilter }: Props) {
  const more = !expanded && values.length > FACET_TOP;
  const shown = expanded ? values : values.slice(0, FACET_TOP);
  const max = Math.max(1, ...shown.map((v) => v.count));

  if (shown.length === 0 && activeElsewhere.length === 0) {
    return (
      <section aria-label={label} className="flex items-baseline justify-between px-1 py-1 text-xs text-zinc-400 dark:text-zinc-600">
        <h3 className="font-medium">{label}</h3>
        <span>no values</span>
      </section>
    );
  }

  return (
    <section aria-label={label} data-facet={field} className="py-1">
      <h3 className="px-1 pb-0.5 text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">{label}</h3>
      <ul>
        {activeElsewhere.map((a) => (
          <FacetValueRow key={a.value} field={field} label={label} value={a.value} count={null} share={0} mode={a.mode} onFilter={onFilter} />
        ))}
        {shown.map((v) => (
          <FacetValueRow
            key={v.value}
            field={field}
            label={label}
            value={v.value}
            count={v.count}
            share={v.count / max}
            mode={modeOf({ field, value: v.value })}
            onFilter={onFilter}
          />
        ))}
      </ul>
      {(more || expanded) && (
        <button
          type="button"
          onClick={() => onExpand(!expanded)}
          className="ml-1 text-xs text-emerald-700 hover:underline dark:text-emerald-400"
          aria-label={expanded ? `Fewer ${label} values` : `More ${label} values`}
        >
          {expanded ? "less" : expandedLoading ? "loading…" : "more"}
        </button>
      )}
    </section>
  );
}

interface RowProps {
  field: string;
  label: string;
  value: string;
  count: number | null;
  share: number;
  mode: FilterMode | null;
  onFilter: (term: FilterTerm, mode: FilterMode) => void;
}

function FacetValueRow({ field, label, value, count, share, mode, onFilter }: RowProps) {
  const term = { field, value };
  function click(e: MouseEvent) {
    onFilter(term, e.altKey || e.shiftKey ? "exclude" : "include");
  }
  return (
    <li className="group relative flex items-center rounded hover:bg-zinc-100 dark:hover:bg-zinc-800/70">
      <span
        aria-hidden
        className="absolute inset-y-0.5 left-0 rounded-sm bg-emerald-500/10 dark:bg-emerald-400/10"
        style={{ width: `${Math.round(share * 100)}%` }}
      />
      <button
        type="button"
        onClick={click}
        aria-pressed={mode === "include"}
        aria-label={`Include ${label}: ${value}`}
        title={`${value}\nClick to include · Alt/Shift-click to exclude`}
        className={`relative flex min-w-0 flex-1 items-center gap-2 px-1 py-0.5 text-left text-[13px] ${
          mode === "include" ? "font-semibold text-emerald-700 dark:text-emerald-300" : mode === "exclude" ? "text-red-600 line-through dark:text-red-400" : ""
        }`}
      >
        <span className="min-w-0 flex-1 truncate">{value}</span>
        <span className="shrink-0 text-xs text-zinc-500 tabular-nums dark:text-zinc-400">{count === null ? "" : count.toLocaleString("en")}</span>
      </button>
      <button
        type="button"
        onClick={() => onFilter(term, "exclude")}
        aria-pressed={mode === "exclude"}
        aria-label={`Exclude ${label}: ${value}`}
        title="Exclude this value"
        className="relative w-5 shrink-0 rounded text-center text-zinc-400 opacity-0 group-hover:opacity-100 hover:text-red-600 focus-visible:opacity-100 dark:hover:text-red-400"
      >
        −
      </button>
    </li>
  );
}
