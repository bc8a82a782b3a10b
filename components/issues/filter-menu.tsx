"use client";

import { useState } from "react";
import { INPUT, Popover } from "@/components/ui/popover";

export interface FilterOption {
  value: string;
  label: string;
}

export interface FilterSection {
  /** The section's name (the filter's, when it has one section). */
  label: string;
  selected: readonly string[];
  options: readonly FilterOption[];
  onChange: (values: string[]) => void;
  /** Free values (types, agents…): a field adds one that is not among the options. */
  customPlaceholder?: string;
  mono?: boolean;
}

const TRIGGER =
  "inline-flex h-8 max-w-60 items-center gap-1 rounded-md border px-2.5 text-sm whitespace-nowrap focus-visible:outline-2 focus-visible:outline-emerald-500";
const IDLE = "border-zinc-300 bg-white text-zinc-700 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200 dark:hover:bg-zinc-800";
const ON = "border-emerald-400 bg-emerald-50 text-emerald-900 hover:bg-emerald-100 dark:border-emerald-700 dark:bg-emerald-950/50 dark:text-emerald-100";

function labelIn(section: FilterSection, v: string): string {
  return section.options.find((o) => o.value === v)?.label ?? v;
}

/** A multi-select filter: the trigger names what is chosen, the panel lists options as checkboxes, in one or more sections. */
export function FilterMenu({ label, sections }: { label: string; sections: readonly FilterSection[] }) {
  const chosen = sections.flatMap((s) => s.selected.map((v) => labelIn(s, v)));
  const summary = chosen.length === 0 ? null : chosen.length === 1 ? chosen[0] : `${chosen[0]} +${chosen.length - 1}`;
  return (
    <Popover
      align="left"
      panelClassName="w-64 p-2"
      ariaLabel={`Filter by ${label.toLowerCase()}`}
      buttonClassName={`${TRIGGER} ${chosen.length ? ON : IDLE}`}
      testId={`filter-${label.toLowerCase()}`}
      label={
        <>
          <span className={chosen.length ? "text-emerald-700 dark:text-emerald-300" : ""}>{label}</span>
          {summary && <span className="min-w-0 truncate font-medium">: {summary}</span>}
          <svg viewBox="0 0 24 24" className="h-3.5 w-3.5 shrink-0 opacity-60" fill="none" stroke="currentColor" strokeWidth={2} aria-hidden>
            <path d="m6 9 6 6 6-6" />
          </svg>
        </>
      }
    >
      {() => (
        <div className="flex flex-col gap-2 divide-y divide-zinc-200 dark:divide-zinc-800">
          {sections.map((s) => (
            <Section key={s.label} section={s} titled={sections.length > 1} />
          ))}
        </div>
      )}
    </Popover>
  );
}

function Section({ section, titled }: { section: FilterSection; titled: boolean }) {
  const { label, selected, options, onChange, customPlaceholder, mono = false } = section;
  const [custom, setCustom] = useState("");
  const all = [...options, ...selected.filter((v) => !options.some((o) => o.value === v)).map((v) => ({ value: v, label: v }))];
  const toggle = (v: string) => onChange(selected.includes(v) ? selected.filter((x) => x !== v) : [...selected, v]);
  return (
    <fieldset className="flex flex-col gap-1 pt-1 first:pt-0">
      {titled && <legend className="px-1.5 pt-1 text-xs font-medium text-zinc-500 dark:text-zinc-400">{label}</legend>}
      {all.length > 0 && (
        <ul className="max-h-48 overflow-auto">
          {all.map((o) => (
            <li key={o.value}>
              <label className="flex cursor-pointer items-center gap-2 rounded px-1.5 py-1 hover:bg-zinc-100 dark:hover:bg-zinc-800">
                <input type="checkbox" className="accent-emerald-600" checked={selected.includes(o.value)} onChange={() => toggle(o.value)} />
                <span className={`min-w-0 truncate ${mono ? "font-mono text-xs" : ""}`} title={o.label}>
                  {o.label}
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
      {customPlaceholder && (
        <form
          className="flex gap-1 px-0.5"
          onSubmit={(e) => {
            e.preventDefault();
            const v = custom.trim();
            if (v && !selected.includes(v)) onChange([...selected, v]);
            setCustom("");
          }}
        >
          <input className={`${INPUT} h-7 min-w-0 flex-1 text-xs`} value={custom} onChange={(e) => setCustom(e.target.value)} placeholder={customPlaceholder} aria-label={`${label}: ${customPlaceholder}`} />
        </form>
      )}
      {selected.length > 0 && (
        <button type="button" className="self-start px-1.5 text-xs text-zinc-500 hover:text-zinc-800 hover:underline dark:text-zinc-400 dark:hover:text-zinc-100" onClick={() => onChange([])}>
          Clear {label.toLowerCase()}
        </button>
      )}
    </fieldset>
  );
}
