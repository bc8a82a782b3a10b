import type { QueryError } from "@/lib/events/parse-query";

/** A syntax error under the query bar: the message, and the query with the offending span marked. */
export function QueryErrorLine({ text, error }: { text: string; error: QueryError }) {
  const start = Math.min(error.position, text.length);
  const end = Math.min(text.length, start + Math.max(error.length, 1));
  const marked = text.slice(start, end);
  return (
    <div data-testid="query-error" className="mt-1 rounded-md border border-red-200 bg-red-50 px-3 py-1.5 text-xs text-red-800 dark:border-red-900 dark:bg-red-950/40 dark:text-red-200">
      <p>
        {error.message} <span className="text-red-600/80 dark:text-red-300/70">(column {start + 1})</span>
      </p>
      <pre className="mt-1 overflow-x-auto font-mono whitespace-pre" aria-hidden>
        {text.slice(0, start)}
        <mark className="bg-transparent text-red-700 underline decoration-red-500 decoration-wavy decoration-2 underline-offset-4 dark:text-red-300">
          {marked || " "}
        </mark>
        {text.slice(end)}
        {"\n"}
        {" ".repeat(start)}^
      </pre>
    </div>
  );
}
