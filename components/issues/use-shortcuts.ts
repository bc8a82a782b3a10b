"use client";

import { useEffect, useRef } from "react";

// Single-key shortcuts (Sentry/Linear style). Keys typed into a field, a dialog, a menu or an open
// panel are theirs; so are keys with Ctrl, Cmd or Alt, and keys a focused element already handled.
const OWNS_KEYS =
  "input:not([type=checkbox]):not([type=radio]), textarea, select, [contenteditable=''], [contenteditable=true], dialog, [role=dialog], [role=menu], [role=listbox], [data-popover]";

export function isTypingTarget(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest(OWNS_KEYS) !== null;
}

/**
 * Calls `handlers[e.key]` for unmodified keys on the page; `handlers` may change every render. A
 * handler returning false leaves the key to the browser.
 */
export function useShortcuts(handlers: Record<string, ((e: KeyboardEvent) => boolean | void) | undefined>, enabled = true) {
  const current = useRef(handlers);
  useEffect(() => {
    current.current = handlers;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
      if (isTypingTarget(e.target) || document.querySelector("dialog[open]")) return;
      const handler = current.current[e.key];
      if (!handler || handler(e) === false) return;
      e.preventDefault();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [enabled]);
}
