const num = new Intl.NumberFormat("en");
const BTN = "rounded border border-zinc-300 px-2 py-0.5 text-xs hover:bg-zinc-100 disabled:cursor-default disabled:opacity-40 disabled:hover:bg-transparent dark:border-zinc-700 dark:hover:bg-zinc-800";

interface Props {
  page: number;
  pageCount: number;
  limit: number;
  total: number;
  shown: number;
  onPage: (page: number) => void;
}

/** "51–100 of 10,001" and the page buttons. */
export function RulesPager({ page, pageCount, limit, total, shown, onPage }: Props) {
  const from = total === 0 ? 0 : (page - 1) * limit + 1;
  return (
    <nav aria-label="Rule pages" className="flex items-center gap-2 border-t border-zinc-200 px-3 py-2 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
      <span className="tabular-nums" data-testid="rules-range">
        {from === 0 ? "No rules" : `${num.format(from)}–${num.format(from + shown - 1)} of ${num.format(total)}`}
      </span>
      {pageCount > 1 && (
        <span className="ml-auto flex items-center gap-1">
          <button type="button" className={BTN} disabled={page <= 1} onClick={() => onPage(1)} aria-label="First page">
            «
          </button>
          <button type="button" className={BTN} disabled={page <= 1} onClick={() => onPage(page - 1)}>
            Previous
          </button>
          <span className="px-1 tabular-nums">
            Page {num.format(page)} of {num.format(pageCount)}
          </span>
          <button type="button" className={BTN} disabled={page >= pageCount} onClick={() => onPage(page + 1)}>
            Next
          </button>
          <button type="button" className={BTN} disabled={page >= pageCount} onClick={() => onPage(pageCount)} aria-label="Last page">
            »
          </button>
        </span>
      )}
    </nav>
  );
}
