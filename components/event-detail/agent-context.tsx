import type { EventDetail } from "@/lib/events/event-detail-types";

interface Part {
  label: string;
  value: string;
  href?: string;
}

/** Where the event happened, as the source told it: host, Kubernetes or CI/CD run. */
export function contextParts(e: EventDetail): Part[] {
  const a = e.agent;
  const pick = (own: string | null, fromAgent: string | null | undefined) => own ?? fromAgent ?? null;
  const parts: (Part | null)[] = [];
  const add = (label: string, value: string | null | undefined, href?: string) => parts.push(value ? { label, value, href } : null);
  const repository = pick(e.repository, a?.repository);
  const cluster = pick(e.cluster, a?.cluster);
  if (repository) {
    const runId = a?.runId ?? null;
    const runHref = runId && /^\d+$/.test(runId) && /^[\w.-]+\/[\w.-]+$/.test(repository) ? `https://github.com/${repository}/actions/runs/${runId}` : undefined;
    add("repository", repository);
    add("workflow", pick(e.workflow, a?.workflow));
    add("job", a?.job);
    add("run", runId, runHref);
  }
  if (cluster || e.namespace || e.pod) {
    add("cluster", cluster);
    add("namespace", pick(e.namespace, a?.namespace));
    add("pod", pick(e.pod, a?.pod));
    add("container", pick(e.container, a?.container));
    add("node", pick(e.node, a?.node));
  }
  if (!repository && !cluster) add("host", pick(e.hostname, a?.hostname));
  else if (e.hostname && e.hostname !== e.node) add("host", e.hostname);
  add("image", pick(e.image, a?.image));
  if (a && (a.os || a.arch)) add("platform", [a.os, a.arch].filter(Boolean).join(" / "));
  return parts.filter((p): p is Part => p !== null);
}

const KIND_LABEL: Record<string, string> = { github: "CI/CD run", kubernetes: "Kubernetes", standalone: "Host" };

export function AgentContext({ event }: { event: EventDetail }) {
  const parts = contextParts(event);
  return (
    <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1" data-testid="agent-context">
      <span>
        <span className="text-zinc-500 dark:text-zinc-400">Agent </span>
        <span className="font-medium">{event.agent?.name ?? "unknown"}</span>
        {event.agent && (
          <span className="ml-1 text-xs text-zinc-500 dark:text-zinc-400">
            ({KIND_LABEL[event.agent.kind] ?? event.agent.kind}
            {event.agent.version ? `, v${event.agent.version.replace(/^v/, "")}` : ""})
          </span>
        )}
      </span>
      {parts.map((p) => (
        <span key={p.label} className="min-w-0">
          <span className="text-zinc-500 dark:text-zinc-400">{p.label} </span>
          {p.href ? (
            <a href={p.href} target="_blank" rel="noreferrer" className="font-mono text-xs text-emerald-700 hover:underline dark:text-emerald-400">
              {p.value}
            </a>
          ) : (
            <span className="font-mono text-xs" title={p.value}>
              {p.value}
            </span>
          )}
        </span>
      ))}
    </div>
  );
}
