import { CopyButton } from "./copy-button";

interface Props {
  value: string | null | undefined;
  mono?: boolean;
  /** Shows a copy button on hover/focus for long technical values (command lines, paths). */
  copy?: boolean;
  /** The full value on hover when it differs from what is shown. */
  title?: string;
}

/** One line, truncated with an ellipsis; the full value on hover and, optionally, a copy button. */
export function TableCellText({ value, mono = false, copy = false, title }: Props) {
  if (value === null || value === undefined || value === "") return <span className="text-zinc-400 dark:text-zinc-600">—</span>;
  return (
    <span className="group/cell flex min-w-0 items-center gap-1">
      <span className={`min-w-0 truncate ${mono ? "font-mono text-xs" : ""}`} title={title ?? value}>
        {value}
      </span>
      {copy && <CopyButton value={value} label="Copy value" className="invisible group-hover/cell:visible group-focus-within/cell:visible focus:visible" />}
    </span>
  );
}
