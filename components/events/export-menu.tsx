"use client";

import { useRef, useState } from "react";
import { toSearchRequest, type EventsSearchState } from "@/lib/events/search-params";
import { downloadExport, EXPORT_MAX_ROWS, type ExportFormat } from "./export-download";
import { Popover, TOOLBAR_BUTTON } from "@/components/ui/popover";

type Status =
  | { phase: "idle" }
  | { phase: "running"; format: ExportFormat; rows: number; expected: number }
  | { phase: "done"; rows: number; filename: string }
  | { phase: "failed"; message: string };

interface Props {
  state: EventsSearchState;
  /** The search's total (approximate or exact), or null before it is known. */
  total: number | null;
}

/** Exports the current search as CSV or NDJSON, streamed, with a progress bar. */
export function ExportMenu({ state, total }: Props) {
  const [status, setStatus] = useState<Status>({ phase: "idle" });
  const abort = useRef<AbortController | null>(null);

  async function run(format: ExportFormat) {
    const controller = new AbortController();
    abort.current = controller;
    const expected = Math.min(total ?? EXPORT_MAX_ROWS, EXPORT_MAX_ROWS);
    setStatus({ phase: "running", format, rows: 0, expected });
    const { query, filters, from, to, sort } = toSearchRequest(state);
    try {
      const out = await downloadExport(
        { query, filters, from, to, sort, format, limit: EXPORT_MAX_ROWS },
        { signal: controller.signal, onRows: (rows) => setStatus({ phase: "running", format, rows, expected }) },
      );
      setStatus({ phase: "done", rows: out.rows, filename: out.filename });
    } catch (err) {
      if (controller.signal.aborted) setStatus({ phase: "idle" });
      else setStatus({ phase: "failed", message: err instanceof Error ? err.message : "The export failed" });
    } finally {
      abort.current = null;
    }
  }

  if (status.phase === "running") {
    const pct = status.expected > 0 ? Math.min(100, Math.round((status.rows / status.expected) * 100)) : 0;
    return (
      <div className="flex h-8 items-center gap-2 text-xs" data-testid="export-progress">
        <div
          role="progressbar"
          aria-label={`Exporting ${status.format.toUpperCase()}`}
          aria-valuemin={0}
          aria-valuemax={status.expected}
          aria-valuenow={Math.min(status.rows, status.expected)}
          className="h-2 w-32 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
        >
          <div className="h-full bg-emerald-600 transition-[width]" style={{ width: `${pct}%` }} />
        </div>
        <span className="text-zinc-600 tabular-nums dark:text-zinc-300">
          {status.rows.toLocaleString("en")} / {status.expected.toLocaleString("en")}
        </span>
        <button type="button" className={TOOLBAR_BUTTON} onClick={() => abort.current?.abort()}>
          Cancel
        </button>
      </div>
    );
  }

  return (
    <div className="flex items-center gap-2">
      {status.phase === "done" && (
        <span className="text-xs text-emerald-700 dark:text-emerald-400" data-testid="export-done" title={status.filename}>
          Exported {status.rows.toLocaleString("en")} rows
        </span>
      )}
      {status.phase === "failed" && (
        <span role="alert" className="max-w-xs truncate text-xs text-red-600 dark:text-red-400" title={status.message}>
          Export failed: {status.message}
        </span>
      )}
      <Popover label="Export" panelClassName="w-64" testId="export-menu">
        {(close) => (
          <div className="flex flex-col gap-2">
            <p className="text-xs text-zinc-500 dark:text-zinc-400">
              The current search, in the table&apos;s order, up to {EXPORT_MAX_ROWS.toLocaleString("en")} rows.
            </p>
            <div className="flex gap-2">
              {(["csv", "ndjson"] as const).map((f) => (
                <button
                  key={f}
                  type="button"
                  className={TOOLBAR_BUTTON}
                  onClick={() => {
                    close();
                    void run(f);
                  }}
                >
                  {f === "csv" ? "CSV" : "NDJSON"}
                </button>
              ))}
            </div>
          </div>
        )}
      </Popover>
    </div>
  );
}
