import Link from "next/link";
import { percent } from "@/lib/dashboard/metrics";
import type { FalsePositiveRow } from "@/lib/dashboard/types";
import { DeltaBadge } from "./delta-badge";

/** False-positive rates as rows: the rate as a bar, false positives of triaged, change in points; each opens its issues or events. */
export function RateList({ rows, mono = false }: { rows: (FalsePositiveRow & { href: string; key?: string; detail?: string })[]; mono?: boolean }) {
  return (
    <ol className="dash-ranked space-y-1 text-xs">
      {rows.map((r, i) => (
        <li key={r.key ?? r.value} className={i >= 5 ? "print:hidden" : undefined}>
          <Link prefetch={false}
            href={r.href}
            title={`${r.value}${r.detail ? ` (${r.detail})` : ""}\n${r.falsePositives.toLocaleString("en")} false positives of ${r.triaged.toLocaleString("en")} triaged (${percent(r.rate)})${r.previousRate === null ? "" : `; previous period ${percent(r.previousRate)}`}`}
            className="group relative flex items-center gap-2 rounded px-1.5 py-1 hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-emerald-500 dark:hover:bg-zinc-800/60"
          >
            <span aria-hidden className="absolute inset-y-0.5 left-0 rounded-sm bg-amber-500 opacity-20 dark:opacity-15" style={{ width: `${(r.rate ?? 0) * 100}%` }} />
            <span className={`relative min-w-0 flex-1 truncate text-zinc-800 group-hover:underline dark:text-zinc-100 ${mono ? "font-mono" : ""}`}>{r.value}</span>
            <span className="relative w-10 text-right tabular-nums text-zinc-800 dark:text-zinc-100">{percent(r.rate, 0)}</span>
            <span className="relative w-12 text-right tabular-nums text-zinc-500 print:hidden dark:text-zinc-400">
              {r.falsePositives}/{r.triaged}
            </span>
            <span className="relative w-16 text-right">
              <DeltaBadge figure={{ current: r.rate, previous: r.previousRate }} better="down" kind="rate" />
            </span>
          </Link>
        </li>
      ))}
    </ol>
  );
}
