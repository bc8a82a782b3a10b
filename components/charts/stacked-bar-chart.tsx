"use client";

import { useState } from "react";
import { Bar, BarChart, CartesianGrid, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis, type MouseHandlerDataParam, type TooltipContentProps } from "recharts";

export interface BarSeries {
  key: string;
  label: string;
  color: string;
}

type Datum = Record<string, string | number>;

interface Props {
  data: Datum[];
  /** The category key (one bar per value, e.g. a bucket start). */
  xKey: string;
  /** Stacked from bottom to top. */
  series: readonly BarSeries[];
  height?: number;
  formatTick: (x: string) => string;
  formatLabel: (x: string) => string;
  /** Called with the first and last category of a drag (or of a click on one bar). */
  onSelectRange?: (first: string, last: string) => void;
  ariaLabel: string;
}

/** A stacked bar chart where dragging across bars selects a range of categories. */
export function StackedBarChart({ data, xKey, series, height = 140, formatTick, formatLabel, onSelectRange, ariaLabel }: Props) {
  const [drag, setDrag] = useState<{ start: string; end: string } | null>(null);
  const labelOf = (s: MouseHandlerDataParam) => (s.activeLabel === undefined ? null : String(s.activeLabel));

  return (
    <div className="text-zinc-500 select-none dark:text-zinc-400" style={{ height }} role="img" aria-label={ariaLabel}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={data}
          margin={{ top: 4, right: 8, bottom: 0, left: 0 }}
          barCategoryGap="12%"
          cursor={onSelectRange ? "crosshair" : undefined}
          onMouseDown={(s) => {
            const x = labelOf(s);
            if (onSelectRange && x !== null) setDrag({ start: x, end: x });
          }}
          onMouseMove={(s) => {
            const x = labelOf(s);
            if (drag && x !== null && x !== drag.end) setDrag({ ...drag, end: x });
          }}
          onMouseUp={(s) => {
            if (!drag) return;
            const end = labelOf(s) ?? drag.end;
            setDrag(null);
            onSelectRange?.(drag.start, end);
          }}
          onMouseLeave={() => setDrag(null)}
        >
          <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.15} />
          <XAxis dataKey={xKey} tickFormatter={formatTick} tick={{ fill: "currentColor", fontSize: 11 }} stroke="currentColor" strokeOpacity={0.3} minTickGap={24} />
          <YAxis allowDecimals={false} width={44} tick={{ fill: "currentColor", fontSize: 11 }} stroke="currentColor" strokeOpacity={0.3} tickFormatter={compact} />
          <Tooltip cursor={{ fill: "currentColor", fillOpacity: 0.08 }} isAnimationActive={false} content={(p) => <ChartTooltip {...p} series={series} formatLabel={formatLabel} />} />
          {series.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={s.label} stackId="stack" fill={s.color} isAnimationActive={false} />
          ))}
          {drag && <ReferenceArea x1={drag.start} x2={drag.end} fill="currentColor" fillOpacity={0.15} stroke="currentColor" strokeOpacity={0.4} />}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

function ChartTooltip({ active, payload, label, series, formatLabel }: TooltipContentProps & { series: readonly BarSeries[]; formatLabel: (x: string) => string }) {
  if (!active || !payload?.length || label === undefined) return null;
  const byKey = new Map(payload.map((p) => [String(p.dataKey), Number(p.value ?? 0)]));
  const total = [...byKey.values()].reduce((a, b) => a + b, 0);
  return (
    <div className="rounded-md border border-zinc-200 bg-white px-3 py-2 text-xs text-zinc-700 shadow-md dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200">
      <div className="mb-1 font-medium">{formatLabel(String(label))}</div>
      {[...series].reverse().map((s) => (
        <div key={s.key} className="flex items-center gap-2 tabular-nums">
          <span className="inline-block h-2 w-2 rounded-sm" style={{ background: s.color }} />
          <span className="w-16">{s.label}</span>
          <span className="ml-auto">{(byKey.get(s.key) ?? 0).toLocaleString("en")}</span>
        </div>
      ))}
      <div className="mt-1 flex border-t border-zinc-200 pt-1 font-medium tabular-nums dark:border-zinc-700">
        Total<span className="ml-auto">{total.toLocaleString("en")}</span>
      </div>
    </div>
  );
}

function compact(n: number): string {
  return new Intl.NumberFormat("en", { notation: "compact" }).format(n);
}
