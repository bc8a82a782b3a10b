"use client";

import { Bar, BarChart, ResponsiveContainer, Tooltip, type TooltipContentProps } from "recharts";

interface Props {
  data: { t: string; count: number }[];
  height?: number;
  color?: string;
  formatLabel: (t: string) => string;
  ariaLabel: string;
}

/** Counts over time as small bars without axes (sparse buckets stay readable); the tooltip gives each. */
export function Sparkline({ data, height = 44, color = "#10b981", formatLabel, ariaLabel }: Props) {
  return (
    <div style={{ height }} role="img" aria-label={ariaLabel} className="text-zinc-500 dark:text-zinc-400">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 2, right: 0, bottom: 0, left: 0 }} barCategoryGap="15%">
          <Tooltip cursor={{ fill: "currentColor", fillOpacity: 0.1 }} isAnimationActive={false} content={(p) => <SparkTooltip {...p} formatLabel={formatLabel} />} />
          <Bar dataKey="count" fill={color} minPointSize={(v) => (Number(v) > 0 ? 2 : 0)} isAnimationActive={false} radius={[1, 1, 0, 0]} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

function SparkTooltip({ active, payload, formatLabel }: TooltipContentProps & { formatLabel: (t: string) => string }) {
  const point = payload?.[0]?.payload as { t: string; count: number } | undefined;
  if (!active || !point) return null;
  return (
    <div className="rounded border border-zinc-200 bg-white px-2 py-1 text-xs text-zinc-700 shadow dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200">
      <div>from {formatLabel(point.t)}</div>
      <div className="font-medium tabular-nums">
        {point.count.toLocaleString("en")} {point.count === 1 ? "event" : "events"}
      </div>
    </div>
  );
}
