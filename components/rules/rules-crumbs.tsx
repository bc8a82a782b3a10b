import Link from "next/link";

/** Rules › rule set › this page. */
export function RulesCrumbs({ rulesetId, title }: { rulesetId?: string; title: string }) {
  return (
    <nav aria-label="Breadcrumb" className="mb-4">
      <ol className="flex min-w-0 items-baseline gap-1.5 text-sm text-zinc-500 dark:text-zinc-400">
        <li>
          <Link href="/rules" className="hover:underline">
            Rules
          </Link>
        </li>
        {rulesetId && (
          <li className="min-w-0 truncate font-mono text-xs" title={rulesetId}>
            <span aria-hidden className="mr-1.5 font-sans">
              ›
            </span>
            {rulesetId}
          </li>
        )}
        <li className="min-w-0 truncate">
          <span aria-hidden className="mr-1.5">
            ›
          </span>
          <h1 className="inline text-xl font-semibold text-zinc-900 dark:text-zinc-100">{title}</h1>
        </li>
      </ol>
    </nav>
  );
}
