"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from "react";
import { parseQuery } from "@/lib/events/parse-query";
import { eventKeys } from "@/lib/events/query-keys";
import { getFieldValues } from "./events-api";
import { PRIMARY_BUTTON } from "@/components/ui/popover";
import { applySuggestion, enumValueSuggestions, fieldSuggestions, suggestableField, termAtCaret, type Suggestion } from "./query-autocomplete";
import { QueryErrorLine } from "./query-error";

interface Props {
  tenantId: string;
  /** The URL's query; the bar is remounted when it changes. */
  initialText: string;
  /** The results' time range, so value suggestions match what is on screen. */
  range: { from: string; to: string } | null;
  onSubmit: (text: string) => void;
}

export function QueryBar({ tenantId, initialText, range, onSubmit }: Props) {
  const [text, setText] = useState(initialText);
  const [caret, setCaret] = useState(initialText.length);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const inputRef = useRef<HTMLInputElement>(null);
  const listId = useId();

  useSlashToFocus(inputRef);
  const parsed = useMemo(() => parseQuery(text), [text]);
  const term = useMemo(() => termAtCaret(text, caret), [text, caret]);
  const field = suggestableField(term);
  const localValues = useMemo(() => (field ? enumValueSuggestions(field, term.prefix) : null), [field, term.prefix]);
  const remoteField = field && !localValues && field.facet ? field.name : null;
  const prefix = useDebouncedValue(term.prefix, 200);
  const values = useQuery({
    queryKey: eventKeys.values(tenantId, remoteField ?? "", prefix),
    queryFn: ({ signal }) => getFieldValues({ field: remoteField!, prefix, from: range?.from, to: range?.to, limit: 10 }, signal),
    enabled: open && remoteField !== null,
    staleTime: 60_000,
    retry: false,
  });

  const suggestions = useMemo((): Suggestion[] => {
    if (term.inert) return [];
    if (term.field === null) return fieldSuggestions(term.prefix);
    if (localValues) return localValues;
    const typed = term.prefix.toLowerCase();
    return (values.data ?? [])
      .filter((v) => v.value.toLowerCase().startsWith(typed))
      .map((v) => ({ kind: "value" as const, text: v.value, count: v.count }));
  }, [term, localValues, values.data]);
  const showing = open && suggestions.length > 0;

  function edit(next: string, nextCaret: number) {
    setText(next);
    setCaret(nextCaret);
    setActive(-1);
  }

  // The caret a suggestion leaves, placed as soon as React has written the new text: a
  // requestAnimationFrame could land after the next keystroke and move the caret back under it.
  const pendingCaret = useRef<number | null>(null);
  useLayoutEffect(() => {
    const at = pendingCaret.current;
    if (at === null) return;
    pendingCaret.current = null;
    inputRef.current?.focus();
    inputRef.current?.setSelectionRange(at, at);
  });

  function apply(s: Suggestion) {
    const out = applySuggestion(text, term, s);
    edit(out.text, out.caret);
    setOpen(s.kind === "field");
    pendingCaret.current = out.caret;
  }

  function submit() {
    if (!parsed.ok) {
      inputRef.current?.focus();
      return;
    }
    setOpen(false);
    onSubmit(text.trim());
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    const n = suggestions.length;
    if (e.key === "ArrowDown") {
      e.preventDefault();
      if (!showing) setOpen(true);
      setActive((a) => (showing ? (a + 1) % n : 0));
    } else if (e.key === "ArrowUp" && showing) {
      e.preventDefault();
      setActive((a) => (a <= 0 ? n - 1 : a - 1));
    } else if (e.key === "Enter") {
      e.preventDefault();
      if (showing && active >= 0) apply(suggestions[active]);
      else submit();
    } else if (e.key === "Tab" && showing && !e.shiftKey) {
      e.preventDefault();
      apply(suggestions[Math.max(active, 0)]);
    } else if (e.key === "Escape" && showing) {
      e.preventDefault();
      setOpen(false);
    }
  }

  return (
    <form
      role="search"
      className="min-w-0 flex-1"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="flex gap-2">
        <div className="relative min-w-0 flex-1">
          <input
            ref={inputRef}
            type="text"
            role="combobox"
            aria-label="Query"
            aria-autocomplete="list"
            aria-expanded={showing}
            aria-controls={listId}
            aria-activedescendant={showing && active >= 0 ? `${listId}-${active}` : undefined}
            aria-invalid={!parsed.ok}
            spellCheck={false}
            autoComplete="off"
            value={text}
            placeholder='Search (press /), e.g. severity:high -exe:/usr/bin/* domain:"evil.test" OR curl'
            onChange={(e) => {
              edit(e.target.value, e.target.selectionStart ?? e.target.value.length);
              setOpen(true);
            }}
            onSelect={(e) => setCaret(e.currentTarget.selectionStart ?? text.length)}
            onKeyDown={onKeyDown}
            onBlur={() => setOpen(false)}
            className={`h-8 w-full rounded-md border bg-white pr-7 pl-2.5 font-mono text-[13px] text-zinc-900 placeholder:font-sans placeholder:text-zinc-400 focus:outline-none dark:bg-zinc-950 dark:text-zinc-100 ${
              parsed.ok ? "border-zinc-300 focus:border-emerald-500 dark:border-zinc-700" : "border-red-400 focus:border-red-500 dark:border-red-700"
            }`}
          />
          {text && (
            <button
              type="button"
              aria-label="Clear query"
              onClick={() => {
                edit("", 0);
                inputRef.current?.focus();
              }}
              className="absolute top-1.5 right-1.5 rounded px-1 text-zinc-400 hover:text-zinc-700 dark:hover:text-zinc-200"
            >
              ×
            </button>
          )}
          {showing && (
            <ul
              id={listId}
              role="listbox"
              aria-label="Suggestions"
              className="absolute z-30 mt-1 max-h-72 w-full max-w-xl overflow-y-auto rounded-md border border-zinc-200 bg-white py-1 text-sm shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
            >
              {suggestions.map((s, i) => (
                <li
                  key={`${s.kind}:${s.text}`}
                  id={`${listId}-${i}`}
                  role="option"
                  aria-selected={i === active}
                  onMouseDown={(e) => e.preventDefault()}
                  onMouseEnter={() => setActive(i)}
                  onClick={() => apply(s)}
                  className={`flex cursor-pointer items-baseline gap-3 px-3 py-1 ${i === active ? "bg-emerald-50 dark:bg-emerald-950/50" : ""}`}
                >
                  <span className="min-w-0 truncate font-mono text-[13px]">{s.kind === "field" ? `${s.text}:` : s.text}</span>
                  <span className="ml-auto shrink-0 text-xs text-zinc-500 tabular-nums dark:text-zinc-400">
                    {s.count !== undefined ? s.count.toLocaleString("en") : s.detail}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
        <button type="submit" className={PRIMARY_BUTTON}>
          Search
        </button>
      </div>
      {!parsed.ok && <QueryErrorLine text={text} error={parsed.error} />}
    </form>
  );
}

/** "/" anywhere outside a text field jumps to the query bar, as in most search consoles. */
function useSlashToFocus(ref: RefObject<HTMLInputElement | null>) {
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) return;
      e.preventDefault();
      ref.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [ref]);
}

function useDebouncedValue<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}
