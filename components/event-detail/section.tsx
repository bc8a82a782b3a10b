/** A titled card of the detail page; `id` makes it a landmark the header can link to. */
export function Section({
  title,
  id,
  actions,
  flush = false,
  children,
}: {
  title: string;
  id: string;
  actions?: React.ReactNode;
  /** Children reach the edges (tables). */
  flush?: boolean;
  children: React.ReactNode;
}) {
  return (
    <section aria-labelledby={`${id}-title`} className="rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <div className="flex items-center gap-2 border-b border-zinc-200 px-4 py-2 dark:border-zinc-800">
        <h2 id={`${id}-title`} className="text-sm font-semibold">
          {title}
        </h2>
        {actions && <div className="ml-auto flex items-center gap-2">{actions}</div>}
      </div>
      <div className={flush ? "" : "p-4"}>{children}</div>
    </section>
  );
}

export function Empty({ children }: { children: React.ReactNode }) {
  return <p className="text-zinc-500 dark:text-zinc-400">{children}</p>;
}
