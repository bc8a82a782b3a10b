import Link from "next/link";
import type { RelatedSearch } from "@/lib/events/related-events";

/** Pre-filled searches around this event. */
export function RelatedEvents({ searches }: { searches: RelatedSearch[] }) {
  if (searches.length === 0) return <p className="text-zinc-500 dark:text-zinc-400">Nothing to relate this event to.</p>;
  return (
    <ul className="space-y-2" data-testid="related-events">
      {searches.map((s) => (
        <li key={s.id}>
          <Link href={s.href} className="font-medium text-emerald-700 hover:underline dark:text-emerald-400">
            {s.label}
          </Link>
          <code className="mt-0.5 block truncate font-mono text-xs text-zinc-500 dark:text-zinc-400" title={s.query}>
            {s.query}
          </code>
        </li>
      ))}
    </ul>
  );
}
