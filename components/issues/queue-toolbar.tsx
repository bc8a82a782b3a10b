"use client";

import { useMemo, useState, type Ref } from "react";
import { SEVERITY_ORDER } from "@/lib/events/fields";
import { ANALYST_FLAGS, CLOSE_REASON_LABELS, CLOSE_REASONS, FLAG_LABELS, ISSUE_SORTS, PRIORITIES, SYSTEM_FLAGS, type IssueListItem, type IssueSort } from "@/lib/issues/types";
import { INPUT, Popover, PRIMARY_BUTTON, TOOLBAR_BUTTON } from "@/components/ui/popover";
import { Kbd } from "@/components/ui/kbd";
import { FilterMenu, type FilterOption, type FilterSection } from "./filter-menu";
import { DEFAULT_SORT, hasFilters, setList, withoutFilters, type ListFilterKey, type QueueState } from "./queue-url";

export interface Member {
  id: string;
  name: string;
  email: string;
}

interface Props {
  searchRef?: Ref<HTMLInputElement>;
  state: QueueState;
  rows: readonly IssueListItem[];
  members: readonly Member[];
  onChange: (next: QueueState) => void;
}

const SEVERITY_OPTIONS = [...SEVERITY_ORDER].reverse().map((s) => ({ value: s, label: s }));
const PRIORITY_OPTIONS = PRIORITIES.map((p) => ({ value: p, label: p }));
const FLAG_OPTIONS = [...ANALYST_FLAGS, ...SYSTEM_FLAGS].map((f) => ({ value: f, label: FLAG_LABELS[f] }));
const CLOSE_REASON_OPTIONS = CLOSE_REASONS.map((r) => ({ value: r, label: CLOSE_REASON_LABELS[r] }));

function seen(rows: readonly IssueListItem[], pick: (i: IssueListItem) => string | null | undefined): FilterOption[] {
  const values = [...new Set(rows.map(pick).filter((v): v is string => Boolean(v)))].sort();
  return values.slice(0, 30).map((v) => ({ value: v, label: v }));
}

/** The search field and the filters; each change is a new URL. */
export function QueueToolbar({ searchRef, state, rows, members, onChange }: Props) {
  const section = <K extends ListFilterKey>(key: K, label: string, options: readonly FilterOption[], extra: Partial<FilterSection> = {}): FilterSection => ({
    label,
    options,
    selected: (state[key] ?? []) as string[],
    onChange: (values: string[]) => onChange(setList(state, key, values as NonNullable<QueueState[K]>)),
    ...extra,
  });
  const assigneeOptions = useMemo(
    () => [{ value: "me", label: "Me" }, { value: "unassigned", label: "Unassigned" }, ...members.map((m) => ({ value: m.id, label: m.name || m.email }))],
    [members],
  );
  return (
    <div className="flex flex-wrap items-center gap-2">
      <SearchField key={state.q ?? ""} ref={searchRef} initial={state.q ?? ""} onSubmit={(q) => onChange({ ...state, q: q || undefined })} />
      <FilterMenu label="Severity" sections={[section("severity", "Severity", SEVERITY_OPTIONS)]} />
      <FilterMenu label="Assignee" sections={[section("assignee", "Assignee", assigneeOptions)]} />
      <FilterMenu label="Priority" sections={[section("priority", "Priority", PRIORITY_OPTIONS)]} />
      <FilterMenu label="Flags" sections={[section("flags", "Flags", FLAG_OPTIONS), section("closeReason", "Close reason", CLOSE_REASON_OPTIONS)]} />
      <FilterMenu label="Type" sections={[section("type", "Type", seen(rows, (i) => i.type), { customPlaceholder: "Another type…", mono: true })]} />
      <FilterMenu
        label="Where"
        sections={[
          section("agent", "Agent", seen(rows, (i) => i.where.agent?.name), { customPlaceholder: "Agent name…", mono: true }),
          section("cluster", "Cluster", seen(rows, (i) => i.where.cluster), { customPlaceholder: "Cluster…", mono: true }),
          section("repository", "Repository", seen(rows, (i) => i.where.repository), { customPlaceholder: "owner/repo…", mono: true }),
        ]}
      />
      <SeenFilter state={state} onChange={onChange} />
      <SeenFilter state={state} onChange={onChange} opened />
      {hasFilters(state) && (
        <button type="button" className="h-8 px-1 text-sm text-zinc-500 hover:text-zinc-900 hover:underline dark:text-zinc-400 dark:hover:text-zinc-100" onClick={() => onChange(withoutFilters(state))}>
          Clear filters
        </button>
      )}
    </div>
  );
}

function SearchField({ ref, initial, onSubmit }: { ref?: Ref<HTMLInputElement>; initial: string; onSubmit: (q: string) => void }) {
  const [text, setText] = useState(initial);
  return (
    <form
      role="search"
      className="relative"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(text.trim());
      }}
    >
      <svg viewBox="0 0 24 24" className="pointer-events-none absolute top-2 left-2 h-4 w-4 text-zinc-400" fill="none" stroke="currentColor" strokeWidth={2} aria-hidden>
        <circle cx="11" cy="11" r="7" />
        <path d="m20 20-3.5-3.5" />
      </svg>
      <input
        ref={ref}
        type="search"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") (e.target as HTMLInputElement).blur();
        }}
        placeholder="Search title, destination or #id"
        aria-label="Search issues"
        className={`${INPUT} w-80 pr-7 pl-8`}
        maxLength={500}
      />
      <Kbd className="pointer-events-none absolute top-2 right-2">/</Kbd>
    </form>
  );
}

