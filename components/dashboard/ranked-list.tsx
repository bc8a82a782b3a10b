import Link from "next/link";
import type { Figure } from "@/lib/dashboard/types";
import { DeltaBadge } from "./delta-badge";

export interface RankedItem {
  label: string;
  count: number;
  previous: number | null;
  href: string;
  /** Shown on hover besides the full label. */
  detail?: string;
}

interface Props {
  items: RankedItem[];
  /** Monospace labels: domains, paths, hashes. */
  mono?: boolean;
  color?: string;
  unit: string;
}

/**
 * Top values as a ranked list of bars: the full label on hover, the count, its change, and a
 * link to the search behind each. Lists of long names read better as text rows than as axis ticks.
 */
export function RankedList({ items, mono = false, color = "#10b981", unit }: Props) {
  const max = Math.max(1, ...items.map((i) => i.count));
  return (
    <ol className="dash-ranked space-y-1 text-xs">
      {items.map((item, i) => {
        const figure: Figure = { current: item.count, previous: item.previous };
        const title = `${item.label}\n${item.count.toLocaleString("en")} ${unit}${item.previous === null ? "" : ` (previous period: ${item.previous.toLocaleString("en")})`}${item.detail ? `\n${item.detail}` : ""}`;
        return (
          <li key={item.label} className={i >= 5 ? "print:hidden" : undefined}>
            <Link prefetch={false} href={item.href} title={title} className="group relative flex items-center gap-2 rounded px-1.5 py-1 hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-emerald-500 dark:hover:bg-zinc-800/60">
              <span aria-hidden className="absolute inset-y-0.5 left-0 rounded-sm opacity-15 dark:opacity-20" style={{ width: `${(item.count / max) * 100}%`, background: color }} />
              <span className={`relative min-w-0 flex-1 truncate text-zinc-800 group-hover:underline dark:text-zinc-100 ${mono ? "font-mono" : ""}`}>{item.label}</span>
              <span className="relative tabular-nums text-zinc-700 dark:text-zinc-200">{item.count.toLocaleString("en")}</span>
              <span className="relative w-14 shrink-0 truncate text-right">
                <DeltaBadge figure={figure} better="neither" />
              </span>
            </Link>
          </li>
        );
      })}
    </ol>
  );
}
