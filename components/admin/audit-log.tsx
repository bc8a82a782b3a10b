import Link from "next/link";
import { describeChanges } from "@/lib/audit/changes";
import { auditSubjectHref } from "@/lib/audit/subject-link";
import { AUDIT_ACTION_LABELS, AUDIT_SUBJECT_LABELS, auditFilterParams, auditLabel, type AuditQuery } from "@/lib/audit/schemas";
import type { AuditEntryDto } from "@/lib/audit/types";
import { Time } from "@/components/ui/time";
import { AuditFilters, type AuditFilterChoices } from "./audit-filters";
import { Section } from "./section";

// The Admin page's audit log, rendered on the server from the URL: filters, a page of entries
// newest first, the link to the next (older) page and the CSV export of every match.

export interface AuditLogProps {
  query: AuditQuery;
  choices: AuditFilterChoices;
  page: { entries: AuditEntryDto[]; nextCursor: string | null; total: number | null };
  /** A filter the URL names that cannot apply (shown instead of failing the page). */
  problem: string | null;
}

const LINK = "inline-flex h-8 items-center rounded-md border border-zinc-300 px-3 text-sm font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800";

export function AuditLog({ query, choices, page, problem }: AuditLogProps) {
  const filters = auditFilterParams(query);
  const withParams = (extra: Record<string, string>) => {
    const p = new URLSearchParams(filters);
    for (const [k, v] of Object.entries(extra)) p.set(k, v);
    return p.toString();
  };
  const exportHref = `/api/v1/audit?${withParams({ format: "csv" })}`;
  const total = page.total ?? 0;
  return (
    <Section title="Audit log" id="audit">
      <p className="mb-3 text-xs text-zinc-500 dark:text-zinc-400">
        Every administrative act in this tenant: who, what, when and from where. Entries cannot be changed or deleted, not even in the database.
      </p>
      <AuditFilters key={filters.toString()} query={query} choices={choices} />
      {problem && (
        <p role="alert" className="mb-3 text-sm text-red-600 dark:text-red-400">
          {problem}
        </p>
      )}
      <div className="mb-2 flex items-center gap-3 text-sm">
        <span className="text-zinc-600 dark:text-zinc-300" data-testid="audit-total">
          {total === 1 ? "1 entry" : `${total.toLocaleString("en")} entries`}
          {query.cursor ? " · older entries" : ""}
        </span>
        <a href={exportHref} download className={`${LINK} ml-auto`} aria-disabled={total === 0}>
          Export CSV
        </a>
      </div>
      {page.entries.length === 0 ? (
        <p className="rounded-md border border-dashed border-zinc-300 p-4 text-center text-zinc-500 dark:border-zinc-700 dark:text-zinc-400">
          {filters.size > 0 || query.cursor ? "No entries match these filters." : "Nothing has been recorded yet."}
        </p>
      ) : (
        <div className="overflow-x-auto rounded-md border border-zinc-200 dark:border-zinc-800">
          <table className="w-full min-w-[56rem] table-fixed text-left text-[13px]" aria-label="Audit log">
            <colgroup>
              <col className="w-44" />
              <col className="w-44" />
              <col className="w-40" />
              <col className="w-36" />
              <col />
              <col className="w-32" />
            </colgroup>
            <thead className="bg-zinc-50 text-xs text-zinc-500 dark:bg-zinc-900 dark:text-zinc-400">
              <tr>
                <th className="px-2 py-1.5 font-medium">Time</th>
                <th className="px-2 py-1.5 font-medium">Actor</th>
                <th className="px-2 py-1.5 font-medium">Action</th>
                <th className="px-2 py-1.5 font-medium">Subject</th>
                <th className="px-2 py-1.5 font-medium">Changes</th>
                <th className="px-2 py-1.5 font-medium">From</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 align-top dark:divide-zinc-800">
              {page.entries.map((e) => (
                <AuditRow key={e.id} entry={e} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(page.nextCursor || query.cursor) && (
        <nav className="mt-2 flex gap-2" aria-label="Audit log pages">
          {query.cursor && (
            <Link href={`/admin?${filters.toString()}#audit`} scroll={false} className={LINK}>
              ← Newest
            </Link>
          )}
          {page.nextCursor && (
            <Link href={`/admin?${withParams({ cursor: page.nextCursor })}#audit`} scroll={false} className={LINK}>
              Older entries →
            </Link>
          )}
        </nav>
      )}
    </Section>
  );
}

function AuditRow({ entry: e }: { entry: AuditEntryDto }) {
  const changes = describeChanges(e.before, e.after);
  const href = auditSubjectHref(e);
  const subject = e.subjectLabel ?? e.subjectId ?? "—";
  return (
    <tr data-testid="audit-entry">
      <td className="px-2 py-1.5 text-xs">
        <Time iso={e.at} />
      </td>
      <td className="truncate px-2 py-1.5 font-mono text-xs" title={e.actor}>
        {e.actor}
      </td>
      <td className="px-2 py-1.5">
        <span title={e.action}>{auditLabel(AUDIT_ACTION_LABELS, e.action)}</span>
      </td>
      <td className="px-2 py-1.5" title={e.subjectId ? `${e.subjectType} ${e.subjectId}` : e.subjectType}>
        <span className="block text-xs text-zinc-500 dark:text-zinc-400">{auditLabel(AUDIT_SUBJECT_LABELS, e.subjectType)}</span>
        {href ? (
          <Link href={href} className="block truncate text-emerald-700 hover:underline dark:text-emerald-400">
            {subject}
          </Link>
        ) : (
          <span className="block truncate">{subject}</span>
        )}
      </td>
      <td className="px-2 py-1.5 text-xs">
        {changes.length === 0 ? (
          <span className="text-zinc-400">—</span>
        ) : (
          <ul className="space-y-0.5">
            {changes.map((c) => (
              <li key={c.field} className="break-words">
                <span className="text-zinc-500 dark:text-zinc-400">{c.field}</span>{" "}
                {c.before !== undefined && (
                  <>
                    <span className="text-zinc-500 line-through decoration-zinc-400 dark:text-zinc-400">{c.before}</span>
                    {" → "}
                  </>
                )}
                <span className="font-medium">{c.after ?? "(removed)"}</span>
              </li>
            ))}
          </ul>
        )}
      </td>
      <td className="px-2 py-1.5 text-xs" title={e.userAgent ?? undefined}>
        <span className="block">{e.via}</span>
        {e.address && <span className="block truncate font-mono text-zinc-500 dark:text-zinc-400">{e.address}</span>}
      </td>
    </tr>
  );
}