const SEEN_PRESETS = [
  { label: "Last 24 hours", ms: 24 * 3600_000 },
  { label: "Last 7 days", ms: 7 * 24 * 3600_000 },
  { label: "Last 30 days", ms: 30 * 24 * 3600_000 },
];

function shortTime(iso: string): string {
  return iso.slice(0, 16).replace("T", " ");
}

/** Issues seen (or, `opened`, opened by Vigil) within a time range: presets from now, or from/to (UTC). */
function SeenFilter({ state, onChange, opened = false }: { state: QueueState; onChange: (next: QueueState) => void; opened?: boolean }) {
  const [fromKey, toKey] = opened ? (["openedFrom", "openedTo"] as const) : (["from", "to"] as const);
  const start = state[fromKey];
  const end = state[toKey];
  const on = Boolean(start || end);
  const summary = start && end ? `${shortTime(start)} – ${shortTime(end)}` : start ? `since ${shortTime(start)}` : end ? `before ${shortTime(end)}` : null;
  const set = (from?: string, to?: string) => {
    const next = { ...state, [fromKey]: from, [toKey]: to };
    if (!from) delete next[fromKey];
    if (!to) delete next[toKey];
    onChange(next);
  };
  return (
    <Popover
      align="left"
      panelClassName="w-72"
      ariaLabel={opened ? "Filter by time opened" : "Filter by time seen"}
      testId={opened ? "filter-opened" : "filter-seen"}
      buttonClassName={`inline-flex h-8 items-center gap-1 rounded-md border px-2.5 text-sm whitespace-nowrap ${
        on
          ? "border-emerald-400 bg-emerald-50 text-emerald-900 dark:border-emerald-700 dark:bg-emerald-950/50 dark:text-emerald-100"
          : "border-zinc-300 bg-white text-zinc-700 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200 dark:hover:bg-zinc-800"
      }`}
      label={
        <>
          {opened ? "Opened" : "Seen"}{summary ? <span className="font-medium">: {summary} UTC</span> : null}
          <svg viewBox="0 0 24 24" className="h-3.5 w-3.5 opacity-60" fill="none" stroke="currentColor" strokeWidth={2} aria-hidden>
            <path d="m6 9 6 6 6-6" />
          </svg>
        </>
      }
    >
      {(close) => (
        <div className="flex flex-col gap-2">
          <div className="flex flex-wrap gap-1">
            {SEEN_PRESETS.map((p) => (
              <button
                key={p.label}
                type="button"
                className={TOOLBAR_BUTTON}
                onClick={() => {
                  set(new Date(Date.now() - p.ms).toISOString());
                  close();
                }}
              >
                {p.label}
              </button>
            ))}
            <button
              type="button"
              className={TOOLBAR_BUTTON}
              onClick={() => {
                set();
                close();
              }}
            >
              Any time
            </button>
          </div>
          <RangeForm
            from={start ?? null}
            to={end ?? null}
            onApply={(from, to) => {
              set(from ?? undefined, to ?? undefined);
              close();
            }}
          />
        </div>
      )}
    </Popover>
  );
}

function RangeForm({ from, to, onApply }: { from: string | null; to: string | null; onApply: (from: string | null, to: string | null) => void }) {
  const [a, setA] = useState(from ? from.slice(0, 16) : "");
  const [b, setB] = useState(to ? to.slice(0, 16) : "");
  const iso = (v: string) => (v ? new Date(`${v}:00Z`).toISOString() : null);
  return (
    <form
      className="flex flex-col gap-1.5 border-t border-zinc-200 pt-2 text-xs dark:border-zinc-800"
      onSubmit={(e) => {
        e.preventDefault();
        onApply(iso(a), iso(b));
      }}
    >
      <label className="flex items-center justify-between gap-2">
        <span className="text-zinc-500 dark:text-zinc-400">From (UTC)</span>
        <input type="datetime-local" className={`${INPUT} w-48`} value={a} onChange={(e) => setA(e.target.value)} />
      </label>
      <label className="flex items-center justify-between gap-2">
        <span className="text-zinc-500 dark:text-zinc-400">To (UTC)</span>
        <input type="datetime-local" className={`${INPUT} w-48`} value={b} onChange={(e) => setB(e.target.value)} />
      </label>
      <button type="submit" className={`${PRIMARY_BUTTON} self-end`} disabled={!a && !b}>
        Apply
      </button>
    </form>
  );
}

const SORT_LABELS: Record<IssueSort, string> = {
  "-lastSeen": "Last seen, newest",
  lastSeen: "Last seen, oldest",
  "-severity": "Severity, highest",
  severity: "Severity, lowest",
  "-eventCount": "Events, most",
  eventCount: "Events, fewest",
  "-firstSeen": "First seen, newest",
  firstSeen: "First seen, oldest",
};

export function SortSelect({ sort, onChange }: { sort: IssueSort | undefined; onChange: (sort: IssueSort) => void }) {
  return (
    <label className="flex items-center gap-1.5 text-xs text-zinc-500 dark:text-zinc-400">
      Sort
      <select className={`${INPUT} h-7 py-0 text-xs`} value={sort ?? DEFAULT_SORT} onChange={(e) => onChange(e.target.value as IssueSort)} aria-label="Sort issues">
        {ISSUE_SORTS.map((s) => (
          <option key={s} value={s}>
            {SORT_LABELS[s]}
          </option>
        ))}
      </select>
    </label>
  );
}
