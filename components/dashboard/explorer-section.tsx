import { AppError } from "@/lib/errors";
import type { ExplorerState } from "@/lib/dashboard/explorer-params";
import type { DashboardWindow, ExplorerResult } from "@/lib/dashboard/types";
import { GroupExplorer, type ExplorerInitial } from "./group-explorer";
import { Section, settle } from "./section";

/** The group-by explorer over the dashboard's window: the tree the URL asks for, rendered with the page; later choices load in the browser. */
export async function ExplorerSection({ tree, state, window, tenantId }: { tree: Promise<ExplorerResult>; state: ExplorerState; window: DashboardWindow; tenantId: string }) {
  const result = await settle(tree);
  const initial: ExplorerInitial = result.ok
    ? { state, result: result.value }
    : { state, error: result.error instanceof AppError ? result.error.message : "The database did not answer; try again." };
  return (
    <Section title="Group-by explorer" id="explorer">
      {/* A navigation to another choice (a link, not the explorer's own controls) starts it afresh. */}
      <GroupExplorer key={`${state.by.join(",")}:${state.limit}`} tenantId={tenantId} window={window} initial={initial} />
    </Section>
  );
}
