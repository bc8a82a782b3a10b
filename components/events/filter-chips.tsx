"use client";

import { fieldByName } from "@/lib/events/fields";
import type { EventsSearchState, FilterMode, FilterTerm } from "@/lib/events/search-params";

interface Props {
  state: EventsSearchState;
  onInvert: (term: FilterTerm, mode: FilterMode) => void;
  onRemove: (term: FilterTerm) => void;
  onClear: () => void;
}

/** The active facet filters: include chips in green, exclude chips in red with NOT. */
export function FilterChips({ state, onInvert, onRemove, onClear }: Props) {
  const chips = [
    ...state.include.map((term) => ({ term, mode: "include" as const })),
    ...state.exclude.map((term) => ({ term, mode: "exclude" as const })),
  ];
  if (chips.length === 0) return null;
  return (
    <ul aria-label="Active filters" data-testid="filter-chips" className="flex flex-wrap items-center gap-1.5">
      {chips.map(({ term, mode }) => {
        const label = `${fieldByName(term.field)?.label ?? term.field}: ${term.value}`;
        const include = mode === "include";
        return (
          <li
            key={`${mode}:${term.field}:${term.value}`}
            data-mode={mode}
            className={`inline-flex max-w-sm items-center rounded-full border text-xs ${
              include
                ? "border-emerald-300 bg-emerald-50 text-emerald-800 dark:border-emerald-800 dark:bg-emerald-950/50 dark:text-emerald-200"
                : "border-red-300 bg-red-50 text-red-800 dark:border-red-800 dark:bg-red-950/50 dark:text-red-200"
            }`}
          >
            <button
              type="button"
              onClick={() => onInvert(term, include ? "exclude" : "include")}
              title={include ? "Click to exclude instead" : "Click to include instead"}
              className="min-w-0 truncate py-0.5 pl-2.5"
            >
              {!include && <span className="mr-1 font-semibold">NOT</span>}
              {label}
            </button>
            <button type="button" aria-label={`Remove filter ${label}`} onClick={() => onRemove(term)} className="px-2 py-0.5 opacity-70 hover:opacity-100">
              ×
            </button>
          </li>
        );
      })}
      <li>
        <button type="button" onClick={onClear} className="text-xs text-zinc-500 hover:text-zinc-800 hover:underline dark:text-zinc-400 dark:hover:text-zinc-200">
          Clear filters
        </button>
      </li>
    </ul>
  );
}
