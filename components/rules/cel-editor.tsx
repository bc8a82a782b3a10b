"use client";

import { autocompletion, closeBrackets } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { bracketMatching, syntaxHighlighting } from "@codemirror/language";
import { linter, lintGutter, type Diagnostic } from "@codemirror/lint";
import { Compartment, EditorState } from "@codemirror/state";
import { EditorView, keymap, lineNumbers, placeholder as placeholderExt } from "@codemirror/view";
import { useEffect, useRef } from "react";
import { checkCondition } from "@/lib/rules/document";
import type { RuleEventType } from "@/lib/rules/event-model";
import { celCompletions, celHighlight, celLanguage } from "./cel-language";

interface Props {
  id: string;
  value: string;
  onChange: (value: string) => void;
  eventType: RuleEventType;
  readOnly?: boolean;
  ariaLabel: string;
  ariaDescribedBy?: string;
  invalid?: boolean;
}

const theme = EditorView.theme({
  "&": { fontSize: "13px", backgroundColor: "transparent", color: "inherit" },
  "&.cm-focused": { outline: "none" },
  ".cm-content": { fontFamily: "var(--font-mono, ui-monospace, SFMono-Regular, Menlo, monospace)", minHeight: "9rem", caretColor: "currentColor", padding: "6px 0" },
  ".cm-gutters": { backgroundColor: "transparent", border: "none", color: "#a1a1aa" },
  ".cm-activeLine, .cm-activeLineGutter": { backgroundColor: "rgba(127,127,127,0.08)" },
  "&.cm-focused .cm-selectionBackground, .cm-selectionBackground": { backgroundColor: "rgba(16,185,129,0.25) !important" },
  ".cm-tooltip": { fontSize: "12px" },
});

/** The condition as the checker sees it: its first error, placed at its line and column. */
function diagnosticsFor(view: EditorView, eventType: RuleEventType): Diagnostic[] {
  const text = view.state.doc.toString();
  if (text.trim() === "") return [];
  const checked = checkCondition(eventType, text);
  if (checked.ok) return [];
  const doc = view.state.doc;
  const line = doc.line(Math.min(Math.max(1, checked.error.line), doc.lines));
  const from = Math.min(line.from + Math.max(0, checked.error.column - 1), line.to);
  const word = /^\w+/.exec(doc.sliceString(from, line.to))?.[0].length ?? 1;
  return [{ from, to: Math.min(doc.length, from + Math.max(1, word)), severity: "error", message: checked.error.message }];
}

/** A CodeMirror 6 editor for a CEL condition: highlighting, completions of the event type's fields, and the checker's errors as you type. */
/**
 * The nonce of the page's CSP, from a script Next rendered with it: CodeMirror's style sheets are
 * refused without it. Read in the browser, because a client-side navigation renders the page's
 * server components in a request with a nonce of its own, which this document's policy does not know.
 */
function documentNonce(): string {
  return document.querySelector<HTMLScriptElement>("script[nonce]")?.nonce ?? "";
}

export function CelEditor({ id, value, onChange, eventType, readOnly = false, ariaLabel, ariaDescribedBy, invalid }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const typed = useRef(new Compartment());
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  });

  const typedExtensions = (t: RuleEventType) => [linter((v) => diagnosticsFor(v, t), { delay: 200 }), autocompletion({ override: [celCompletions(t)] })];

  useEffect(() => {
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          EditorView.cspNonce.of(documentNonce()),
          lineNumbers(),
          history(),
          bracketMatching(),
          closeBrackets(),
          celLanguage,
          syntaxHighlighting(celHighlight),
          lintGutter(),
          keymap.of([...defaultKeymap, ...historyKeymap]),
          EditorView.lineWrapping,
          EditorState.readOnly.of(readOnly),
          EditorView.editable.of(!readOnly),
          placeholderExt('process.exec_path.endsWith("/curl")'),
          EditorView.contentAttributes.of({ id, "aria-label": ariaLabel, ...(ariaDescribedBy ? { "aria-describedby": ariaDescribedBy } : {}), "data-testid": "condition-editor" }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) onChangeRef.current(u.state.doc.toString());
          }),
          theme,
          typed.current.of(typedExtensions(eventType)),
        ],
      }),
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // The editor is made once; the event type and outside value changes are dispatched below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    view.current?.dispatch({ effects: typed.current.reconfigure(typedExtensions(eventType)) });
  }, [eventType]);

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
  }, [value]);

  return (
    <div
      ref={host}
      aria-invalid={invalid || undefined}
      className="rounded-md border border-zinc-300 bg-white focus-within:outline-2 focus-within:outline-emerald-500 aria-[invalid=true]:border-red-400 dark:border-zinc-700 dark:bg-zinc-950 dark:aria-[invalid=true]:border-red-700"
    />
  );
}
