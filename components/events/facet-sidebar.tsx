"use client";

import { useState } from "react";
import { DEFAULT_FACETS, fieldByName } from "@/lib/events/fields";
import { filterModeOf, type EventsSearchState, type FilterMode, type FilterTerm } from "@/lib/events/search-params";
import type { FacetValue } from "@/lib/events/types";
import { FacetGroup } from "./facet-group";
import { useExpandedFacet } from "./use-event-search";

interface Props {
  tenantId: string;
  state: EventsSearchState;
  facets: Record<string, FacetValue[]> | null;
  range: { from: string; to: string } | null;
  /** Counts fade while a newer search loads. */
  stale: boolean;
  /** The search or its counts failed: nothing is being counted. */
  failed: boolean;
  onFilter: (term: FilterTerm, mode: FilterMode) => void;
}

/** Counts per facet over the current search minus that facet's own filter. */
export function FacetSidebar({ tenantId, state, facets, range, stale, failed, onFilter }: Props) {
  const [expanded, setExpanded] = useState<string | null>(null);
  return (
    <aside aria-label="Facets" data-testid="facets" className={`w-56 shrink-0 space-y-1 self-start transition-opacity ${stale ? "opacity-60" : ""}`}>
      {DEFAULT_FACETS.map((field) =>
        facets ? (
          <Facet
            key={field}
            tenantId={tenantId}
            state={state}
            field={field}
            values={facets[field] ?? []}
            range={range}
            expanded={expanded === field}
            onExpand={(on) => setExpanded(on ? field : null)}
            onFilter={onFilter}
          />
        ) : failed ? (
          <FacetNotCounted key={field} label={fieldByName(field)?.label ?? field} />
        ) : (
          <FacetSkeleton key={field} label={fieldByName(field)?.label ?? field} />
        ),
      )}
    </aside>
  );
}

interface FacetProps {
  tenantId: string;
  state: EventsSearchState;
  field: string;
  values: FacetValue[];
  range: { from: string; to: string } | null;
  expanded: boolean;
  onExpand: (on: boolean) => void;
  onFilter: (term: FilterTerm, mode: FilterMode) => void;
}

function Facet({ tenantId, state, field, values, range, expanded, onExpand, onFilter }: FacetProps) {
  const more = useExpandedFacet(tenantId, state, range, field, expanded);
  const list = expanded && more.data ? more.data : values;
  const listed = new Set(list.map((v) => v.value));
  const activeElsewhere = [
    ...state.include.filter((t) => t.field === field && !listed.has(t.value)).map((t) => ({ value: t.value, mode: "include" as const })),
    ...state.exclude.filter((t) => t.field === field && !listed.has(t.value)).map((t) => ({ value: t.value, mode: "exclude" as const })),
  ];
  return (
    <FacetGroup
      field={field}
      label={fieldByName(field)?.label ?? field}
      values={list}
      expanded={expanded && more.data !== undefined}
      expandedLoading={expanded && more.isFetching}
      onExpand={onExpand}
      modeOf={(term) => filterModeOf(state, term)}
      activeElsewhere={activeElsewhere}
      onFilter={onFilter}
    />
  );
}

function FacetSkeleton({ label }: { label: string }) {
  return (
    <section aria-label={label} aria-busy className="px-1 py-1">
      <h3 className="pb-1 text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">{label}</h3>
      {[70, 45, 30].map((w) => (
        <div key={w} className="my-1 h-3 animate-pulse rounded bg-zinc-200 dark:bg-zinc-800" style={{ width: `${w}%` }} />
      ))}
    </section>
  );
}

function FacetNotCounted({ label }: { label: string }) {
  return (
    <section aria-label={label} className="flex items-baseline justify-between px-1 py-1 text-xs text-zinc-400 dark:text-zinc-600">
      <h3 className="font-medium">{label}</h3>
      <span>not counted</span>
    </section>
  );
}
