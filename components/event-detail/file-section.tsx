import type { EventDetail } from "@/lib/events/event-detail-types";
import { CopyButton } from "@/components/data-table/copy-button";
import { Chip } from "./chip";
import { Section } from "./section";

/** The file an event touched: path, operation, open flags and a move/link target. */
export function FileSection({ event }: { event: EventDetail }) {
  const file = event.file ?? (event.filePath ? { path: event.filePath } : null);
  if (!file) return null;
  return (
    <Section title="File" id="file">
      <dl className="grid grid-cols-[minmax(7rem,auto)_1fr] gap-x-3 gap-y-1.5" data-testid="file-section">
        <dt className="text-zinc-500 dark:text-zinc-400">Path</dt>
        <dd className="flex min-w-0 items-center gap-1">
          <span className="min-w-0 break-all font-mono text-xs">{file.path}</span>
          <CopyButton value={file.path} label="Copy path" />
        </dd>
        {file.operation && (
          <>
            <dt className="text-zinc-500 dark:text-zinc-400">Operation</dt>
            <dd>
              <Chip mono>{file.operation}</Chip>
            </dd>
          </>
        )}
        {file.flags && (
          <>
            <dt className="text-zinc-500 dark:text-zinc-400">Flags</dt>
            <dd className="flex flex-wrap gap-1">
              {file.flags.split("|").map((f) => (
                <Chip key={f} mono>
                  {f}
                </Chip>
              ))}
            </dd>
          </>
        )}
        {file.targetPath && (
          <>
            <dt className="text-zinc-500 dark:text-zinc-400">Target</dt>
            <dd className="break-all font-mono text-xs">{file.targetPath}</dd>
          </>
        )}
        {(event.action || event.outcome) && (
          <>
            <dt className="text-zinc-500 dark:text-zinc-400">Result</dt>
            <dd>{[event.action, event.outcome].filter(Boolean).join(" · ")}</dd>
          </>
        )}
      </dl>
    </Section>
  );
}
