"use client";

import { fieldByName, SEVERITY_ORDER } from "@/lib/events/fields";
import { ANALYST_FLAGS, FLAG_LABELS, type AnalystFlag } from "@/lib/issues/types";
import type { BulkEventSearch } from "@/components/issues/issues-api";
import { INPUT } from "@/components/ui/popover";
import { issueIdOf, type AssessmentDraft, type FlagChoice } from "./bulk-assessment";

const CHOICES: { value: FlagChoice; label: string; on: string }[] = [
  { value: "leave", label: "Leave", on: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-200" },
  { value: "enable", label: "Set", on: "bg-emerald-600 text-white" },
  { value: "disable", label: "Clear", on: "bg-zinc-700 text-white dark:bg-zinc-300 dark:text-zinc-900" },
];

const LABEL = "text-xs text-zinc-500 dark:text-zinc-400";

/** Which events the run covers: the results' query, filters and window, as the request will send them. */
export function SearchScope({ search }: { search: BulkEventSearch }) {
  const filters = search.filters ?? [];
  return (
    <div className="mb-3 rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2 text-xs dark:border-zinc-800 dark:bg-zinc-950/40" data-testid="bulk-scope">
      <p className="text-zinc-500 dark:text-zinc-400">Every event matching</p>
      <p className="mt-0.5 truncate font-mono text-zinc-800 dark:text-zinc-100" title={search.query}>
        {search.query || <span className="font-sans text-zinc-500 italic dark:text-zinc-400">any query</span>}
      </p>
      {filters.length > 0 && (
        <p className="mt-0.5 truncate text-zinc-700 dark:text-zinc-300">
          {filters
            .map((f) => `${f.exclude ? "NOT " : ""}${fieldByName(f.field)?.label ?? f.field}: ${f.values.join(" or ")}`)
            .join(" · ")}
        </p>
      )}
      <p className="mt-0.5 font-mono text-zinc-600 tabular-nums dark:text-zinc-400">
        {utc(search.from)} → {utc(search.to)} UTC
      </p>
    </div>
  );
}

const utc = (iso: string | undefined) => (iso ? iso.slice(0, 16).replace("T", " ") : "…");

/** Analyst flags to set or clear, a severity, handled-by-analyst, an issue to move the events into, and a comment. */
export function AssessmentFields({ draft, onChange }: { draft: AssessmentDraft; onChange: (next: AssessmentDraft) => void }) {
  const issue = issueIdOf(draft.issue);
  return (
    <div className="space-y-3">
      <div>
        <p className={`${LABEL} mb-1`}>Flags</p>
        <div className="divide-y divide-zinc-100 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
          {ANALYST_FLAGS.map((f) => (
            <FlagRow key={f} flag={f} value={draft.flags[f]} onChange={(v) => onChange({ ...draft, flags: { ...draft.flags, [f]: v } })} />
          ))}
        </div>
      </div>

      <div className="grid grid-cols-[7rem_1fr] items-center gap-x-3 gap-y-2">
        <label htmlFor="bulk-severity" className={LABEL}>
          Severity
        </label>
        <select
          id="bulk-severity"
          className={`${INPUT} h-7 w-56 py-0 text-xs`}
          value={draft.severity}
          onChange={(e) => onChange({ ...draft, severity: e.target.value as AssessmentDraft["severity"] })}
        >
          <option value="keep">Keep as it is</option>
          {[...SEVERITY_ORDER].reverse().map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
          <option value="reset">Back to each event&apos;s own</option>
        </select>

        <label htmlFor="bulk-issue" className={LABEL}>
          Move to issue
        </label>
        <div className="flex items-center gap-2">
          <span className="flex items-center">
            <span className="mr-1 text-zinc-500 dark:text-zinc-400">#</span>
            <input
              id="bulk-issue"
              className={`${INPUT} h-7 w-28 font-mono text-xs`}
              inputMode="numeric"
              autoComplete="off"
              placeholder="none"
              value={draft.issue}
              aria-invalid={"error" in issue}
              aria-describedby={"error" in issue ? "bulk-issue-error" : undefined}
              onChange={(e) => onChange({ ...draft, issue: e.target.value })}
            />
          </span>
          {"error" in issue && (
            <span id="bulk-issue-error" role="alert" className="text-xs text-red-700 dark:text-red-400">
              {issue.error}
            </span>
          )}
        </div>
      </div>

      <label className="flex items-center gap-1.5 text-xs">
        <input
          type="checkbox"
          className="accent-emerald-600"
          checked={draft.handledByAnalyst}
          onChange={(e) => onChange({ ...draft, handledByAnalyst: e.target.checked })}
        />
        Mark as handled by analyst
      </label>

      <div>
        <label htmlFor="bulk-comment" className={`${LABEL} mb-1 block`}>
          Comment <span className="text-zinc-400 dark:text-zinc-500">(optional, kept in each event&apos;s lineage)</span>
        </label>
        <textarea
          id="bulk-comment"
          className="block w-full resize-y rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm placeholder:text-zinc-400 focus:border-emerald-500 focus:outline-none dark:border-zinc-700 dark:bg-zinc-950"
          rows={2}
          maxLength={20_000}
          placeholder="Why"
          value={draft.comment}
          onChange={(e) => onChange({ ...draft, comment: e.target.value })}
        />
      </div>
    </div>
  );
}

/** Leave / Set / Clear as native radios, so arrow keys move between them. */
function FlagRow({ flag, value, onChange }: { flag: AnalystFlag; value: FlagChoice; onChange: (v: FlagChoice) => void }) {
  const label = FLAG_LABELS[flag];
  return (
    <div className="flex items-center gap-3 px-2 py-1">
      <span className="flex-1 text-sm">{label}</span>
      <div role="radiogroup" aria-label={label} className="inline-flex overflow-hidden rounded border border-zinc-300 text-xs dark:border-zinc-700">
        {CHOICES.map((c) => (
          <label key={c.value} className="cursor-pointer border-l border-zinc-300 first:border-l-0 dark:border-zinc-700">
            <input
              type="radio"
              name={`bulk-flag-${flag}`}
              value={c.value}
              checked={value === c.value}
              onChange={() => onChange(c.value)}
              className="peer sr-only"
            />
            <span
              className={`block w-12 py-0.5 text-center peer-focus-visible:outline-2 peer-focus-visible:-outline-offset-2 peer-focus-visible:outline-emerald-500 ${
                value === c.value ? c.on : "text-zinc-500 hover:bg-zinc-50 dark:text-zinc-400 dark:hover:bg-zinc-800"
              }`}
            >
              {c.label}
            </span>
          </label>
        ))}
      </div>
    </div>
  );
}
