/** A UTC timestamp to the second, compact for dense tables; the full ISO value on hover. */
export function TableCellTime({ iso }: { iso: string }) {
  const text = iso.slice(0, 19).replace("T", " ");
  return (
    <time dateTime={iso} title={iso} className="font-mono text-xs whitespace-nowrap tabular-nums">
      {text}
    </time>
  );
}
