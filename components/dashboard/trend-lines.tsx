"use client";

import { useCallback, useMemo } from "react";
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import { duration, niceTicks } from "@/lib/dashboard/metrics";
import { bucketWindow } from "@/lib/dashboard/range";
import { AXIS, bucketLabel, drillHref, GRID, Legend, tickOf, TooltipBox, TooltipRow, useIndexClick, type Drill } from "./chart-parts";
import type { TimeSeries } from "./time-bars";

interface Props {
  /** Seconds per series key, null where nothing was measured in the bucket. */
  data: ({ t: string } & Record<string, number | string | null>)[];
  series: readonly TimeSeries[];
  step: number;
  window: { from: string; to: string };
  height?: number;
  ariaLabel: string;
  drill: Drill;
}

/** Durations per bucket as lines (gaps where nothing was measured). */
export function TrendLines({ data, series, step, window, height = 160, ariaLabel, drill }: Props) {
  const hrefOf = useCallback((i: number) => (data[i] ? drillHref(drill, bucketWindow(data[i].t, step, window)) : null), [data, drill, step, window]);
  const onClick = useIndexClick(hrefOf);
  // The axis counts in the unit the largest value reads best in, so its ticks are round numbers.
  const unit = unitFor(Math.max(0, ...data.flatMap((d) => series.map((s) => Number(d[s.key] ?? 0)))));
  const max = Math.max(0, ...data.flatMap((d) => series.map((s) => Number(d[s.key] ?? 0)))) / unit.seconds;
  const ticks = niceTicks(max);
  const scaled = useMemo(
    () => data.map((d) => Object.fromEntries(Object.entries(d).map(([k, v]) => [k, k === "t" || v === null ? v : Number(v) / unit.seconds]))),
    [data, unit.seconds],
  );
  return (
    <div>
      <div className="dash-chart text-zinc-500 dark:text-zinc-400" style={{ height }} role="group" aria-label={ariaLabel}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={scaled} margin={{ top: 6, right: 8, bottom: 0, left: 0 }} onClick={onClick} style={{ cursor: "pointer" }}>
            <CartesianGrid {...GRID} />
            <XAxis dataKey="t" {...AXIS} tickFormatter={(t: string) => tickOf(t, step, window)} minTickGap={18} />
            <YAxis width={44} {...AXIS} tickFormatter={(v: number) => `${v} ${unit.label}`} ticks={ticks} domain={[0, ticks[ticks.length - 1]]} interval={0} />
            <Tooltip isAnimationActive={false} content={(p: TooltipContentProps) => <LinesTooltip {...p} series={series} step={step} window={window} seconds={unit.seconds} />} />
            {series.map((s) => (
              <Line key={s.key} dataKey={s.key} name={s.label} stroke={s.color} strokeWidth={2} dot={{ r: 2.5, fill: s.color }} connectNulls={false} isAnimationActive={false} />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <Legend items={series} />
    </div>
  );
}

function unitFor(maxSeconds: number): { seconds: number; label: string } {
  if (maxSeconds >= 3 * 86_400) return { seconds: 86_400, label: "d" };
  if (maxSeconds >= 3 * 3600) return { seconds: 3600, label: "h" };
  return maxSeconds >= 180 ? { seconds: 60, label: "min" } : { seconds: 1, label: "s" };
}

type TipProps = TooltipContentProps & { series: readonly TimeSeries[]; step: number; window: { from: string; to: string }; seconds: number };

function LinesTooltip({ active, payload, label, series, step, window, seconds }: TipProps) {
  if (!active || label === undefined) return null;
  const point = payload?.[0]?.payload as Record<string, number | null> | undefined;
  if (!point) return null;
  return (
    <TooltipBox title={bucketLabel(String(label), step, window)}>
      {series.map((s) => (
        <TooltipRow key={s.key} color={s.color} label={s.label} value={point[s.key] === null ? "nothing measured" : duration(Number(point[s.key]) * seconds)} />
      ))}
    </TooltipBox>
  );
}
