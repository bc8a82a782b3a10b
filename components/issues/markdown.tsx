import ReactMarkdown, { type Components } from "react-markdown";

// Comments are Markdown written by analysts. Raw HTML is shown as the text it is (no rehype-raw), the
// default urlTransform drops javascript: and other unsafe URLs, and links open in a new tab
// without handing it this page.

/** The element's props without the syntax-tree node react-markdown passes along. */
function without<P extends { node?: unknown }>(props: P): Omit<P, "node"> {
  const rest = { ...props };
  delete rest.node;
  return rest;
}

const COMPONENTS: Components = {
  a: (props) => (
    <a {...without(props)} target="_blank" rel="noopener noreferrer" className="text-emerald-700 underline decoration-emerald-700/30 hover:decoration-emerald-700 dark:text-emerald-400 dark:decoration-emerald-400/30" />
  ),
  p: (props) => <p {...without(props)} className="my-1.5 first:mt-0 last:mb-0" />,
  ul: (props) => <ul {...without(props)} className="my-1.5 list-disc pl-5" />,
  ol: (props) => <ol {...without(props)} className="my-1.5 list-decimal pl-5" />,
  li: (props) => <li {...without(props)} className="my-0.5" />,
  h1: (props) => <h3 {...without(props)} className="mt-2 mb-1 text-base font-semibold" />,
  h2: (props) => <h4 {...without(props)} className="mt-2 mb-1 text-sm font-semibold" />,
  h3: (props) => <h5 {...without(props)} className="mt-2 mb-1 text-sm font-semibold" />,
  h4: (props) => <h6 {...without(props)} className="mt-2 mb-1 text-sm font-medium" />,
  blockquote: (props) => <blockquote {...without(props)} className="my-1.5 border-l-2 border-zinc-300 pl-2 text-zinc-600 dark:border-zinc-600 dark:text-zinc-300" />,
  pre: (props) => <pre {...without(props)} className="my-1.5 overflow-x-auto rounded bg-zinc-100 p-2 font-mono text-xs dark:bg-zinc-950 [&>code]:bg-transparent [&>code]:p-0" />,
  code: (props) => <code {...without(props)} className="rounded bg-zinc-100 px-1 font-mono text-[0.85em] dark:bg-zinc-800" />,
  hr: () => <hr className="my-2 border-zinc-200 dark:border-zinc-700" />,
  img: ({ alt, src }) => (
    // Images are links, not loaded: a comment must not make the browser fetch from anywhere.
    <a href={typeof src === "string" ? src : undefined} target="_blank" rel="noopener noreferrer" className="text-emerald-700 underline dark:text-emerald-400">
      {alt || "image"}
    </a>
  ),
};

/** Markdown as safe React elements: HTML as text, no unsafe URLs, links in a new tab. */
export function Markdown({ children }: { children: string }) {
  return (
    <div className="min-w-0 text-sm leading-relaxed break-words" data-testid="markdown">
      <ReactMarkdown components={COMPONENTS}>
        {children}
      </ReactMarkdown>
    </div>
  );
}
