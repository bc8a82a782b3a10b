const num = new Intl.NumberFormat("en");

/** How many rules conflict, with a switch between them alone and every rule. */
export function ConflictsBanner({ count, only, onToggle }: { count: number; only: boolean; onToggle: () => void }) {
  if (count === 0 && !only) return null;
  return (
    <div
      data-testid="conflicts-banner"
      className="flex items-center gap-2 border-b border-amber-200 bg-amber-50 px-3 py-1.5 text-xs text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/30 dark:text-amber-100"
    >
      <span aria-hidden>⚠</span>
      <span>
        {count === 0
          ? "No rule conflicts any more."
          : `${num.format(count)} ${count === 1 ? "rule conflicts" : "rules conflict"} with another rule of this policy (allowed and denied, or overriding a broader rule).`}
      </span>
      <button type="button" onClick={onToggle} className="ml-auto rounded border border-amber-300 px-2 py-0.5 font-medium hover:bg-amber-100 dark:border-amber-800 dark:hover:bg-amber-900/50">
        {only ? "Show all rules" : `Show ${count === 1 ? "it" : "only these"}`}
      </button>
    </div>
  );
}
