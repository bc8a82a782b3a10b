/** A key as the keyboard shows it, e.g. in a button that also has a shortcut. */
export function Kbd({ children, className = "" }: { children: React.ReactNode; className?: string }) {
  return (
    <kbd
      className={`inline-flex h-4 min-w-4 items-center justify-center rounded border border-zinc-300 bg-zinc-50 px-1 font-mono text-[10px] leading-none font-normal text-zinc-500 dark:border-zinc-600 dark:bg-zinc-800 dark:text-zinc-400 ${className}`}
    >
      {children}
    </kbd>
  );
}
