"use client";

import { memo, useState } from "react";
import type { JsonNode } from "@/lib/events/payload-tree";

// A collapsible view of a parsed payload. Numbers print their literal text; containers below
// `openDepth` start collapsed and long arrays show a first page, so large bodies stay quick.

const ARRAY_PAGE = 100;

function Scalar({ node }: { node: JsonNode }) {
  switch (node.kind) {
    case "string":
      return <span className="break-all text-emerald-700 dark:text-emerald-300">{JSON.stringify(node.value)}</span>;
    case "number":
      return <span className="text-sky-700 dark:text-sky-300">{node.raw}</span>;
    case "boolean":
      return <span className="text-violet-700 dark:text-violet-300">{String(node.value)}</span>;
    case "null":
      return <span className="text-zinc-500">null</span>;
    default:
      return null;
  }
}

function summary(node: JsonNode): string {
  if (node.kind === "object") return `{…} ${node.entries.length} ${node.entries.length === 1 ? "key" : "keys"}`;
  if (node.kind === "array") return `[…] ${node.items.length} ${node.items.length === 1 ? "item" : "items"}`;
  return "";
}

interface NodeProps {
  label: string | null;
  node: JsonNode;
  depth: number;
  openDepth: number;
  last: boolean;
}

const JsonNodeView = memo(function JsonNodeView({ label, node, depth, openDepth, last }: NodeProps) {
  const container = node.kind === "object" || node.kind === "array";
  const size = node.kind === "object" ? node.entries.length : node.kind === "array" ? node.items.length : 0;
  const [open, setOpen] = useState(depth < openDepth);
  const [limit, setLimit] = useState(ARRAY_PAGE);
  const key = label !== null && <span className="text-zinc-800 dark:text-zinc-200">{JSON.stringify(label)}: </span>;
  const comma = last ? "" : ",";
  if (!container || size === 0) {
    return (
      <div>
        {key}
        {container ? (node.kind === "object" ? "{}" : "[]") : <Scalar node={node} />}
        {comma}
      </div>
    );
  }
  const [openCh, closeCh] = node.kind === "object" ? ["{", "}"] : ["[", "]"];
  return (
    <div>
      <button
        type="button"
        onClick={() => setOpen(!open)}
        aria-expanded={open}
        className="-ml-4 inline-flex w-4 justify-center text-zinc-400 hover:text-zinc-700 dark:hover:text-zinc-200"
        aria-label={open ? "Collapse" : "Expand"}
      >
        {open ? "▾" : "▸"}
      </button>
      {key}
      {open ? (
        <>
          {openCh}
          <div className="ml-4 border-l border-zinc-200 pl-3 dark:border-zinc-800">
            {node.kind === "object"
              ? node.entries.map((e, i) => (
                  <JsonNodeView key={i} label={e.key} node={e.value} depth={depth + 1} openDepth={openDepth} last={i === node.entries.length - 1} />
                ))
              : node.items.slice(0, limit).map((v, i) => (
                  <JsonNodeView key={i} label={null} node={v} depth={depth + 1} openDepth={openDepth} last={i === node.items.length - 1} />
                ))}
            {node.kind === "array" && node.items.length > limit && (
              <button type="button" onClick={() => setLimit(limit + ARRAY_PAGE * 10)} className="text-emerald-700 hover:underline dark:text-emerald-400">
                +{node.items.length - limit} more items
              </button>
            )}
          </div>
          {closeCh}
          {comma}
        </>
      ) : (
        <button type="button" onClick={() => setOpen(true)} className="text-zinc-500 hover:text-zinc-800 dark:hover:text-zinc-200">
          {summary(node)}
          {comma}
        </button>
      )}
    </div>
  );
});

export function JsonView({ node, openDepth }: { node: JsonNode; openDepth: number }) {
  return (
    <div className="pl-4 font-mono text-xs leading-5">
      <JsonNodeView label={null} node={node} depth={0} openDepth={openDepth} last />
    </div>
  );
}
