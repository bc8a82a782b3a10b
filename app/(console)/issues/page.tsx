import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page-auth";
import { NotBuilt } from "@/components/ui/not-built";

export const metadata: Metadata = { title: "Issues" };

export default async function IssuesPage() {
  await requirePageUser();
  return <NotBuilt title="Issues" description="Issues group related events by type, agent and destination within a time window, and carry the Argus-style assessment (false positive, acknowledged, follow-up…). They arrive with the triage issue." />;
}
