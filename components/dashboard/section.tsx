// The dashboard's sections: a heading, a row of headline figures, then cards. Each section loads
// on its own (behind Suspense), so a slow one neither holds back nor breaks the others.
import { AppError } from "@/lib/errors";

export function Section({ title, id, children }: { title: string; id: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`} className="dash-section mb-6" data-section={id}>
      <h2 id={`${id}-heading`} className="mb-2 text-xs font-semibold uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
        {title}
      </h2>
      {children}
    </section>
  );
}

export function Tiles({ children }: { children: React.ReactNode }) {
  return <div className="dash-tiles mb-3 grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-6">{children}</div>;
}

export function Cards({ children, cols = 3 }: { children: React.ReactNode; cols?: 2 | 3 }) {
  return <div className={`dash-cards mb-3 grid grid-cols-1 gap-3 md:grid-cols-2 ${cols === 3 ? "xl:grid-cols-3" : ""}`}>{children}</div>;
}

export function SectionSkeleton({ title, id, tiles = 6, cards = 3 }: { title: string; id: string; tiles?: number; cards?: number }) {
  return (
    <Section title={title} id={id}>
      <div aria-busy aria-label={`Loading ${title.toLowerCase()}`} data-testid="section-loading">
        {tiles > 0 && (
          <Tiles>
            {Array.from({ length: tiles }, (_, i) => (
              <div key={i} className="h-[74px] animate-pulse rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900" />
            ))}
          </Tiles>
        )}
        {cards === 1 ? (
          <div className="h-96 animate-pulse rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900" />
        ) : (
          <Cards cols={cards === 4 ? 2 : 3}>
            {Array.from({ length: cards }, (_, i) => (
              <div key={i} className="h-56 animate-pulse rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900" />
            ))}
          </Cards>
        )}
      </div>
    </Section>
  );
}

/** A section whose figures could not be read: what went wrong, in the words an AppError gives. */
export function SectionError({ title, id, error }: { title: string; id: string; error: unknown }) {
  const detail = error instanceof AppError ? error.message : "The database did not answer; reload the page to try again.";
  return (
    <Section title={title} id={id}>
      <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/40 dark:text-red-200">
        These figures could not be loaded. {detail}
      </div>
    </Section>
  );
}

/** Awaits a section's figures, turning a failure into a value the section renders. */
export async function settle<T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    if (!(error instanceof AppError)) console.error("dashboard: a section failed", error);
    return { ok: false, error };
  }
}
