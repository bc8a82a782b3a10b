import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page-auth";
import { NotBuilt } from "@/components/ui/not-built";

export const metadata: Metadata = { title: "Rules" };

export default async function RulesPage() {
  await requirePageUser();
  return <NotBuilt title="Rules" description="CEL detection rules evaluated at ingest arrive with the rules issue." />;
}
