import type { Metadata } from "next";
import { listAgents } from "@/lib/agents/queries";
import { requirePageUser } from "@/lib/auth/page-auth";
import { contextOf } from "@/lib/auth/session";
import { AgentsTable } from "@/components/agents/agents-table";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Agents" };

export default async function AgentsPage() {
  const user = await requirePageUser();
  const agents = await listAgents({ ctx: contextOf(user) });
  return (
    <>
      <PageHeader title="Agents" subtitle="Sensors that sent events to this tenant, most recently seen first." />
      <AgentsTable agents={agents} />
    </>
  );
}
