"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import {
  AUDIT_ACTION_LABELS,
  AUDIT_SUBJECT_LABELS,
  auditFilterParams,
  auditLabel,
  type AuditQuery,
} from "@/lib/audit/schemas";

const FIELD = "h-8 rounded-md border border-zinc-300 bg-white px-2 text-sm dark:border-zinc-700 dark:bg-zinc-950";
const LABEL = "flex flex-col gap-0.5 text-xs text-zinc-500 dark:text-zinc-400";

export interface AuditFilterChoices {
  actors: string[];
  actions: string[];
  subjectTypes: string[];
}

/** A choice the URL names is kept even when the log holds none of it (yet). */
const withCurrent = (values: string[], current: string | undefined) => (current && !values.includes(current) ? [current, ...values] : values);

/**
 * The audit log's filters. The URL is their state: a choice navigates at once (the page reads
 * the log on the server); without JavaScript the form is a plain GET.
 */
export function AuditFilters({ query, choices }: { query: AuditQuery; choices: AuditFilterChoices }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const filtered = auditFilterParams(query).size > 0;

  function apply(form: HTMLFormElement) {
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form).entries()) if (typeof value === "string" && value) params.set(key, value);
    const qs = params.toString();
    start(() => router.push(`/admin${qs ? `?${qs}` : ""}#audit`, { scroll: false }));
  }

  return (
    <form
      action="/admin#audit"
      method="get"
      aria-label="Audit log filters"
      aria-busy={pending}
      className="mb-3 flex flex-wrap items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        apply(e.currentTarget);
      }}
      onChange={(e) => apply(e.currentTarget)}
    >
      <label className={LABEL}>
        Actor
        <select name="actor" defaultValue={query.actor ?? ""} className={`${FIELD} max-w-64`}>
          <option value="">Anyone</option>
          {withCurrent(choices.actors, query.actor).map((a) => (
            <option key={a} value={a}>{a}</option>
          ))}
        </select>
      </label>
      <label className={LABEL}>
        Action
        <select name="action" defaultValue={query.action ?? ""} className={FIELD}>
          <option value="">Any action</option>
          {withCurrent(choices.actions, query.action).map((a) => (
            <option key={a} value={a}>{auditLabel(AUDIT_ACTION_LABELS, a)}</option>
          ))}
        </select>
      </label>
      <label className={LABEL}>
        Subject
        <select name="subjectType" defaultValue={query.subjectType ?? ""} className={FIELD}>
          <option value="">Anything</option>
          {withCurrent(choices.subjectTypes, query.subjectType).map((s) => (
            <option key={s} value={s}>{auditLabel(AUDIT_SUBJECT_LABELS, s)}</option>
          ))}
        </select>
      </label>
      <label className={LABEL}>
        From (UTC)
        <input type="date" name="from" defaultValue={dayOf(query.from)} className={FIELD} />
      </label>
      <label className={LABEL}>
        To (UTC)
        <input type="date" name="to" defaultValue={dayOf(query.to)} className={FIELD} />
      </label>
      <noscript>
        <button className={`${FIELD} font-medium`}>Apply</button>
      </noscript>
      {filtered && (
        <button
          type="button"
          className="h-8 px-2 text-sm text-zinc-600 hover:underline dark:text-zinc-300"
          onClick={() => start(() => router.push("/admin#audit", { scroll: false }))}
        >
          Clear filters
        </button>
      )}
    </form>
  );
}

/** A date input shows days: an instant from a link shows as its UTC day. */
function dayOf(value: string | undefined): string {
  return value ? value.slice(0, 10) : "";
}
