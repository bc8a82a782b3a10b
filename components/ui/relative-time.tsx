const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "5m ago", "3h ago", "6d ago", then the date. */
export function relativeTime(iso: string, now: number = Date.now()): string {
  const ms = now - Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  if (ms < MINUTE) return "just now";
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)}m ago`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)}h ago`;
  if (ms < 30 * DAY) return `${Math.floor(ms / DAY)}d ago`;
  return iso.slice(0, 10);
}

/** A time relative to now, with the full UTC value on hover. Server and browser clocks may differ by a minute. */
export function RelativeTime({ iso, className = "" }: { iso: string; className?: string }) {
  return (
    <time dateTime={iso} title={iso.replace("T", " ").replace(/\.\d+Z$/, " UTC")} className={`whitespace-nowrap tabular-nums ${className}`} suppressHydrationWarning>
      {relativeTime(iso)}
    </time>
  );
}
