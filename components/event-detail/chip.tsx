const TONES = {
  neutral: "border-zinc-200 bg-zinc-50 text-zinc-700 dark:border-zinc-700 dark:bg-zinc-800 dark:text-zinc-200",
  info: "border-sky-200 bg-sky-50 text-sky-800 dark:border-sky-800 dark:bg-sky-950/40 dark:text-sky-200",
  success: "border-emerald-200 bg-emerald-50 text-emerald-800 dark:border-emerald-800 dark:bg-emerald-950/40 dark:text-emerald-200",
  warning: "border-amber-200 bg-amber-50 text-amber-800 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-200",
  danger: "border-red-200 bg-red-50 text-red-800 dark:border-red-800 dark:bg-red-950/40 dark:text-red-200",
} as const;

export type ChipTone = keyof typeof TONES;

/** A small label: flags, source format, verdicts. */
export function Chip({ children, tone = "neutral", mono = false, title }: { children: React.ReactNode; tone?: ChipTone; mono?: boolean; title?: string }) {
  return (
    <span title={title} className={`inline-flex max-w-full items-center truncate rounded border px-1.5 py-0.5 text-xs ${mono ? "font-mono" : ""} ${TONES[tone]}`}>
      {children}
    </span>
  );
}
