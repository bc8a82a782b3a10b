import type { EventDetail } from "@/lib/events/event-detail-types";
import { Time } from "@/components/ui/time";
import { CopyButton } from "@/components/data-table/copy-button";

type Fact = { label: string; value: string | number | null; mono?: boolean; copy?: boolean; time?: boolean };

function factsOf(e: EventDetail): Fact[] {
  return [
    { label: "Event id", value: e.id, mono: true },
    { label: "Identity", value: e.eventKey, mono: true, copy: true },
    { label: "Content hash", value: e.contentHash, mono: true, copy: true },
    { label: "Received", value: e.receivedAt, time: true },
    { label: "Updated", value: e.updatedAt, time: true },
    { label: "Executable", value: e.processExe, mono: true, copy: true },
    { label: "Command line", value: e.processArgs, mono: true, copy: true },
    { label: "PID", value: e.processPid, mono: true },
    { label: "Parent PID", value: e.processPpid, mono: true },
    { label: "UID", value: e.processUid, mono: true },
    { label: "Parent executable", value: e.parentExe, mono: true },
    { label: "Remote address", value: e.remoteAddress, mono: true, copy: true },
    { label: "Remote port", value: e.remotePort, mono: true },
    { label: "Remote name", value: e.remoteName, mono: true },
    { label: "Protocol", value: e.protocol, mono: true },
    { label: "Domain", value: e.domain, mono: true, copy: true },
    { label: "File", value: e.filePath, mono: true, copy: true },
    { label: "Action", value: e.action },
    { label: "Outcome", value: e.outcome },
    { label: "Policy", value: e.policyName, mono: true },
    { label: "Container", value: e.container, mono: true },
    { label: "Image", value: e.image, mono: true, copy: true },
  ];
}

/** Every typed column of the event that holds a value. */
export function EventFacts({ event }: { event: EventDetail }) {
  const facts = factsOf(event).filter((f) => f.value !== null && f.value !== "");
  return (
    <dl className="grid grid-cols-[minmax(7rem,auto)_1fr] gap-x-3 gap-y-1.5" data-testid="event-facts">
      {facts.map((f) => (
        <div key={f.label} className="contents">
          <dt className="text-zinc-500 dark:text-zinc-400">{f.label}</dt>
          <dd className="group/fact flex min-w-0 items-center gap-1">
            {f.time ? (
              <Time iso={String(f.value)} />
            ) : (
              <span className={`min-w-0 truncate ${f.mono ? "font-mono text-xs" : ""}`} title={String(f.value)}>
                {f.value}
              </span>
            )}
            {f.copy && <CopyButton value={String(f.value)} label={`Copy ${f.label.toLowerCase()}`} className="invisible group-hover/fact:visible focus:visible" />}
          </dd>
        </div>
      ))}
    </dl>
  );
}
