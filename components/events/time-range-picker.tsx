"use client";

import { useState } from "react";
import { RANGE_PRESETS, type RangePreset, type TimeRangeState } from "@/lib/events/search-params";
import { INPUT, Popover, PRIMARY_BUTTON } from "@/components/ui/popover";

const PRESET_LABEL: Record<RangePreset, string> = { "15m": "15 m", "1h": "1 h", "24h": "24 h", "7d": "7 d", "30d": "30 d" };

interface Props {
  range: TimeRangeState;
  /** The bounds the last search actually used (presets resolved), to prefill the custom form. */
  effective: { from: string; to: string } | null;
  onChange: (range: TimeRangeState) => void;
}

export function TimeRangePicker({ range, effective, onChange }: Props) {
  return (
    <div className="flex items-center gap-2">
      <div role="group" aria-label="Time range" className="inline-flex h-8 overflow-hidden rounded-md border border-zinc-300 dark:border-zinc-700">
        {RANGE_PRESETS.map((p) => {
          const on = range.kind === "preset" && range.preset === p;
          return (
            <button
              key={p}
              type="button"
              aria-pressed={on}
              title={`Last ${PRESET_LABEL[p]}`}
              onClick={() => onChange({ kind: "preset", preset: p })}
              className={`border-r border-zinc-300 px-2.5 text-sm whitespace-nowrap last:border-r-0 dark:border-zinc-700 ${
                on ? "bg-emerald-600 font-medium text-white" : "bg-white text-zinc-700 hover:bg-zinc-50 dark:bg-zinc-900 dark:text-zinc-200 dark:hover:bg-zinc-800"
              }`}
            >
              {PRESET_LABEL[p]}
            </button>
          );
        })}
      </div>
      <Popover
        label={range.kind === "absolute" ? <AbsoluteLabel range={range} /> : "Custom…"}
        ariaLabel="Custom time range"
        panelClassName="w-80"
        testId="custom-range"
      >
        {(close) => (
          <CustomRangeForm
            initialFrom={range.kind === "absolute" ? range.from : effective?.from ?? null}
            initialTo={range.kind === "absolute" ? range.to : effective?.to ?? null}
            onApply={(r) => {
              onChange(r);
              close();
            }}
          />
        )}
      </Popover>
    </div>
  );
}

function AbsoluteLabel({ range }: { range: Extract<TimeRangeState, { kind: "absolute" }> }) {
  return (
    <span className="font-mono text-xs" data-testid="absolute-range">
      {range.from ? shortUtc(range.from) : "…"} → {range.to ? shortUtc(range.to) : "now"}
    </span>
  );
}

function shortUtc(iso: string): string {
  return iso.slice(0, 16).replace("T", " ");
}

/** datetime-local has no zone: the form reads and writes UTC, like every time on the page. */
function toInput(iso: string | null): string {
  return iso ? iso.slice(0, 19) : "";
}

function fromInput(value: string): string | null {
  if (!value) return null;
  const ms = Date.parse(`${value.length === 16 ? `${value}:00` : value}Z`);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function CustomRangeForm({ initialFrom, initialTo, onApply }: { initialFrom: string | null; initialTo: string | null; onApply: (r: TimeRangeState) => void }) {
  const [from, setFrom] = useState(toInput(initialFrom));
  const [to, setTo] = useState(toInput(initialTo));
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="flex flex-col gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        const f = fromInput(from);
        const t = fromInput(to);
        if (!f && !t) return setError("Give a start, an end, or both.");
        if (f && t && f >= t) return setError("The start must be before the end.");
        onApply({ kind: "absolute", from: f, to: t });
      }}
    >
      <label className="flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
        From (UTC)
        <input type="datetime-local" step={1} value={from} onChange={(e) => setFrom(e.target.value)} className={INPUT} />
      </label>
      <label className="flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
        To (UTC, empty for now)
        <input type="datetime-local" step={1} value={to} onChange={(e) => setTo(e.target.value)} className={INPUT} />
      </label>
      {error && (
        <p role="alert" className="text-xs text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
      <button type="submit" className={`${PRIMARY_BUTTON} self-end`}>
        Apply
      </button>
    </form>
  );
}
