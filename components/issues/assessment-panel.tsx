"use client";

import { useState } from "react";
import { SEVERITY_ORDER } from "@/lib/events/fields";
import type { Severity } from "@/lib/events/types";
import type { AssessmentInput } from "@/lib/issues/schemas";
import { ANALYST_FLAGS, type AnalystFlag } from "@/lib/issues/types";
import { INPUT, PRIMARY_BUTTON } from "@/components/ui/popover";
import { describeError } from "./issues-api";
import { FlagChips, flagLabel } from "./issue-badges";

interface Props {
  /** The subject's current flags (analyst and system). */
  flags: readonly string[];
  /** Flags its issue's assessment applies (events only), shown apart and read-only. */
  inheritedFlags?: readonly string[];
  /** The severity an analyst set, or null when it follows the events. */
  severityOverride: Severity | null;
  /** What the severity is now. */
  severity: Severity | null;
  canWrite: boolean;
  /** Sends the assessment; resolves when saved, throws with the server's problem otherwise. */
  onSubmit: (input: AssessmentInput) => Promise<void>;
}

const KEEP = "";
const RESET = "reset";

/**
 * Analyst flags, a new severity, handled-by-analyst and a comment, sent as one assessment
 * (only what changed). Shared by the issue page and the event page.
 */
export function AssessmentPanel(props: Props) {
  const { flags, inheritedFlags, canWrite } = props;
  // Writers see the analyst flags as toggles in the form; the rest are Vigil's, shown as they are.
  const shown = canWrite ? flags.filter((f) => !(ANALYST_FLAGS as readonly string[]).includes(f)) : flags;
  return (
    <div className="space-y-3" data-testid="assessment-panel">
      {(!canWrite || shown.length > 0) && (
        <div>
          <p className="mb-1 text-xs text-zinc-500 dark:text-zinc-400">{canWrite ? "Set by Vigil" : inheritedFlags ? "Its own flags" : "Flags"}</p>
          <FlagChips flags={shown} empty={<span className="text-zinc-500 dark:text-zinc-400">None</span>} />
        </div>
      )}
      {inheritedFlags && inheritedFlags.length > 0 && (
        <div>
          <p className="mb-1 text-xs text-zinc-500 dark:text-zinc-400">From its issue</p>
          <FlagChips flags={inheritedFlags} />
        </div>
      )}
      {canWrite && <AssessmentForm key={`${flags.join(",")}|${props.severityOverride}`} {...props} />}
    </div>
  );
}

function AssessmentForm({ flags, inheritedFlags, severityOverride, severity, onSubmit }: Props) {
  const own = ANALYST_FLAGS.filter((f) => flags.includes(f));
  const [draft, setDraft] = useState<ReadonlySet<AnalystFlag>>(new Set(own));
  const [sev, setSev] = useState<string>(KEEP);
  const handled = flags.includes("handledByAnalyst");
  const [handledDraft, setHandledDraft] = useState(handled);
  const [comment, setComment] = useState("");
  const [state, setState] = useState<{ saving: boolean; error: string | null; saved: boolean }>({ saving: false, error: null, saved: false });

  const enable = ANALYST_FLAGS.filter((f) => draft.has(f) && !own.includes(f));
  const disable = own.filter((f) => !draft.has(f));
  const input: AssessmentInput = {
    ...(enable.length ? { enableFlags: enable } : {}),
    ...(disable.length ? { disableFlags: disable } : {}),
    ...(sev === RESET ? { newSeverity: null } : sev !== KEEP ? { newSeverity: sev as Severity } : {}),
    ...(handledDraft !== handled ? { handledByAnalyst: handledDraft } : {}),
    ...(comment.trim() ? { comment: comment.trim() } : {}),
  };
  const empty = Object.keys(input).length === 0;

  async function submit() {
    setState({ saving: true, error: null, saved: false });
    try {
      await onSubmit(input);
      setComment("");
      setSev(KEEP);
      setState({ saving: false, error: null, saved: true });
    } catch (err) {
      setState({ saving: false, error: describeError(err), saved: false });
    }
  }

  return (
    <form
      className="space-y-3"
      aria-label="Assessment"
      onSubmit={(e) => {
        e.preventDefault();
        if (!empty) void submit();
      }}
    >
      <fieldset>
        <legend className="mb-1 text-xs text-zinc-500 dark:text-zinc-400">{inheritedFlags ? "Its own flags" : "Flags"}</legend>
        <div className="flex flex-wrap gap-1">
          {ANALYST_FLAGS.map((f) => {
            const on = draft.has(f);
            return (
              <button
                key={f}
                type="button"
                aria-pressed={on}
                onClick={() => {
                  const next = new Set(draft);
                  if (on) next.delete(f);
                  else next.add(f);
                  setDraft(next);
                  setState((s) => ({ ...s, saved: false }));
                }}
                className={`rounded border px-1.5 py-0.5 text-xs ${
                  on
                    ? "border-emerald-500 bg-emerald-50 text-emerald-900 dark:border-emerald-600 dark:bg-emerald-950/50 dark:text-emerald-100"
                    : "border-zinc-300 text-zinc-600 hover:bg-zinc-50 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800"
                }`}
              >
                {on ? "✓ " : ""}
                {flagLabel(f)}
              </button>
            );
          })}
        </div>
      </fieldset>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <label className="flex items-center gap-2 text-xs text-zinc-500 dark:text-zinc-400">
          Severity
          <select className={`${INPUT} h-7 py-0 text-xs`} value={sev} onChange={(e) => setSev(e.target.value)} aria-label="New severity">
            <option value={KEEP}>Keep ({severity ?? "from events"})</option>
            {[...SEVERITY_ORDER].reverse().map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
            {severityOverride !== null && <option value={RESET}>From its events again</option>}
          </select>
        </label>
        <label className="flex items-center gap-1.5 text-xs">
          <input type="checkbox" className="accent-emerald-600" checked={handledDraft} onChange={(e) => setHandledDraft(e.target.checked)} />
          Handled by analyst
        </label>
      </div>
      <textarea
        className="block w-full resize-y rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm placeholder:text-zinc-400 focus:border-emerald-500 focus:outline-none dark:border-zinc-700 dark:bg-zinc-950"
        rows={2}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        placeholder="Why (kept with the assessment in the lineage)…"
        aria-label="Assessment comment"
        maxLength={20_000}
      />
      <div className="flex items-center gap-2">
        {state.error && (
          <span role="alert" className="text-xs text-red-700 dark:text-red-400">
            {state.error}
          </span>
        )}
        {state.saved && empty && <span className="text-xs text-emerald-700 dark:text-emerald-400">Saved.</span>}
        <button type="submit" className={`${PRIMARY_BUTTON} ml-auto h-7`} disabled={empty || state.saving}>
          {state.saving ? "Saving…" : "Save assessment"}
        </button>
      </div>
    </form>
  );
}
