"use client";

import { useCallback } from "react";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import { niceTicks } from "@/lib/dashboard/metrics";
import { AXIS, compactTick, Legend, TooltipBox, TooltipRow, useIndexClick } from "./chart-parts";
import type { TimeSeries } from "./time-bars";

interface Props {
  /** One row per category: its label, the series' values and where a click on it leads. */
  data: ({ label: string; href: string } & Record<string, number | string>)[];
  series: readonly TimeSeries[];
  stacked?: boolean;
  ariaLabel: string;
  /** Width of the category labels, in px. */
  labelWidth?: number;
  rowHeight?: number;
}

/** Categories as horizontal bars (stacked or side by side); a click opens the row's link. */
export function HorizontalBars({ data, series, stacked = false, ariaLabel, labelWidth = 84, rowHeight = 30 }: Props) {
  const hrefOf = useCallback((i: number) => data[i]?.href ?? null, [data]);
  const onClick = useIndexClick(hrefOf);
  const max = Math.max(0, ...data.map((d) => (stacked ? series.reduce((a, s) => a + Number(d[s.key] ?? 0), 0) : Math.max(...series.map((s) => Number(d[s.key] ?? 0))))));
  const ticks = niceTicks(max);
  const height = Math.max(80, data.length * rowHeight * (stacked ? 1 : Math.min(series.length, 2) * 0.75) + 28);
  return (
    <div>
      <div className="dash-chart text-zinc-500 dark:text-zinc-400" style={{ height }} role="group" aria-label={ariaLabel}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} layout="vertical" margin={{ top: 0, right: 18, bottom: 0, left: 0 }} barCategoryGap="18%" onClick={onClick} style={{ cursor: "pointer" }}>
            <CartesianGrid horizontal={false} stroke="currentColor" strokeOpacity={0.12} />
            <XAxis type="number" allowDecimals={false} {...AXIS} tickFormatter={compactTick} ticks={ticks} domain={[0, ticks[ticks.length - 1]]} interval="preserveStartEnd" />
            <YAxis type="category" dataKey="label" width={labelWidth} interval={0} {...AXIS} tickFormatter={(v: string) => truncate(v, Math.floor(labelWidth / 6.5))} />
            <Tooltip cursor={{ fill: "currentColor", fillOpacity: 0.08 }} isAnimationActive={false} content={(p: TooltipContentProps) => <RowTooltip {...p} series={series} />} />
            {series.map((s) => (
              <Bar key={s.key} dataKey={s.key} name={s.label} fill={s.color} stackId={stacked ? "stack" : undefined} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <Legend items={series} />
    </div>
  );
}

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, Math.max(1, max - 1))}…` : s;
}

function RowTooltip({ active, payload, series }: TooltipContentProps & { series: readonly TimeSeries[] }) {
  const row = payload?.[0]?.payload as Record<string, number | string> | undefined;
  if (!active || !row) return null;
  return (
    <TooltipBox title={String(row.label)}>
      {series.map((s) => (
        <TooltipRow key={s.key} color={s.color} label={s.label} value={Number(row[s.key] ?? 0).toLocaleString("en")} />
      ))}
    </TooltipBox>
  );
}
