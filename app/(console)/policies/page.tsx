import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page-auth";
import { NotBuilt } from "@/components/ui/not-built";

export const metadata: Metadata = { title: "Policies" };

export default async function PoliciesPage() {
  await requirePageUser();
  return <NotBuilt title="Policies" description="Network policies by scope (global, repository, workflow, cluster, namespace) with validated rule forms, and one-click blocking from events, arrive with the response issue." />;
}
