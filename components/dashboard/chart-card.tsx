"use client";

import Link from "next/link";
import { useId, useState, type ReactNode } from "react";
import { downloadText } from "./download";
import { csvFilename, csvOf, formatCell, type ColumnKind, type TableData } from "./table-data";

interface Props {
  title: string;
  /** What is counted and how, in a line. */
  hint?: string;
  /** The export's file name stem. */
  name: string;
  window: { from: string; to: string };
  table: TableData;
  /** Nothing to draw: the card says so instead of an empty chart. */
  empty?: string | null;
  className?: string;
  children: ReactNode;
}

/** A dashboard card: a chart, or the same data as a table; either exports as CSV. */
export function ChartCard({ title, hint, name, window, table, empty = null, className = "", children }: Props) {
  const [view, setView] = useState<"chart" | "table">("chart");
  const headingId = useId();
  return (
    <section
      aria-labelledby={headingId}
      data-card={name}
      className={`dash-card flex min-w-0 flex-col rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900 ${className}`}
    >
      <header className="mb-2 flex items-start gap-2">
        <div className="min-w-0">
          <h3 id={headingId} className="text-sm font-semibold text-zinc-800 dark:text-zinc-100">
            {title}
          </h3>
          {hint && <p className="text-xs text-zinc-500 dark:text-zinc-400">{hint}</p>}
        </div>
        <div className="ml-auto flex shrink-0 items-center gap-1 print:hidden">
          <div role="group" aria-label={`${title}: view`} className="inline-flex overflow-hidden rounded border border-zinc-200 text-xs dark:border-zinc-700">
            {(["chart", "table"] as const).map((v) => (
              <button
                key={v}
                type="button"
                aria-pressed={view === v}
                onClick={() => setView(v)}
                className={`px-2 py-0.5 capitalize ${view === v ? "bg-zinc-800 text-white dark:bg-zinc-200 dark:text-zinc-900" : "text-zinc-600 hover:bg-zinc-50 dark:text-zinc-300 dark:hover:bg-zinc-800"}`}
              >
                {v}
              </button>
            ))}
          </div>
          <button
            type="button"
            onClick={() => downloadText(csvOf(table), csvFilename(name, window))}
            disabled={table.rows.length === 0}
            className="rounded border border-zinc-200 px-2 py-0.5 text-xs text-zinc-600 hover:bg-zinc-50 disabled:opacity-40 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800"
            aria-label={`Download ${title} as CSV`}
            title="Download this card's data as CSV"
          >
            CSV
          </button>
        </div>
      </header>
      <div className="min-h-0 flex-1">
        {view === "table" ? <CardTable table={table} caption={title} /> : empty ? <EmptyCard text={empty} /> : children}
      </div>
    </section>
  );
}

function EmptyCard({ text }: { text: string }) {
  return (
    <div className="flex h-full min-h-24 items-center justify-center rounded border border-dashed border-zinc-200 px-4 py-6 text-center text-xs text-zinc-500 dark:border-zinc-700 dark:text-zinc-400" data-testid="card-empty">
      {text}
    </div>
  );
}

const NUMERIC: readonly ColumnKind[] = ["count", "percent", "duration", "change"];

function CardTable({ table, caption }: { table: TableData; caption: string }) {
  if (table.rows.length === 0) return <EmptyCard text="No rows." />;
  return (
    <div className="max-h-80 overflow-auto">
      <table className="w-full text-left text-xs" data-testid="card-table">
        <caption className="sr-only">{caption}</caption>
        <thead className="sticky top-0 bg-white text-zinc-500 dark:bg-zinc-900 dark:text-zinc-400">
          <tr>
            {table.columns.map((c) => (
              <th key={c.key} scope="col" className={`px-2 py-1 font-medium whitespace-nowrap ${NUMERIC.includes(c.kind) ? "text-right" : ""}`}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {table.rows.map((r, i) => (
            <tr key={i}>
              {table.columns.map((c, j) => {
                const text = formatCell(r.cells[c.key] ?? null, c.kind);
                const numeric = NUMERIC.includes(c.kind);
                return (
                  <td
                    key={c.key}
                    title={text}
                    className={`${j === 0 ? "max-w-[13rem]" : "max-w-[10rem] whitespace-nowrap"} truncate px-2 py-1 ${numeric ? "text-right tabular-nums" : ""} ${c.kind === "mono" ? "font-mono" : ""}`}
                  >
                    {j === 0 && r.href ? (
                      <Link prefetch={false} href={r.href} className="text-emerald-700 hover:underline dark:text-emerald-400">
                        {text}
                      </Link>
                    ) : (
                      text
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
