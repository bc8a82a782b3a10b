"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { eventDetailKeys } from "@/lib/events/event-detail-types";
import { parsePayload } from "@/lib/events/payload-tree";
import { copyText } from "@/components/data-table/copy-button";
import { JsonView } from "./json-view";

interface Props {
  tenantId: string;
  eventId: string;
  format: string;
  bytes: number;
}

async function fetchPayload(eventId: string): Promise<string> {
  const res = await fetch(`/api/v1/events/${encodeURIComponent(eventId)}/payload`);
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { detail?: string } | null;
    throw new Error(body?.detail ?? `The server answered ${res.status}`);
  }
  return res.text();
}

function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

// Bodies past this size open collapsed to their top level.
const LARGE = 64 * 1024;

/** The body as the agent sent it: pretty-printed and collapsible, or verbatim; Copy copies the verbatim body. */
export function RawPayload({ tenantId, eventId, format, bytes }: Props) {
  const query = useQuery({ queryKey: eventDetailKeys.payload(tenantId, eventId), queryFn: () => fetchPayload(eventId), staleTime: Infinity });
  const parsed = useMemo(() => (query.data !== undefined ? parsePayload(query.data) : null), [query.data]);
  const [mode, setMode] = useState<"pretty" | "raw">("pretty");
  const [openDepth, setOpenDepth] = useState(bytes > LARGE ? 1 : 3);
  const [generation, setGeneration] = useState(0);
  const [copied, setCopied] = useState(false);

  const button = "rounded px-2 py-0.5 text-xs hover:bg-zinc-100 disabled:opacity-50 dark:hover:bg-zinc-800";
  const setDepth = (d: number) => {
    setOpenDepth(d);
    setGeneration((g) => g + 1); // remount so every node takes the new default
  };
  return (
    <div data-testid="raw-payload">
      <div className="mb-2 flex flex-wrap items-center gap-2 text-xs text-zinc-500 dark:text-zinc-400">
        <span className="font-mono">{format}</span>
        <span>· {formatBytes(bytes)}</span>
        <span className="ml-auto flex flex-wrap gap-1">
          <button type="button" className={button} aria-pressed={mode === "pretty"} onClick={() => setMode("pretty")}>
            Pretty
          </button>
          <button type="button" className={button} aria-pressed={mode === "raw"} onClick={() => setMode("raw")}>
            Verbatim
          </button>
          <button type="button" className={button} disabled={mode !== "pretty" || !parsed?.ok} onClick={() => setDepth(64)}>
            Expand all
          </button>
          <button type="button" className={button} disabled={mode !== "pretty" || !parsed?.ok} onClick={() => setDepth(1)}>
            Collapse all
          </button>
          <button
            type="button"
            className={button}
            disabled={query.data === undefined}
            onClick={async () => {
              await copyText(query.data ?? "");
              setCopied(true);
              setTimeout(() => setCopied(false), 1500);
            }}
          >
            {copied ? "Copied" : "Copy verbatim"}
          </button>
          <a className={button} href={`/api/v1/events/${encodeURIComponent(eventId)}/payload`} target="_blank" rel="noreferrer">
            Open
          </a>
        </span>
      </div>
      <div className="max-h-[36rem] overflow-auto rounded border border-zinc-200 bg-zinc-50 p-3 dark:border-zinc-800 dark:bg-zinc-950">
        {query.isPending && <p className="text-zinc-500">Loading the payload…</p>}
        {query.isError && <p className="text-red-700 dark:text-red-400">Could not load the payload: {query.error.message}</p>}
        {query.data !== undefined && (mode === "raw" || !parsed?.ok) && (
          <>
            {parsed && !parsed.ok && mode === "pretty" && (
              <p className="mb-2 text-xs text-amber-700 dark:text-amber-400">
                Not a single JSON document ({parsed.error} at offset {parsed.position}); shown verbatim.
              </p>
            )}
            <pre className="whitespace-pre-wrap break-all font-mono text-xs" data-testid="raw-payload-text">
              {query.data}
            </pre>
          </>
        )}
        {mode === "pretty" && parsed?.ok && <JsonView key={generation} node={parsed.node} openDepth={openDepth} />}
      </div>
    </div>
  );
}
