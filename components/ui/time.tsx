/** A timestamp in UTC, with the full ISO value on hover. */
export function Time({ iso }: { iso: string }) {
  const text = iso.replace("T", " ").replace(/\.\d+Z$/, "Z").replace("Z", " UTC");
  return (
    <time dateTime={iso} title={iso} className="whitespace-nowrap tabular-nums">
      {text}
    </time>
  );
}
