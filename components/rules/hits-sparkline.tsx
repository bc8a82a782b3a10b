"use client";

import { Sparkline } from "@/components/charts/sparkline";

/** A rule's hits over the last 14 UTC days. */
export function HitsSparkline({ days, label }: { days: { day: string; hits: number }[]; label: string }) {
  const total = days.reduce((n, d) => n + d.hits, 0);
  return (
    <div className="w-24" data-testid="hits-sparkline">
      <Sparkline
        data={days.map((d) => ({ t: d.day, count: d.hits }))}
        height={22}
        formatLabel={(t) => `${t} (UTC day)`}
        ariaLabel={`${label}: ${total.toLocaleString("en")} hits in the last 14 days`}
      />
    </div>
  );
}
