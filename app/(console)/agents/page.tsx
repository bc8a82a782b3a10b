import type { Metadata } from "next";
import { listAgents } from "@/lib/agents/queries";
import { requirePageUser } from "@/lib/auth/page-auth";
import { contextOf } from "@/lib/auth/session";
import { AgentsTable } from "@/components/agents/agents-table";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Agents" };

export default async function AgentsPage() {
  const user = await requirePageUser();
  const { agents, total, eventsSince } = await listAgents({ ctx: contextOf(user) });
  const shown = agents.length < total ? `the ${agents.length.toLocaleString("en")} most recently seen of ${total.toLocaleString("en")}` : `${total.toLocaleString("en")} ${total === 1 ? "agent" : "agents"}, most recently seen first`;
  return (
    <>
      <PageHeader title="Agents" subtitle={`Sensors that sent events to this tenant: ${shown}. A name opens its events.`} />
      <AgentsTable agents={agents} eventsSince={eventsSince} />
    </>
  );
}
