"use client";

import { DEFAULT_COLUMNS, EVENT_COLUMNS, type EventColumn } from "@/lib/events/search-params";
import { COLUMN_LABELS } from "./columns";
import { Popover } from "@/components/ui/popover";

/** Which columns the table shows; the choice lives in the URL (`cols`). */
export function ColumnChooser({ cols, onChange }: { cols: EventColumn[]; onChange: (cols: EventColumn[]) => void }) {
  return (
    <Popover label="Columns" panelClassName="w-56" testId="column-chooser">
      {() => (
        <fieldset>
          <legend className="mb-1 text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">Visible columns</legend>
          <div className="max-h-80 overflow-y-auto">
            {EVENT_COLUMNS.map((c) => {
              const on = cols.includes(c);
              return (
                <label key={c} className="flex items-center gap-2 rounded px-1 py-0.5 hover:bg-zinc-100 dark:hover:bg-zinc-800">
                  <input
                    type="checkbox"
                    checked={on}
                    disabled={on && cols.length === 1}
                    onChange={() => onChange(on ? cols.filter((x) => x !== c) : EVENT_COLUMNS.filter((x) => x === c || cols.includes(x)))}
                    className="accent-emerald-600"
                  />
                  {COLUMN_LABELS[c]}
                </label>
              );
            })}
          </div>
          <button type="button" onClick={() => onChange([...DEFAULT_COLUMNS])} className="mt-2 text-xs text-emerald-700 hover:underline dark:text-emerald-400">
            Reset to defaults
          </button>
        </fieldset>
      )}
    </Popover>
  );
}
