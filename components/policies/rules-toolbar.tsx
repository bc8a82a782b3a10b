"use client";

import { useCallback, useEffect, useState } from "react";
import { BUTTON, BUTTON_SECONDARY } from "./form-styles";

interface Props {
  q: string;
  onFilter: (q: string) => void;
  selectedCount: number;
  onDeleteSelected: () => void;
  onClearSelection: () => void;
  /** Absent for roles that cannot write. */
  onAdd?: () => void;
}

/** The text filter (applied as you pause typing), what to do with the selection, and "Add rule". */
export function RulesToolbar({ q, onFilter, selectedCount, onDeleteSelected, onClearSelection, onAdd }: Props) {
  const [text, setText] = useState(q);
  // The filter this box last sent, and the URL's as last seen: a URL changed elsewhere (Back,
  // a link) replaces the text; the answer to what was typed does not.
  const [sent, setSent] = useState(q);
  const [seen, setSeen] = useState(q);
  if (q !== seen) {
    setSeen(q);
    if (q !== sent) {
      setText(q);
      setSent(q);
    }
  }
  const send = useCallback(
    (value: string) => {
      setSent(value);
      onFilter(value);
    },
    [onFilter],
  );
  useEffect(() => {
    if (text.trim() === q) return;
    const t = setTimeout(() => send(text.trim()), 300);
    return () => clearTimeout(t);
  }, [text, q, send]);
  return (
    <div className="flex flex-wrap items-center gap-2 border-b border-zinc-200 px-3 py-2 dark:border-zinc-800">
      <input
        type="search"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => e.key === "Enter" && send(text.trim())}
        placeholder="Filter by value or reason"
        aria-label="Filter rules by value or reason"
        className="w-72 rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-950"
        data-testid="rules-filter"
      />
      {selectedCount > 0 && (
        <span className="flex items-center gap-2 text-xs text-zinc-600 dark:text-zinc-300" data-testid="rules-selection">
          {selectedCount} selected
          <button type="button" onClick={onDeleteSelected} className="rounded-md border border-red-300 px-2 py-0.5 text-red-700 hover:bg-red-50 dark:border-red-800 dark:text-red-300 dark:hover:bg-red-950/50">
            Delete {selectedCount === 1 ? "rule" : `${selectedCount} rules`}
          </button>
          <button type="button" onClick={onClearSelection} className={`${BUTTON_SECONDARY} !px-2 !py-0.5 text-xs`}>
            Clear
          </button>
        </span>
      )}
      {onAdd && (
        <button type="button" onClick={onAdd} className={`${BUTTON} ml-auto`} data-testid="add-rule">
          Add rule
        </button>
      )}
    </div>
  );
}
