import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page-auth";
import { NotBuilt } from "@/components/ui/not-built";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  await requirePageUser();
  return <NotBuilt title="Dashboard" description="Statistics over up to three group-by fields and named time ranges, drawn with charts for managers, arrive with the reporting issue." />;
}
