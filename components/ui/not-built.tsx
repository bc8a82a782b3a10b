export function NotBuilt({ title, description, children }: { title: string; description: string; children?: React.ReactNode }) {
  return (
    <section className="mx-auto max-w-3xl">
      <h1 className="text-xl font-semibold">{title}</h1>
      <div className="mt-4 rounded-lg border border-dashed border-zinc-300 bg-white p-6 dark:border-zinc-700 dark:bg-zinc-900" data-testid="not-built">
        <p className="text-xs font-semibold uppercase tracking-wide text-amber-600 dark:text-amber-400">Not built yet</p>
        <p className="mt-2 text-zinc-600 dark:text-zinc-300">{description}</p>
        {children}
      </div>
    </section>
  );
}
