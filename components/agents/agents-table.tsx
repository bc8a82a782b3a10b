import Link from "next/link";
import type { AgentListItem } from "@/lib/agents/queries";
import { eventsHref, parseSearchParams } from "@/lib/events/search-params";
import { Time } from "@/components/ui/time";

const KIND_LABEL: Record<string, string> = { github: "CI/CD", kubernetes: "Kubernetes", standalone: "Host" };

/** The agent's events over the last 30 days, newest first. */
function agentEventsHref(name: string): string {
  return eventsHref({ ...parseSearchParams(new URLSearchParams("range=30d")), include: [{ field: "agent", value: name }] });
}

export function AgentsTable({ agents, eventsSince }: { agents: AgentListItem[]; eventsSince: string }) {
  if (agents.length === 0) {
    return (
      <div className="rounded-lg border border-dashed border-zinc-300 p-8 text-center text-zinc-500 dark:border-zinc-700 dark:text-zinc-400" data-testid="no-agents">
        No agent has sent events yet. Create an agent token with <code className="font-mono">npm run vigil -- agent-token create --tenant …</code> and
        point an agent at <code className="font-mono">/api/v1/ingest/&#123;format&#125;</code>.
      </div>
    );
  }
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <table className="w-full text-left" data-testid="agents-table">
        <thead className="border-b border-zinc-200 text-xs uppercase text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
          <tr>
            <th className="px-3 py-2 font-medium">Agent</th>
            <th className="px-3 py-2 font-medium">Kind</th>
            <th className="px-3 py-2 font-medium">Where</th>
            <th className="px-3 py-2 font-medium">Source</th>
            <th className="whitespace-nowrap px-3 py-2 text-right font-medium" title={`Events that occurred since ${eventsSince.slice(0, 16).replace("T", " ")} UTC`}>
              Events, 24 h
            </th>
            <th className="px-3 py-2 font-medium">First seen</th>
            <th className="px-3 py-2 font-medium">Last seen</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {agents.map((a) => (
            <tr key={a.id} className="hover:bg-zinc-50 dark:hover:bg-zinc-800/50">
              <td className="max-w-[16rem] truncate px-3 py-1.5 font-medium" title={a.name}>
                <Link href={agentEventsHref(a.name)} className="hover:underline" aria-label={`Events of ${a.name}`}>
                  {a.name}
                </Link>
                {a.version && <span className="ml-2 text-xs text-zinc-500">v{a.version.replace(/^v/, "")}</span>}
              </td>
              <td className="px-3 py-1.5">{KIND_LABEL[a.kind] ?? a.kind}</td>
              <td className="max-w-[17rem] truncate px-3 py-1.5 font-mono text-xs" title={a.where}>
                {a.where || "—"}
              </td>
              <td className="px-3 py-1.5 font-mono text-xs">{a.sourceFormat}</td>
              <td className="px-3 py-1.5 text-right text-xs tabular-nums" data-testid="agent-recent-events">
                {a.recentEvents === 0 ? <span className="text-zinc-400 dark:text-zinc-600">0</span> : a.recentEvents.toLocaleString("en")}
              </td>
              <td className="whitespace-nowrap px-3 py-1.5 text-xs"><Time iso={a.firstSeenAt} /></td>
              <td className="whitespace-nowrap px-3 py-1.5 text-xs"><Time iso={a.lastSeenAt} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
