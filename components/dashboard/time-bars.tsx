"use client";

import { useCallback, useRef } from "react";
import { useRouter } from "next/navigation";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import { niceTicks } from "@/lib/dashboard/metrics";
import { bucketWindow } from "@/lib/dashboard/range";
import { AXIS, bucketLabel, compactTick, drillHref, GRID, Legend, tickOf, TooltipBox, TooltipRow, useIndexClick, type Drill } from "./chart-parts";

export interface TimeSeries {
  key: string;
  label: string;
  color: string;
}

interface Props {
  data: ({ t: string } & Record<string, number | string>)[];
  series: readonly TimeSeries[];
  /** Bucket length in ms. */
  step: number;
  window: { from: string; to: string };
  /** Side by side (opened vs resolved) rather than stacked. */
  grouped?: boolean;
  height?: number;
  ariaLabel: string;
  /** What a click on a bucket opens, over that bucket. */
  drill: Drill;
  /** What a click on one series' bar opens instead (opened issues: those opened in the bucket). */
  seriesDrill?: Partial<Record<string, Drill>>;
}

/** Counts per bucket as bars; a click opens the search or queue behind the bucket. */
export function TimeBars({ data, series, step, window, grouped = false, height = 160, ariaLabel, drill, seriesDrill }: Props) {
  const hrefOf = useCallback((i: number) => (data[i] ? drillHref(drill, bucketWindow(data[i].t, step, window)) : null), [data, drill, step, window]);
  const chartClick = useIndexClick(hrefOf);
  const router = useRouter();
  // A bar with a drill of its own has answered the click; the chart's, which follows, stands down.
  const barClicked = useRef(false);
  const onClick: typeof chartClick = (state) => {
    if (barClicked.current) barClicked.current = false;
    else chartClick(state);
  };
  const barClick = (key: string) => {
    const own = seriesDrill?.[key];
    return own
      ? (_: unknown, i: number) => {
          if (!data[i]) return;
          barClicked.current = true;
          router.push(drillHref(own, bucketWindow(data[i].t, step, window)));
        }
      : undefined;
  };
  const max = Math.max(0, ...data.map((d) => (grouped ? Math.max(...series.map((s) => Number(d[s.key] ?? 0))) : series.reduce((a, s) => a + Number(d[s.key] ?? 0), 0))));
  const ticks = niceTicks(max);
  return (
    <div>
      <div className="dash-chart text-zinc-500 dark:text-zinc-400" style={{ height }} role="group" aria-label={ariaLabel}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 4, right: 4, bottom: 0, left: 0 }} barCategoryGap={grouped ? "20%" : "12%"} onClick={onClick} style={{ cursor: "pointer" }}>
            <CartesianGrid {...GRID} />
            <XAxis dataKey="t" {...AXIS} tickFormatter={(t: string) => tickOf(t, step, window)} minTickGap={18} />
            <YAxis allowDecimals={false} width={40} {...AXIS} tickFormatter={compactTick} ticks={ticks} domain={[0, ticks[ticks.length - 1]]} interval={0} />
            <Tooltip
              cursor={{ fill: "currentColor", fillOpacity: 0.08 }}
              isAnimationActive={false}
              content={(p: TooltipContentProps) => <BarsTooltip {...p} series={series} step={step} window={window} total={!grouped && series.length > 1} />}
            />
            {series.map((s) => (
              <Bar
                key={s.key} dataKey={s.key} name={s.label} fill={s.color} stackId={grouped ? undefined : "stack"} isAnimationActive={false} minPointSize={grouped ? 0 : undefined}
                onClick={barClick(s.key)}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      {series.length > 1 && <Legend items={series} />}
    </div>
  );
}

type TipProps = TooltipContentProps & { series: readonly TimeSeries[]; step: number; window: { from: string; to: string }; total: boolean };

function BarsTooltip({ active, payload, label, series, step, window, total }: TipProps) {
  if (!active || !payload?.length || label === undefined) return null;
  const byKey = new Map(payload.map((p) => [String(p.dataKey), Number(p.value ?? 0)]));
  return (
    <TooltipBox title={bucketLabel(String(label), step, window)}>
      {(total ? [...series].reverse() : series).map((s) => (
        <TooltipRow key={s.key} color={s.color} label={s.label} value={(byKey.get(s.key) ?? 0).toLocaleString("en")} />
      ))}
      {total && (
        <div className="mt-1 flex border-t border-zinc-200 pt-1 font-medium tabular-nums dark:border-zinc-700">
          Total<span className="ml-auto">{[...byKey.values()].reduce((a, b) => a + b, 0).toLocaleString("en")}</span>
        </div>
      )}
    </TooltipBox>
  );
}
