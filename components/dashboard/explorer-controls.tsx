"use client";

import { useId } from "react";
import { EXPLORER_FIELDS, EXPLORER_LIMITS, EXPLORER_MAX_LEVELS, setLevel, type ExplorerLimit, type ExplorerState } from "@/lib/dashboard/explorer-params";

const SELECT =
  "h-7 rounded border border-zinc-300 bg-white px-1.5 text-xs text-zinc-800 focus-visible:outline-2 focus-visible:outline-emerald-500 disabled:opacity-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100";
const NONE = "";
const LEVEL_LABELS = ["Group by", "Then by", "And then by"];

/** The explorer's choice: a field per level (the first required, a field once) and the buckets kept per level. */
export function ExplorerControls({ state, onChange }: { state: ExplorerState; onChange: (next: ExplorerState) => void }) {
  const id = useId();
  return (
    <div role="group" aria-label="Group events by" className="flex flex-wrap items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-300">
      {Array.from({ length: EXPLORER_MAX_LEVELS }, (_, i) => {
        const value = state.by[i] ?? NONE;
        const label = LEVEL_LABELS[i];
        return (
          <span key={i} className="inline-flex items-center gap-1">
            {i > 0 && <span aria-hidden>›</span>}
            <label htmlFor={`${id}-l${i}`} className={i === 0 ? "" : "sr-only"}>
              {label}
            </label>
            <select
              id={`${id}-l${i}`}
              className={SELECT}
              value={value}
              // A level below an empty one waits for it.
              disabled={i > state.by.length}
              onChange={(e) => onChange({ ...state, by: setLevel(state.by, i, e.target.value === NONE ? null : e.target.value) })}
            >
              {i > 0 && <option value={NONE}>—</option>}
              {EXPLORER_FIELDS.map((f) => (
                // A field of an upper level cannot nest under itself; one of a lower level swaps with this one.
                <option key={f.name} value={f.name} disabled={state.by.slice(0, i).includes(f.name)}>
                  {f.label}
                </option>
              ))}
            </select>
          </span>
        );
      })}
      <label htmlFor={`${id}-top`} className="ml-2">
        Top
      </label>
      <select id={`${id}-top`} className={SELECT} value={state.limit} onChange={(e) => onChange({ ...state, limit: Number(e.target.value) as ExplorerLimit })}>
        {EXPLORER_LIMITS.map((n) => (
          <option key={n} value={n}>
            {n} per level
          </option>
        ))}
      </select>
    </div>
  );
}
