import type { Verdict } from "@/lib/events/dns-chain";
import type { EventDetail } from "@/lib/events/event-detail-types";
import type { PolicyVerdict } from "@/lib/policies/verdict";
import { policyChipText, policyTone } from "@/components/block/policy-tone";
import { Time } from "@/components/ui/time";
import { AgentContext } from "./agent-context";
import { Chip } from "./chip";
import { SeverityBadge } from "./severity-badge";

const KIND_LABEL: Record<string, string> = { flows: "Flow", detections: "Detection", infos: "Info", netpolicy: "Network policy" };

interface Props {
  event: EventDetail;
  /** What the agent reported. */
  verdict: Verdict;
  /** What Vigil's policies say now; null when no rule matches. */
  policy?: PolicyVerdict | null;
  /** Buttons at the right of the title row (Block destination). */
  actions?: React.ReactNode;
}

export function EventHeader({ event, verdict, policy = null, actions }: Props) {
  return (
    <header className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900" data-testid="event-header">
      <div className="flex flex-wrap items-center gap-2">
        <SeverityBadge severity={event.severity} />
        <h1 className="font-mono text-lg font-semibold">{event.type}</h1>
        <span className="text-zinc-500 dark:text-zinc-400">{KIND_LABEL[event.kind] ?? event.kind}</span>
        {verdict.decision !== "allowed" && (
          <Chip tone={verdict.decision === "blocked" ? "danger" : "warning"} title={`Agent reported: ${verdict.reason}`}>
            {verdict.decision}
          </Chip>
        )}
        {policy && (
          <a href="#dns-chain-title" className="rounded hover:opacity-80" data-testid="header-policy-verdict">
            <Chip tone={policyTone(policy)} title={`Policy now: ${policy.text}`}>
              {policyChipText(policy)}
            </Chip>
          </a>
        )}
        <span className="ml-auto font-mono text-xs text-zinc-500 dark:text-zinc-400">#{event.id}</span>
        {actions}
      </div>
      {event.title && event.title !== event.type && <p className="mt-1 text-base">{event.title}</p>}
      <div className="mt-3 flex flex-wrap items-baseline gap-x-4 gap-y-1">
        <span>
          <span className="text-zinc-500 dark:text-zinc-400">Occurred </span>
          <Time iso={event.occurredAt} />
        </span>
        <span>
          <span className="text-zinc-500 dark:text-zinc-400">Source </span>
          <span className="font-mono text-xs">{event.sourceFormat}</span>
        </span>
        {event.updatedAt !== event.receivedAt && (
          <span className="text-xs text-zinc-500 dark:text-zinc-400">
            updated <Time iso={event.updatedAt} />
          </span>
        )}
      </div>
      <div className="mt-2">
        <AgentContext event={event} />
      </div>
      {event.flags.length > 0 && (
        <ul className="mt-3 flex flex-wrap gap-1" aria-label="Flags">
          {event.flags.map((f) => (
            <li key={f}>
              <Chip mono tone={f === "blocked" ? "danger" : "neutral"}>
                {f}
              </Chip>
            </li>
          ))}
        </ul>
      )}
    </header>
  );
}
